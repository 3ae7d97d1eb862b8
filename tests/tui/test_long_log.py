"""A long chat opens before every turn is wrapped, and the screen never jumps as the rest is."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import ChatLog, Turn
from kiroku.tui.app import AnnotateApp
from kiroku.tui.screens.log import LogScreen
from kiroku.tui.widgets import conversation
from kiroku.tui.widgets.conversation import Conversation

from tui.annotate_helpers import laid_out, opened, panel_text, screen_text

TURNS = 2000
SIZE = (100, 30)


def long_chat(project: Project) -> None:
    """The test chat grown to 2,000 turns whose lines wrap at spaces (guesses run short)."""
    path = project.log_path("shiritori-chat")
    doc = storage.load(path).doc
    assert isinstance(doc, ChatLog)
    turns = []
    for index in range(1, TURNS + 1):
        words = " ".join(f"mikan{'x' * (index % 7)}" for _ in range(index % 23 + 1))
        text = f"turn {index}: {words}\n「み」から **みかん** {'🐿️' * (index % 3)}"
        speaker = "user" if index % 2 else "model"
        turns.append(Turn(index=index, speaker=speaker, text=text))
    doc.sessions[0].turns = turns
    storage.save(doc, path)


@pytest.fixture
def slow_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Background wrapping at a crawl, so the test sees the log before it is all laid out."""
    monkeypatch.setattr(conversation, "REFINE_BUDGET", 0.0)


def test_long_log_is_usable_before_it_is_laid_out_and_never_jumps(
    make_app: Callable[..., AnnotateApp],
    annotate_project: Project,
    slow_layout: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long_chat(annotate_project)

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            screen = app.screen
            assert isinstance(screen, LogScreen)
            view = screen.query_one(Conversation)
            assert not view.laid_out
            assert "turn 1: mikan" in screen_text(app)
            await pilot.press("G")
            assert f"s1-t{TURNS}" in panel_text(app, "heading")
            assert f"turn {TURNS}: mikan" in screen_text(app)
            await pilot.press("k")
            assert f"s1-t{TURNS - 1}" in panel_text(app, "heading")
            screen.select(1000)  # as a click would
            await pilot.pause()
            before = screen_text(app)
            assert "turn 1001: " in before
            assert not view.laid_out
            await laid_out(pilot, view, monkeypatch)
            assert screen_text(app) == before  # the turns above were re-measured off screen
            await pilot.press("j")
            assert "s1-t1002" in panel_text(app, "heading")

    asyncio.run(scenario())
