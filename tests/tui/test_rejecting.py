"""Dismissing a suggestion: recorded with who and when, skipped, and never revived by analysis."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kiroku.project import Project
from kiroku.schema import ChatLog
from kiroku.tui.app import AnnotateApp

from tui.annotate_helpers import FIXED_NOW, on_disk, opened, panel_text, saved, screen_text, settle


def test_dismissing_records_provenance_and_next_suggestion_skips_it(
    make_app: Callable[..., AnnotateApp], annotate_project: Project, kiroku: Callable[..., object]
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def dismiss_both() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("s")  # s1-t2: ends-in-n and mikan are open
            await pilot.press("x")
            await saved(pilot)
            shown = panel_text(app, "suggestions")
            assert "✗ ends-in-n — Ends in ん" in shown
            assert "dismissed by tester 2026-04-22 12:00" in shown
            assert "? mikan — Mikan phenomenon" in shown
            assert "✗ends-in-n" in screen_text(app) and "?mikan" in screen_text(app)
            await pilot.press("x")  # now mikan, the next open one
            await saved(pilot)
            await pilot.press("g", "s")  # nothing open is left: the cursor stays
            assert "s1-t1" in panel_text(app, "heading")

    asyncio.run(dismiss_both())
    doc = on_disk(path)
    assert isinstance(doc, ChatLog)
    turn = doc.turn(1, 2)
    assert [(r.id, r.by, r.at) for r in turn.rejected] == [
        ("ends-in-n", "tester", FIXED_NOW),
        ("mikan", "tester", FIXED_NOW),
    ]
    assert [s.id for s in turn.suggestions] == ["ends-in-n", "mikan"]  # still recorded
    assert turn.labels == []
    assert "# A comment written by hand" in path.read_text("utf-8")

    result = kiroku("analyse")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    again = on_disk(path)
    assert isinstance(again, ChatLog)
    assert [r.id for r in again.turn(1, 2).rejected] == ["ends-in-n", "mikan"]
    assert "ends-in-n" in [s.id for s in again.turn(1, 2).suggestions]

    async def reopen() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            shown = screen_text(app)
            assert "✗ends-in-n" in shown
            assert "?ends-in-n" not in shown and "?mikan" not in shown
            await pilot.press("s")  # the analysis may have found more, but not s1-t2 again
            assert "s1-t2" not in panel_text(app, "heading")

    asyncio.run(reopen())


def test_dismissing_can_be_undone_and_the_browse_count_follows(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("trial-batch")

    async def scenario() -> None:
        app = make_app()
        async with opened(app) as pilot:
            await pilot.press("down", "enter")  # trial-batch
            await settle(pilot)
            await pilot.press("x")
            await saved(pilot)
            assert "✗ends-in-n" in screen_text(app)
            await pilot.press("u")
            await saved(pilot)
            assert "?ends-in-n" in screen_text(app) and "✗ends-in-n" not in screen_text(app)
            await pilot.press("x")
            await saved(pilot)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("f")  # only logs with open suggestions: trial-batch is gone
            await pilot.pause()
            shown = screen_text(app)
            assert "shiritori-chat" in shown and "trial-batch" not in shown

    asyncio.run(scenario())
    assert [r.id for r in on_disk(path).trials[0].rejected] == ["ends-in-n"]  # type: ignore[union-attr]
