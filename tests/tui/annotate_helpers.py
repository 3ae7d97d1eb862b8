"""Driving the annotator like a person, and waiting until what they did is on disk."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from kiroku import storage
from kiroku.schema import BatchLog, ChatLog
from kiroku.tui.app import AnnotateApp
from kiroku.tui.screens.log import LogScreen
from kiroku.tui.widgets import conversation
from kiroku.tui.widgets.conversation import Conversation
from kiroku.tui.widgets.unit_panel import UnitPanel
from pytest import MonkeyPatch
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

TUI_DATA = Path(__file__).resolve().parent.parent / "data" / "tui"
ANNOTATIONS_DATA = TUI_DATA.parent / "annotations"
"""Where `add_log` finds a log by its id: the annotator's fixtures, then the library's."""
FIXED_NOW = dt.datetime(2026, 4, 22, 12, 0, tzinfo=dt.UTC)
SIZE = (140, 40)
"""The wide terminal most tests drive the app in (80×24 is the narrow one)."""

AddLog = Callable[[str], Path]
"""The `add_log` fixture: copies a fixture log into the test project, returns its path there."""


@asynccontextmanager
async def opened(app: AnnotateApp, size: tuple[int, int] = SIZE) -> AsyncIterator[Pilot[None]]:
    """The app running in a terminal of `size`, once its first screen has settled."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot


async def settle(pilot: Pilot[None]) -> None:
    """Let background loading finish and the screen redraw until it stops changing.

    A table filled by a worker sizes its columns on a later refresh: under load a fixed number
    of pauses was seen to catch it between the two (columns cut to their first letters), so
    wait until every table's size has held still over several pauses (bounded)."""
    from kiroku.tui.screens.browse import BrowseScreen

    await pilot.app.workers.wait_for_complete()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while isinstance(pilot.app.screen, BrowseScreen) and not pilot.app.screen.listed:
        if loop.time() > deadline:
            raise AssertionError("the logs were not listed in time")
        await pilot.pause(0.02)  # the listing thread may not even have started yet
        await pilot.app.workers.wait_for_complete()
    previous: object = None
    steady = 0
    for _ in range(60):
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
        shape = [
            (table.row_count, table.virtual_size, tuple(c.width for c in table.columns.values()))
            for table in pilot.app.screen.query(DataTable)
        ]
        steady = steady + 1 if shape == previous else 0
        previous = shape
        if steady >= 3:
            break
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def saved(pilot: Pilot[None], timeout: float = 10.0) -> LogScreen:
    """Wait until every change of the open log is written (or a save failed)."""
    screen = pilot.app.screen
    assert isinstance(screen, LogScreen)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (screen.dirty and not screen.save_failed) or screen.save_pending:
        if loop.time() > deadline:
            raise AssertionError("the log was not saved in time")
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def screen_text(app: App[None]) -> str:
    """Every line the terminal shows now, as plain text (modal dialogs included)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def laid_out(pilot: Pilot[None], view: Conversation, monkeypatch: MonkeyPatch) -> None:
    """Let the background layout of a long log finish (larger steps than a person's session
    takes, bounded), then redraw."""
    monkeypatch.setattr(conversation, "REFINE_BUDGET", 0.05)
    for _ in range(200):
        if view.laid_out:
            break
        await pilot.pause(0.05)
    assert view.laid_out
    await pilot.pause()


def every_drawn_line(view: Conversation) -> list[str]:
    """Every line the conversation draws from top to bottom, scrolled through screen by screen."""
    drawn: dict[int, str] = {}
    height = view.scrollable_content_region.height
    for top in range(0, view.virtual_size.height, height):
        view.scroll_to(y=top, animate=False, immediate=True)
        for y in range(height):
            drawn[view.scroll_offset.y + y] = view.render_line(y).text
    return [drawn[y] for y in sorted(drawn)]


def on_disk(path: Path) -> ChatLog | BatchLog:
    """The log as its file holds it now (never a copy kept from an earlier read)."""
    storage._SNAPSHOTS.clear()
    return storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)


def panel_text(app: App[None], section: str) -> str:
    """One section of the side panel as shown: `heading`, `labels`, `suggestions`..."""
    widget = app.screen.query_one(UnitPanel).query_one(f"#panel-{section}", Static)
    return str(widget.render())


def status(app: App[None]) -> str:
    """The log's status bar: position, filter, progress, saving, annotator, file."""
    return str(app.screen.query_one("#status-bar", Static).render())


def notices(app: App[None]) -> list[str]:
    """Every notice shown so far, oldest first."""
    return [str(notice.message) for notice in app._notifications]


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys arriving together, as a terminal delivers quick typing: none waits for the last."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait (bounded) until `condition()` holds, letting workers and timers run."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("timed out")
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
