"""Annotating a log by keyboard and mouse, checked on the screen and in the YAML written."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kiroku.project import Project
from kiroku.schema import BatchLog
from kiroku.tui.app import AnnotateApp
from kiroku.tui.screens.log import LogScreen
from kiroku.tui.widgets.log_table import LogTable

from tui.annotate_helpers import (
    FIXED_NOW,
    AddLog,
    on_disk,
    opened,
    panel_text,
    saved,
    screen_text,
    settle,
)


def test_accepting_a_suggestion_writes_a_label_and_keeps_the_suggestion(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            assert isinstance(app.screen, LogScreen)
            await pilot.press("s")  # next unit with an unconfirmed suggestion: s1-t2
            assert "s1-t2" in panel_text(app, "heading")
            assert "▶ ends-in-n — Ends in ん" in panel_text(app, "suggestions")  # a/x act on it
            await pilot.press("a")
            await saved(pilot)
            assert "✓ ends-in-n — Ends in ん  tester 2026-04-22 12:00" in panel_text(app, "labels")
            assert "Saved" in screen_text(app)

    asyncio.run(scenario())
    turn = on_disk(path).turn(1, 2)  # type: ignore[union-attr]
    assert [(lb.id, lb.by, lb.at) for lb in turn.labels] == [("ends-in-n", "tester", FIXED_NOW)]
    assert [s.id for s in turn.suggestions] == ["ends-in-n", "mikan"]
    assert "# A comment written by hand: it must survive every save." in path.read_text("utf-8")


def test_label_palette_filters_and_toggles_then_undo_and_redo(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("j", "j")  # s1-t3
            await pilot.press("l")
            await pilot.pause()
            assert "Mikan phenomenon" in screen_text(app)
            await pilot.press(*"自己訂正")  # filter by the Japanese name
            await pilot.pause()
            shown = screen_text(app)
            assert "self-correction" in shown and "Mikan phenomenon" not in shown
            await pilot.press("enter")
            await saved(pilot)
            assert on_disk(path).turn(1, 3).labels[0].id == "self-correction"  # type: ignore[union-attr]
            await pilot.press("u")
            await saved(pilot)
            assert on_disk(path).turn(1, 3).labels == []  # type: ignore[union-attr]
            assert "(none)" in panel_text(app, "labels")
            await pilot.press("ctrl+r")
            await saved(pilot)
            assert on_disk(path).turn(1, 3).labels[0].id == "self-correction"  # type: ignore[union-attr]

    asyncio.run(scenario())


def test_translation_note_and_played_word_in_japanese_and_english(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("j")
            await pilot.press("t")
            await pilot.pause()
            await pilot.press(*"From mi: mikan [bold]!")
            await pilot.press("ctrl+s")
            await pilot.press("e")
            await pilot.pause()
            await pilot.press(*"みかんで負け")
            await pilot.press("ctrl+s")
            await pilot.press("p")
            await pilot.pause()
            await pilot.press("ctrl+u", *"みかさ")
            await pilot.press("enter")
            await saved(pilot)
            assert "From mi: mikan [bold]!" in panel_text(app, "translation")
            assert "— tester, 2026-04-22 12:00" in panel_text(app, "translation")
            assert "みかんで負け" in panel_text(app, "note")
            assert "corrected: みかさ (tester)" in panel_text(app, "played")

    asyncio.run(scenario())
    turn = on_disk(path).turn(1, 2)  # type: ignore[union-attr]
    assert turn.translation_en is not None and turn.translation_en.by == "tester"
    assert turn.translation_text() == "From mi: mikan [bold]!"
    assert turn.note_text() == "みかんで負け"
    assert turn.played_override is not None and turn.played_override.words == ["みかさ"]
    # checked again at once, as `kiroku analyse` would: みかさ no longer ends in ん
    assert [(w.surface, w.found_by) for w in turn.played] == [("みかさ", "person")]
    assert "ends-in-n" not in [s.id for s in turn.suggestions]


def test_cancelled_editor_changes_nothing(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")
    before = path.read_bytes()

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("t", *"typed", "escape", "d")  # asked, then discarded
            await pilot.pause(0.4)
            await settle(pilot)
            assert isinstance(app.screen, LogScreen) and not app.screen.dirty

    asyncio.run(scenario())
    assert path.read_bytes() == before


def test_moving_by_key_and_mouse_and_jumping_to_unlabelled(
    make_app: Callable[..., AnnotateApp],
) -> None:
    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            assert "s1-t1" in panel_text(app, "heading")
            await pilot.press("down", "down", "down")
            assert "s1-t4" in panel_text(app, "heading")
            await pilot.press("k")
            assert "s1-t3" in panel_text(app, "heading")
            await pilot.press("g")
            await pilot.press("n")  # s1-t1 is unlabelled; next unlabelled after it is s1-t2
            assert "s1-t2" in panel_text(app, "heading")
            await pilot.click("#units", offset=(5, 0))  # the header row of s1-t1
            assert "s1-t1" in panel_text(app, "heading")
            assert "1 of 4" in screen_text(app)

    asyncio.run(scenario())


def test_batch_shows_trials_with_first_word_and_the_same_panel(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("trial-batch")

    async def scenario() -> None:
        app = make_app(open_id="trial-batch")
        async with opened(app) as pilot:
            shown = screen_text(app)
            assert "trial-1" in shown and "みかん" in shown and "?ends-in-n" in shown
            await pilot.press("j")
            assert "どうぞ！" in panel_text(app, "output")
            await pilot.press("k", "a")
            await saved(pilot)
            assert "✓ends-in-n" in screen_text(app)

    asyncio.run(scenario())
    doc = on_disk(path)
    assert isinstance(doc, BatchLog)
    assert [lb.id for lb in doc.trials[0].labels] == ["ends-in-n"]


def test_browse_lists_filters_and_opens(make_app: Callable[..., AnnotateApp]) -> None:
    async def scenario() -> None:
        app = make_app()
        async with opened(app) as pilot:
            shown = screen_text(app)
            assert "shiritori-chat" in shown and "trial-batch" in shown
            assert "1/4" in shown  # one of four turns labelled
            await pilot.press("f")  # only logs with unconfirmed suggestions: both have some
            await pilot.press("slash", *"みみず")
            await pilot.pause()
            shown = screen_text(app)
            assert "trial-batch" in shown and "shiritori-chat" not in shown
            assert "1 of 2 logs" in shown
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert isinstance(app.screen, LogScreen)
            assert app.screen.editor.doc.id == "trial-batch"
            await pilot.press("escape")
            await settle(pilot)
            assert "trial-batch" in screen_text(app)

    asyncio.run(scenario())


def test_quitting_waits_for_the_last_save(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("s", "a", "q")
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()

    asyncio.run(scenario())
    assert on_disk(path).turn(1, 2).labels[0].id == "ends-in-n"  # type: ignore[union-attr]


def test_clicking_a_log_opens_it(make_app: Callable[..., AnnotateApp]) -> None:
    async def scenario() -> None:
        app = make_app()
        async with opened(app) as pilot:
            await pilot.click(LogTable, offset=(2, 2))  # header, shiritori-chat, trial-batch
            await pilot.click(LogTable, offset=(2, 2))
            await settle(pilot)
            assert isinstance(app.screen, LogScreen)
            assert app.screen.editor.doc.id == "trial-batch"

    asyncio.run(scenario())


def test_label_palette_toggles_several_labels_in_one_visit(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("j", "j", "l")  # s1-t3
            await pilot.pause()
            await pilot.press("space")  # ends-in-n, the first line
            await pilot.press("down", "down", "tab")  # self-correction
            await pilot.pause()
            shown = screen_text(app)
            assert "✓ ends-in-n" in shown and "✓ self-correction" in shown
            assert "✓ mikan" not in shown
            await pilot.press("up", "up", "space")  # ends-in-n off again, still open
            await pilot.pause()
            assert "✓ ends-in-n" not in screen_text(app)
            await pilot.press("enter")  # closes without toggling the highlighted one
            await saved(pilot)
            assert "self-correction" in panel_text(app, "labels")
            assert "ends-in-n" not in panel_text(app, "labels")

    asyncio.run(scenario())
    assert [lb.id for lb in on_disk(path).turn(1, 3).labels] == ["self-correction"]  # type: ignore[union-attr]


def test_the_log_list_at_80_columns_shows_how_far_each_log_has_come(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    """Found in tmux at 80×24: a batch's long id pushed units, progress and suggestions off
    the right edge; the list showed id, model, date and kind."""
    add_log("two-annotators")

    async def scenario() -> None:
        app = make_app()
        async with opened(app, (80, 24)):
            lines = screen_text(app).splitlines()
            assert "Units  Labelled  Suggested" in lines[7]
            rows = {line.split()[0]: line.split()[1:3] for line in lines[8:11]}
            assert rows == {
                "shiritori-chat": ["4", "1/4"],
                "trial-batch": ["3", "0/3"],
                "two-annotators": ["10", "9/10"],
            }

    asyncio.run(scenario())
