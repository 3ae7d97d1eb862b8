"""Benchmark (not a unit test): peak memory of `kiroku import` of a 50 MB ChatGPT/Claude export.

Run: `.venv/bin/python tests/bench/bench_export_memory.py [--mb 50]`. Each measurement runs in
a fresh subprocess with Kiroku already imported, and reports the process's peak RSS growth
(Linux VmHWM, reset after start-up) and, with `--heap`, the Python heap peak (tracemalloc, in a
second run: it slows the import several times), next to the file size. Target (issue 8): the whole import, plain JSON or zip, peaks at no more
than a quarter of the file size; `json.load` of the same file is shown for comparison.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

TARGET = 0.25
"""Peak memory of the whole import, as a share of the export's size."""

MEASURE = r"""
import contextlib, io, json, os, resource, sys, time, tracemalloc
from pathlib import Path
import kiroku.cli, kiroku.commands.import_, kiroku.ingest, kiroku.storage
from kiroku.importers import chatgpt_export, claude_export
from kiroku.importers.base import RawInput


def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return None


mode, path, root, trace = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "1"
try:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    baseline = status("VmRSS")
except OSError:
    baseline = None
if baseline is None:
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
if trace:
    tracemalloc.start()
start = time.perf_counter()
count = turns = 0
if mode == "json.load":
    with path.open("rb") as stream:
        count = len(json.load(stream))
elif mode == "import":
    (root / "archive").mkdir(parents=True)
    (root / "logs").mkdir()
    with contextlib.redirect_stdout(io.StringIO()) as listing:
        kiroku.cli.cli.main(["--root", str(root), "import", str(path)], standalone_mode=False)
    count = sum(1 for _ in (root / "logs").glob("*.yaml"))
else:
    importer = chatgpt_export if mode == "chatgpt" else claude_export
    raw = RawInput(path=path, archive_path="archive/" + path.name)
    for doc in importer.iter_documents(raw):
        count += 1
        turns += len(doc.units())
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if trace else None
high = status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"count": count, "peak": peak, "rss": high - baseline, "s": seconds}))
"""


def chatgpt_conversation(number: int, turns: int, filler: str) -> dict:
    mapping: dict[str, dict] = {"root": {"id": "root", "message": None, "parent": None}}
    parent = "root"
    for turn in range(turns):
        node = f"c{number}-n{turn}"
        role = "user" if turn % 2 == 0 else "assistant"
        mapping[node] = {
            "id": node,
            "parent": parent,
            "message": {
                "id": node,
                "author": {"role": role, "name": None, "metadata": {}},
                "create_time": 1776643200 + number * 60 + turn,
                "content": {"content_type": "text", "parts": [f"しりとり {turn}: {filler}"]},
                "metadata": {"model_slug": "gpt-4o"} if role == "assistant" else {},
                "recipient": "all",
            },
        }
        mapping[parent]["children"] = [node]
        parent = node
    mapping[parent]["children"] = []
    return {
        "id": f"conv-{number}",
        "title": f"Game {number}",
        "create_time": 1776643200 + number * 60,
        "current_node": parent,
        "mapping": mapping,
    }


def claude_conversation(number: int, turns: int, filler: str) -> dict:
    messages = [
        {
            "uuid": f"c{number}-m{turn}",
            "sender": "human" if turn % 2 == 0 else "assistant",
            "text": f"しりとり {turn}: {filler}",
            "content": [{"type": "text", "text": f"しりとり {turn}: {filler}"}],
            "created_at": "2026-04-20T09:00:00Z",
        }
        for turn in range(turns)
    ]
    return {"uuid": f"conv-{number}", "name": f"Game {number}", "chat_messages": messages}


def write_export(path: Path, service: str, megabytes: float) -> int:
    """Write conversations one by one until the file reaches the size; returns their count."""
    make = chatgpt_conversation if service == "chatgpt" else claude_conversation
    filler = "りんご→ごりら→らっぱ→パンダ " * 8
    target = int(megabytes * 1_000_000)
    count = 0
    with path.open("w", encoding="utf-8") as stream:
        stream.write("[")
        while stream.tell() < target:
            if count:
                stream.write(",")
            json.dump(make(count, 20, filler), stream, ensure_ascii=False)
            count += 1
        stream.write("]")
    return count


def measure(mode: str, path: Path, folder: Path, trace: bool) -> dict:
    with tempfile.TemporaryDirectory(dir=folder) as root:
        output = subprocess.run(
            [
                sys.executable,
                "-c",
                MEASURE,
                mode,
                str(path),
                str(Path(root) / "p"),
                str(int(trace)),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(output)


def report(label: str, size: int, rss: dict, heap: dict | None, judged: bool) -> bool:
    """One line: peak memory beside the file size, their ratio, the target and the verdict."""
    worst = max(rss["rss"], heap["peak"] if heap else 0)
    ratio = worst / size
    verdict = ("pass" if ratio <= TARGET else "FAIL") if judged else "reference"
    traced = f"peak heap {heap['peak'] / 1e6:6.1f} MB  " if heap else ""
    print(
        f"  {label:22} file {size / 1e6:5.1f} MB  peak RSS growth {rss['rss'] / 1e6:6.1f} MB  "
        f"{traced}ratio {ratio:6.3f}  target <= {TARGET}  {verdict}  "
        f"({rss['s']:.1f} s, {rss['count']} logs)",
        flush=True,
    )
    return ratio <= TARGET or not judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the synthetic export")
    parser.add_argument(
        "--services", default="chatgpt,claude", help="which exports to measure (comma-separated)"
    )
    parser.add_argument("--heap", action="store_true", help="also measure the heap (slow)")
    args = parser.parse_args()
    passed = True
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for service in args.services.split(","):
            path = folder / f"{service}-conversations.json"
            conversations = write_export(path, service, args.mb)
            size = path.stat().st_size
            zipped = folder / f"{service}-export.zip"
            with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(path, "conversations.json")
            print(
                f"{service}: {size / 1e6:.1f} MB conversations.json, {conversations} conversations, "
                f"zip {zipped.stat().st_size / 1e6:.1f} MB",
                flush=True,
            )
            runs = (
                ("kiroku import (json)", "import", path, True),
                ("kiroku import (zip)", "import", zipped, True),
                ("importer only (json)", service, path, False),
                ("json.load (json)", "json.load", path, False),
            )
            for label, mode, target, judged in runs:
                rss = measure(mode, target, folder, trace=False)
                heap = measure(mode, target, folder, trace=True) if args.heap else None
                passed = report(label, size, rss, heap, judged) and passed
    print("bench: every target met" if passed else "bench: a target was missed")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
