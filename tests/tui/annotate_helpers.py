"""Driving the annotator like a person, and waiting until what they did is on disk."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from kiroku.tui.screens.log import LogScreen
from textual.app import App
from textual.pilot import Pilot

TUI_DATA = Path(__file__).resolve().parent.parent / "data" / "tui"
FIXED_NOW = dt.datetime(2026, 4, 22, 12, 0, tzinfo=dt.UTC)


async def settle(pilot: Pilot[None]) -> None:
    """Let background loading finish and the screen redraw.

    A table filled by a worker sizes its columns on a later refresh: under load one pause was
    seen to catch it between the two (columns cut to their first letters)."""
    await pilot.app.workers.wait_for_complete()
    for _ in range(3):
        await pilot.pause()
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
