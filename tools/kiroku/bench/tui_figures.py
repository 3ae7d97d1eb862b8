"""Terminal-app figures: opening a long log in the annotator, and its save of one label."""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from kiroku import storage
from kiroku.bench.figures import Figure, cheaper, seconds
from kiroku.bench.storage_figures import write_big_log
from kiroku.project import Project
from kiroku.schema import Label


async def _open_seconds(project: Project, path: Path) -> float:
    """From starting the app on `path` until its log screen is shown and idle."""
    from kiroku.tui.app import AnnotateApp
    from kiroku.tui.screens.log import LogScreen

    start = time.perf_counter()
    app = AnnotateApp(project, who="bench", open_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, LogScreen):
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
        await pilot.pause()
        elapsed = time.perf_counter() - start
    return elapsed


def tui_figures(folder: Path, turns: int, repeat: int) -> list[Figure]:
    try:
        from kiroku.tui.data.workspace import Workspace
    except ImportError:
        return [Figure("terminal app", 0, "", note="kiroku.tui not installed: not measured")]
    project = Project(folder)
    path = write_big_log(project, turns)
    text = path.read_text(encoding="utf-8")
    rt_load = seconds(lambda: storage.parse_yaml(text, path), repeat)
    tree = storage.parse_yaml(text, path)
    rt_dump = seconds(lambda: storage.dump_yaml(tree), 1)
    storage.load(path)
    opened = min(asyncio.run(_open_seconds(project, path)) for _ in range(repeat))
    workspace = Workspace(project)
    loaded = workspace.open(path)
    sha, units, times = loaded.sha256, loaded.doc.units(), []
    for number in range(max(5, repeat * 3)):
        units[(number * 997) % len(units)].labels.append(
            Label(id="ends-in-n", by="bench", at=datetime(2026, 4, 20, tzinfo=UTC))
        )
        start = time.perf_counter()
        sha = workspace.save(loaded.doc, path, sha)
        times.append(time.perf_counter() - start)
    size = f"{turns:,}-turn log"
    return [
        cheaper(
            f"terminal app: open a {size}",
            opened,
            rt_load,
            "ruamel load",
            1 / 6,
            "app start to log screen idle",
        ),
        cheaper(
            f"terminal app: save one label, {size}",
            statistics.median(times),
            rt_dump,
            "ruamel dump",
            1 / 40,
            "Workspace.save, median",
        ),
    ]
