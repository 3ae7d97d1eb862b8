"""Benchmark (not a unit test): peak memory of importing a 50 MB ChatGPT/Claude export.

Run: `.venv/bin/python tests/bench/bench_export_memory.py [--mb 50]`. Each measurement runs in
a fresh subprocess and reports the Python heap peak (tracemalloc) and the process's peak RSS
growth over its baseline, next to the file size. The streaming importers should keep both far
below the size of the file; `json.load` of the same file is shown for comparison.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MEASURE = r"""
import json, resource, sys, time, tracemalloc
from pathlib import Path
from kiroku.importers import chatgpt_export, claude_export
from kiroku.importers.base import RawInput

mode, path = sys.argv[1], Path(sys.argv[2])
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
start = time.perf_counter()
count = turns = 0
if mode == "json.load":
    with path.open("rb") as stream:
        count = len(json.load(stream))
else:
    importer = chatgpt_export if mode == "chatgpt" else claude_export
    raw = RawInput(path=path, archive_path="archive/" + path.name, data=b"", sha256="0" * 64)
    for doc in importer.iter_documents(raw):
        count += 1
        turns += len(doc.units())
seconds = time.perf_counter() - start
_, peak = tracemalloc.get_traced_memory()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
print(json.dumps({"count": count, "turns": turns, "peak": peak, "rss_kb": rss, "s": seconds}))
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


def measure(mode: str, path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the synthetic export")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for service in ("chatgpt", "claude"):
            path = Path(folder) / f"{service}-conversations.json"
            conversations = write_export(path, service, args.mb)
            size = path.stat().st_size
            zipped = Path(folder) / f"{service}-export.zip"
            with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(path, "conversations.json")
            print(f"{service}: {size / 1e6:.1f} MB, {conversations} conversations")
            for mode, target in ((service, path), (service, zipped), ("json.load", path)):
                result = measure(mode, target)
                label = f"{mode} ({target.suffix[1:]})"
                print(
                    f"  {label:22} peak heap {result['peak'] / 1e6:7.1f} MB "
                    f"({result['peak'] / size:5.1%} of file)  "
                    f"peak RSS growth {result['rss_kb'] / 1e3:7.1f} MB  "
                    f"{result['s']:5.1f} s  {result['count']} conversations"
                )


if __name__ == "__main__":
    main()
