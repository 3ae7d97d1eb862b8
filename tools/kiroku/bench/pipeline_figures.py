"""`make site` figures: each step cold and warm, after one label, peak memory, and `serve`'s delay."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiroku.bench.figures import Figure, cheaper, user_environment
from kiroku.bench.synth import SynthSpec, write_raw_batches
from kiroku.commands.site import STEPS as SITE_STEPS
from kiroku.errors import KirokuError
from kiroku.project import Project

MAKE_SITE: tuple[tuple[str, ...], ...] = (("site",),)
"""The `kiroku` commands of the Makefile's `site` recipe (a test keeps the two equal)."""
STEPS: tuple[tuple[str, ...], ...] = tuple(
    (name, "--incremental") if name == "build" else (name,) for name in SITE_STEPS
)
"""The commands `kiroku site` runs, each timed alone in its own process (its own peak memory)."""
UNITS = 20
"""Trials per synthetic batch by default, as in the issue's measurements."""
JUDGED_AT = 1000
"""The archive size at which the time targets are stated."""
MEMORY_JUDGED = ("sync", "analyse", "check", "build")
"""Steps whose peak memory must stay flat: every step of `make site` (the issue's target)."""
SERVE_REPEATS = 3
LABEL = "ends-in-n"


@dataclass(frozen=True)
class Run:
    """One command in a fresh process: CPU seconds (steadier than wall time on a busy
    machine), wall seconds and its own peak resident memory in bytes."""

    cpu: float
    wall: float
    peak: int


def run_kiroku(root: Path, *args: str) -> Run:
    """`kiroku --root ROOT ARGS` in a fresh process; raises with its stderr if it fails."""
    probe = root / ".bench-peak"
    env = user_environment()
    command = [sys.executable, "-m", "kiroku.bench.measured", str(probe), "--root", str(root)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([*command, *args], cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise KirokuError(f"bench: kiroku {' '.join(args)[:60]} failed: {result.stderr[-600:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = int(probe.read_text(encoding="utf-8")) * 1024
    probe.unlink()
    return Run(cpu, wall, peak)


def steps(root: Path) -> dict[str, Run]:
    """Every step of `make site`, in order, each in its own process."""
    return {step[0]: run_kiroku(root, *step) for step in STEPS}


def make_site(root: Path) -> Run:
    """`make site`'s commands, in order, each in its own process."""
    return total({step[0]: run_kiroku(root, *step) for step in MAKE_SITE})


def total(runs: dict[str, Run]) -> Run:
    return Run(
        sum(r.cpu for r in runs.values()),
        sum(r.wall for r in runs.values()),
        max(r.peak for r in runs.values()),
    )


def add_label(root: Path, position: int) -> tuple[str, str]:
    """Label one trial as the terminal app saves a label; (log id, anchor)."""
    from kiroku.schema import BatchLog, Label
    from kiroku.storage import load, save

    paths = list(Project(root).log_paths())
    path = paths[position % len(paths)]
    loaded = load(path)
    doc = loaded.doc
    if not isinstance(doc, BatchLog):
        raise KirokuError("bench: the synthetic pipeline archive holds batches only", path)
    trial = doc.trials[position % len(doc.trials)]
    trial.labels.append(Label(id=LABEL, by="bench", at=datetime.now(UTC).replace(microsecond=0)))
    save(doc, path, expect_sha256=loaded.sha256)
    return doc.id, f"trial-{trial.trial}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, timeout: float = 90) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


_LIVERELOAD = re.compile(r"livereload\((\d+), (\d+)\)")


def serve_delays(root: Path, progress: Callable[[str], None]) -> list[float]:
    """Seconds from a label's save to the reload of the page showing it in `kiroku serve`.

    A browser viewing the page long-polls `/livereload/EPOCH/ID` (MkDocs' livereload
    script) and reloads when the server answers with a newer epoch; this does the same,
    then loads the page and checks that the label is on it."""
    port = _free_port()
    env = user_environment()
    server = subprocess.Popen(
        [sys.executable, "-m", "kiroku", "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    delays = []
    try:
        progress("pipeline: kiroku serve's first build")
        deadline = time.monotonic() + 3600
        while True:
            try:
                _get(base + "/", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise KirokuError("bench: kiroku serve did not start") from None
                time.sleep(0.5)
        for repeat in range(SERVE_REPEATS):
            position = 7919 * (repeat + 3)
            log_id, anchor = _next_unlabelled(root, position)
            url = f"{base}/logs/{log_id}/"
            page = _get(url)
            start = time.perf_counter()
            add_label(root, position)
            while f'data-label="{LABEL}"' not in _unit_html(page, anchor):
                page = _reloaded(base, url, page)
                if time.perf_counter() - start > 600:
                    raise KirokuError(f"bench: kiroku serve never showed the label on {log_id}")
            delays.append(time.perf_counter() - start)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return delays


def _reloaded(base: str, url: str, page: str) -> str:
    """The page again, once the server tells its livereload script to reload it."""
    found = _LIVERELOAD.search(page)
    if found is None:
        raise KirokuError("bench: the served page has no livereload script")
    epoch, request = found.groups()
    while int(_get(f"{base}/livereload/{epoch}/{request}")) <= int(epoch):
        pass
    return _get(url)


def _next_unlabelled(root: Path, position: int) -> tuple[str, str]:
    from kiroku.storage import load

    paths = list(Project(root).log_paths())
    doc = load(paths[position % len(paths)]).doc
    return doc.id, f"trial-{doc.units()[position % len(doc.units())].trial}"  # type: ignore[attr-defined]


def _unit_html(page: str, anchor: str) -> str:
    """The part of a page from the unit's anchor to the next unit's."""
    start = page.find(f'id="{anchor}"')
    if start < 0:
        return ""
    end = page.find('id="trial-', start + len(anchor) + 5)
    return page[start : end if end > 0 else len(page)]


@dataclass
class SizeRuns:
    size: int
    imported: Run
    cold: dict[str, Run]
    """Each step alone, in its own process (as are `warm` and `labelled`)."""
    warm: dict[str, Run]
    labelled: dict[str, Run]
    build_after_label: Run
    serve: list[float]
    make_cold: Run
    """`make site` as the Makefile runs it, on a copy of the same imported archive."""
    make_warm: Run
    make_labelled: Run
    trials: int = UNITS


def run_size(
    folder: Path,
    size: int,
    seed: int,
    serve: bool,
    progress: Callable[[str], None],
    trials: int = UNITS,
) -> SizeRuns:
    root = folder / "project"
    (root / "archive").mkdir(parents=True)
    (root / "logs").mkdir()
    progress(f"pipeline: writing {size:,} synthetic raw batches")
    files = write_raw_batches(folder / "incoming", SynthSpec(size, trials, seed))
    progress(f"pipeline: importing {size:,} batches")
    imported = run_kiroku(root, "import", "--into", "synth", *map(str, files))
    whole = folder / "make-site"
    shutil.copytree(root, whole, symlinks=True)
    progress(f"pipeline: each step, cold, {size:,} logs")
    cold = steps(root)
    progress(f"pipeline: each step, nothing changed, {size:,} logs")
    warm = steps(root)
    progress(f"pipeline: each step after one label, {size:,} logs")
    add_label(root, 1)
    labelled = steps(root)
    add_label(root, 2)
    build_after_label = run_kiroku(root, "build", "--incremental")
    delays = serve_delays(root, progress) if serve else []
    progress(f"pipeline: make site, cold, {size:,} logs")
    make_cold = make_site(whole)
    progress(f"pipeline: make site, nothing changed, {size:,} logs")
    make_warm = make_site(whole)
    progress(f"pipeline: make site after one label, {size:,} logs")
    add_label(whole, 1)
    make_labelled = make_site(whole)
    return SizeRuns(
        size,
        imported,
        cold,
        warm,
        labelled,
        build_after_label,
        delays,
        make_cold,
        make_warm,
        make_labelled,
        trials,
    )


def _judged(target: float, size: int) -> float | None:
    return target if size >= JUDGED_AT else None


def _note(note: str, size: int) -> str:
    if size >= JUDGED_AT:
        return note
    return f"{note}; for information: the target is at {JUDGED_AT:,} documents"


def size_figures(runs: SizeRuns) -> list[Figure]:
    n = f"{runs.size:,} batches of {runs.trials}"
    cold, warm, labelled = runs.make_cold, runs.make_warm, runs.make_labelled
    figures = [Figure(f"pipeline: import, {n}", runs.imported.cpu, "s", note="CPU time")]
    for step, run in runs.cold.items():
        again = runs.warm[step]
        figures.append(Figure(f"pipeline: {step} cold, {n}", run.cpu, "s", note="CPU time"))
        figures.append(
            cheaper(
                f"pipeline: {step} again, nothing changed, {n}",
                again.cpu,
                run.cpu,
                f"{step} cold",
                None,
                "CPU time",
            )
        )
        figures.append(
            cheaper(
                f"pipeline: {step} after one label, {n}",
                runs.labelled[step].cpu,
                run.cpu,
                f"{step} cold",
                None,
                "CPU time",
            )
        )
    figures.append(
        cheaper(
            f"pipeline: first analyse of the imported archive, {n}",
            runs.cold["analyse"].cpu,
            runs.imported.cpu,
            "its import",
            _judged(1.0, runs.size),
            _note("CPU time", runs.size),
        )
    )
    figures.append(
        Figure(
            f"pipeline: make site cold, {n}",
            cold.cpu,
            "s",
            note=f"CPU time; wall {cold.wall:.0f} s",
        )
    )
    figures.append(
        cheaper(
            f"pipeline: make site after one label, {n}",
            labelled.cpu,
            cold.cpu,
            "make site cold",
            _judged(1 / 20, runs.size),
            _note(f"CPU time; wall {labelled.wall:.1f} s", runs.size),
        )
    )
    figures.append(
        cheaper(
            f"pipeline: make site after one label, against the build alone, {n}",
            labelled.cpu,
            runs.build_after_label.cpu,
            "build --incremental, one label",
            _judged(2.0, runs.size),
            _note("CPU time", runs.size),
        )
    )
    figures.append(
        cheaper(
            f"pipeline: make site, nothing changed, {n}",
            warm.cpu,
            cold.cpu,
            "make site cold",
            _judged(1 / 30, runs.size),
            _note(f"CPU time; wall {warm.wall:.1f} s", runs.size),
        )
    )
    for step in runs.cold:
        peak = max(runs.cold[step].peak, runs.warm[step].peak, runs.labelled[step].peak)
        figures.append(Figure(f"pipeline: peak memory of {step}, {n}", peak, "B"))
    peak = max(cold.peak, warm.peak, labelled.peak)
    figures.append(Figure(f"pipeline: peak memory of make site, {n}", peak, "B"))
    if runs.serve:
        delay = statistics.median(runs.serve)
        figures.append(
            cheaper(
                f"pipeline: serve, a label saved to the page reloaded, {n}",
                delay,
                runs.build_after_label.wall,
                "build --incremental, one label (wall)",
                _judged(2.0, runs.size),
                _note(
                    f"wall time, median of {len(runs.serve)}: "
                    + ", ".join(f"{d:.2f}" for d in runs.serve),
                    runs.size,
                ),
            )
        )
    return figures


def memory_figures(small: SizeRuns, large: SizeRuns) -> list[Figure]:
    figures = []
    for step in small.cold:

        def peak(runs: SizeRuns, step: str = step) -> int:
            return max(runs.cold[step].peak, runs.warm[step].peak, runs.labelled[step].peak)

        judged = step in MEMORY_JUDGED
        ratio = peak(large) / peak(small)
        figures.append(
            Figure(
                f"pipeline: peak memory of {step}, {large.size:,} against {small.size:,}",
                peak(large),
                "B",
                reference=peak(small),
                reference_name=f"at {small.size:,}",
                target="≤1.5×" if judged else "",
                passed=ratio <= 1.5 if judged else None,
                ratio=ratio,
                note="" if judged else "for information",
            )
        )
    return figures


def pipeline_figures(
    folder: Path,
    sizes: tuple[int, ...],
    seed: int,
    progress: Callable[[str], None] = lambda message: None,
    report: Callable[[list[Figure]], None] = lambda figures: None,
    trials: int = UNITS,
) -> list[Figure]:
    """Import a synthetic archive of each size, run `make site` cold, again, and after one
    label, then (at the size nearest 1,000) time `kiroku serve` from a save to the reload.
    Every size has batches of `trials` trials (the same shape, so peak memories compare).
    Each size's figures go to `report` as soon as they are measured."""
    sizes = tuple(sorted(set(sizes)))
    served = min(sizes, key=lambda size: abs(size - JUDGED_AT))
    figures: list[Figure] = []
    runs = []
    for size in sizes:
        measured = run_size(
            folder / f"pipeline-{size}", size, seed, size == served, progress, trials
        )
        runs.append(measured)
        new = size_figures(measured)
        if measured is runs[-1] and len(runs) > 1:
            new += memory_figures(runs[0], runs[-1])
        report(new)
        figures += new
        shutil.rmtree(folder / f"pipeline-{size}", ignore_errors=True)
    return figures
