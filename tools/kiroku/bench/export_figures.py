"""Export figures: `kiroku export` of a synthetic archive, time and peak memory, log by log,
against `json.dump` of the same documents loaded into one list."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kiroku import jsonio, storage
from kiroku.bench.figures import Figure, cheaper
from kiroku.bench.synth import SynthSpec, synth_documents
from kiroku.project import Project
from kiroku.schema import to_data

FLAT_AT = 10_000
"""The archive size the flat-memory target is stated for (against the smallest size run)."""

MEASURE = r"""
import json, resource, sys, time
from pathlib import Path

import kiroku.dataset.export, kiroku.dataset.card, kiroku.analysis.stats, kiroku.site.cite
import pyarrow.parquet
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import to_data


def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return None


mode, root, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
project = Project(root)
try:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    baseline = status("VmRSS")
except OSError:
    baseline = None
if baseline is None:
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
start = time.perf_counter()
if mode == "export":
    kiroku.dataset.export.export_archive(project, out, "parquet")
else:
    docs = [storage.load(path).doc for path in project.log_paths()]
    with out.open("w", encoding="utf-8") as stream:
        json.dump([to_data(doc) for doc in docs], stream, ensure_ascii=False)
seconds = time.perf_counter() - start
high = status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"s": seconds, "rss": high - baseline}))
"""


def write_archive_fast(project: Project, spec: SynthSpec) -> int:
    """The synthetic logs with their JSON cache, as any earlier command leaves them; the units.

    Each log is written as JSON (which is YAML, so `storage.load` reads it) and its cache entry
    beside it: a ruamel dump of 500,000 units would take minutes and measure nothing here.
    """
    project.archive_dir.mkdir(parents=True, exist_ok=True)
    project.logs_dir.mkdir(parents=True, exist_ok=True)
    units = 0
    for doc, _raw in synth_documents(spec):
        data = to_data(doc)
        raw = jsonio.encode(data)
        path = project.log_path(doc.id)
        path.write_bytes(raw)
        storage._write_cache(path, storage.sha256_bytes(raw), doc, data)
        units += len(doc.units())
    storage._SNAPSHOTS.clear()
    return units


def measure(mode: str, root: Path, out: Path) -> dict[str, float]:
    """Seconds and peak RSS growth of one run in a fresh process (Kiroku already imported)."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, str(root), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench export {mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def export_figures(folder: Path, sizes: tuple[int, ...], units: int, seed: int) -> list[Figure]:
    figures: list[Figure] = []
    peaks: dict[int, float] = {}
    for size in sizes:
        root = folder / f"archive-{size}"
        project = Project(root)
        total = write_archive_fast(project, SynthSpec(size, units, seed))
        exported = measure("export", root, folder / f"export-{size}")
        reference = measure("json.dump", root, folder / f"dump-{size}.json")
        label = f"{size:,} documents, {total:,} units"
        figures.append(
            cheaper(
                f"export: kiroku export (Parquet), {label}",
                exported["s"],
                reference["s"],
                "json.dump of them in one list",
                None,
                "each in a fresh process, reading the logs' JSON cache",
            )
        )
        ratio = exported["rss"] / reference["rss"] if reference["rss"] else float("inf")
        figures.append(
            Figure(
                f"export: peak memory, {label}",
                exported["rss"],
                "B",
                reference["rss"],
                "json.dump of them in one list",
                "≤1/4" if size >= FLAT_AT else "",
                ratio <= 0.25 if size >= FLAT_AT else None,
                ratio,
                "peak RSS growth",
            )
        )
        peaks[size] = exported["rss"]
        for path in (folder / f"dump-{size}.json",):
            path.unlink(missing_ok=True)
    smallest = min(peaks)
    for size, peak in peaks.items():
        if size >= FLAT_AT and size > smallest:
            growth = peak / peaks[smallest] if peaks[smallest] else float("inf")
            figures.append(
                Figure(
                    f"export: peak memory at {size:,} against {smallest:,} documents",
                    peak,
                    "B",
                    peaks[smallest],
                    f"at {smallest:,}",
                    "≤1.5×",
                    growth <= 1.5,
                    growth,
                    "flat: the export streams log by log",
                )
            )
    return figures
