"""Terminal-app figures: opening a long log in the annotator, and its save of one label."""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiroku import storage
from kiroku.bench.figures import Figure, cheaper, seconds
from kiroku.bench.storage_figures import write_big_log
from kiroku.project import Project
from kiroku.schema import Label

if TYPE_CHECKING:
    from textual.app import App

    from kiroku.tui.screens.log import LogScreen


@dataclass(frozen=True)
class OpenTimes:
    """Seconds from starting the annotator on a long log until each stage a person notices."""

    painted: float
    """The log screen has drawn its first screenful: the person can read and press keys."""
    key: float
    """How long the first `j` took to move the cursor while the rest is still being laid out."""
    laid_out: float
    """Every turn wrapped: the scrollbar is exact (work done in the background)."""
    key_while_saving: float
    """The slowest `j` pressed while a label was being written in the background."""

    @property
    def answered(self) -> float:
        """Start to the first key answered, that key pressed as soon as the log was drawn."""
        return self.painted + self.key


async def _until(done: Callable[[], bool], step: float = 0.001, limit: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not done():
        if loop.time() > deadline:
            raise TimeoutError("the terminal app did not get there in time")
        await asyncio.sleep(step)


async def _press_j(app: App[None], screen: LogScreen) -> float:
    """Seconds from `j` reaching the app's driver to the cursor on the next unit."""
    from textual import events

    before, pressed = screen.position, time.perf_counter()
    key = events.Key("j", "j")
    key.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(key)
    await _until(lambda: screen.position != before)
    return time.perf_counter() - pressed


async def _open_times(project: Project, path: Path) -> OpenTimes:
    """Drive the app as a terminal would: keys go through its driver, nothing waits for idle."""
    from kiroku.tui.app import AnnotateApp
    from kiroku.tui.screens.log import LogScreen
    from kiroku.tui.widgets.conversation import Conversation

    start = time.perf_counter()
    app = AnnotateApp(project, who="bench", open_path=path)
    async with app.run_test(size=(120, 40)):
        await _until(lambda: isinstance(app.screen, LogScreen))
        screen = app.screen
        assert isinstance(screen, LogScreen)
        await _until(lambda: bool(screen.query(Conversation)))
        view = screen.query_one(Conversation)
        await _until(lambda: view.painted)
        painted = time.perf_counter() - start
        answered = await _press_j(app, screen)
        await _until(lambda: view.laid_out, step=0.01)
        laid_out = time.perf_counter() - start
        screen.toggle_label("ends-in-n")
        await _until(lambda: screen.saving)
        while_saving = 0.0
        while screen.saving:
            while_saving = max(while_saving, await _press_j(app, screen))
        await _until(lambda: not screen.dirty)
    return OpenTimes(painted, answered, laid_out, while_saving)


def _fresh_open(project: Project, path: Path) -> OpenTimes:
    """One opening, after the previous run's garbage is gone (the app starts in a new process)."""
    gc.collect()
    return asyncio.run(_open_times(project, path))


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
    runs = [_fresh_open(project, path) for _ in range(max(repeat, 3))]
    opened = min(run.answered for run in runs)
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
            "app start to first screenful drawn and a `j` pressed then answered",
        ),
        Figure(
            f"terminal app: first screenful drawn, {size}",
            min(run.painted for run in runs),
            "s",
            note="app start",
        ),
        Figure(
            f"terminal app: first key while laying out a {size}",
            max(run.key for run in runs),
            "s",
            note="`j` to cursor moved, slowest run",
        ),
        Figure(
            f"terminal app: every turn laid out, {size}",
            min(run.laid_out for run in runs),
            "s",
            note="app start; in the background after the first screenful",
        ),
        Figure(
            f"terminal app: key while saving a label, {size}",
            max(run.key_while_saving for run in runs),
            "s",
            note="slowest `j` during the background save",
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
