"""The keyboard does what the footer, the help and the README say (each trap found in use)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable

import pytest
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.dialogs.help import HelpScreen
from kiroku.tui.dialogs.label_palette import LabelPalette
from kiroku.tui.dialogs.text_editor import TextEditor
from kiroku.tui.screens.browse import BrowseScreen
from kiroku.tui.screens.log import LogScreen
from kiroku.tui.widgets.conversation import Conversation
from kiroku.tui.widgets.log_table import LogTable
from testkit import REPO
from textual.containers import VerticalScroll
from textual.widgets import Input
from textual.widgets._toast import Toast

from tui.annotate_helpers import (
    SIZE,
    AddLog,
    burst,
    on_disk,
    opened,
    panel_text,
    saved,
    screen_text,
    settle,
)


def test_space_toggles_in_the_palette_after_a_filter_was_typed(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    """The hint says Space toggles and stays: it did, until a word was typed in the filter."""
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("j", "j", "l")
            await pilot.pause()
            await pilot.press(*"self", "space")
            await pilot.pause()
            palette = app.screen
            assert isinstance(palette, LabelPalette)
            assert palette.query_one(Input).value == "self"
            assert "✓ self-correction" in screen_text(app)
            await pilot.press("tab")  # Tab toggles it off again, the palette still open
            await pilot.pause()
            assert isinstance(app.screen, LabelPalette)
            assert "✓ self-correction" not in screen_text(app)
            await pilot.press("space", "escape")
            await saved(pilot)

    asyncio.run(scenario())
    assert [lb.id for lb in on_disk(path).turn(1, 3).labels] == ["self-correction"]  # type: ignore[union-attr]


def test_keys_typed_right_after_l_reach_the_filter(
    make_app: Callable[..., AnnotateApp],
) -> None:
    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await burst(pilot, "l", *"mika")
            await pilot.pause()
            assert isinstance(app.screen, LabelPalette)
            assert app.screen.query_one(Input).value == "mika"
            assert "Mikan phenomenon" in screen_text(app)
            assert "Self-correction" not in screen_text(app)

    asyncio.run(scenario())


def test_the_help_screen_scrolls_from_the_keyboard(
    make_app: Callable[..., AnnotateApp],
) -> None:
    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app, (80, 24)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            scroller = app.screen.query_one("#help-text", VerticalScroll)
            assert scroller.max_scroll_y > 0
            first = screen_text(app)
            await pilot.press("pagedown")
            await pilot.pause()
            assert scroller.scroll_y > 0
            assert screen_text(app) != first
            await pilot.press("end")
            await pilot.pause()
            assert scroller.scroll_y == scroller.max_scroll_y
            await pilot.press("k", "home")
            await pilot.pause()
            assert scroller.scroll_y == 0
            await pilot.press("j", "down")
            await pilot.pause()
            assert scroller.scroll_y == 2

    asyncio.run(scenario())


def test_page_down_moves_a_page_every_time(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    """After the first PageDown the cursor sat at the screen's bottom and moved one turn."""

    log = "long-shiritori-game"
    add_log(log)

    async def scenario() -> None:
        app = make_app(open_id=log)
        async with opened(app, (80, 14)) as pilot:
            view = app.screen.query_one(Conversation)
            assert view.virtual_size.height > 3 * view.scrollable_content_region.height
            height = view.scrollable_content_region.height
            starts = []
            for _ in range(2):
                await pilot.press("pagedown")
                await pilot.pause()
                starts.append(view._heights.start(view.cursor))
            assert view.cursor >= 2
            assert starts[1] - starts[0] >= height - 4, starts
            await pilot.press("pageup")
            await pilot.pause()
            assert view._heights.start(view.cursor) <= starts[0]

    asyncio.run(scenario())


def test_j_k_g_G_move_in_the_log_list_and_esc_comes_back_to_the_same_row(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    add_log("three-games-with-notes")

    async def scenario() -> None:
        app = make_app()
        async with opened(app) as pilot:
            table = app.screen.query_one(LogTable)
            assert table.row_count == 3
            await pilot.press("j")
            assert table.cursor_row == 1
            await pilot.press("G")
            assert table.cursor_row == 2
            await pilot.press("k")
            assert table.cursor_row == 1
            await pilot.press("g")
            assert table.cursor_row == 0
            await pilot.press("j", "enter")
            await settle(pilot)
            assert isinstance(app.screen, LogScreen)
            opened_path = app.screen.path
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, BrowseScreen)
            table = app.screen.query_one(LogTable)
            assert table.cursor_row == 1
            row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            assert row.value == str(opened_path)

    asyncio.run(scenario())


def test_esc_in_the_translation_editor_asks_before_dropping_the_text(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("j", "t")
            await pilot.pause()
            await pilot.press(*"From mi")
            await pilot.press("escape")
            await pilot.pause()
            assert "Discard" in screen_text(app)
            await pilot.press("escape")  # not discarded: back to the text, as typed
            await pilot.pause()
            assert isinstance(app.screen, TextEditor)
            assert "From mi" in screen_text(app)
            await pilot.press(*": mikan", "escape")
            await pilot.pause()
            await pilot.press("s")  # save it after all
            await saved(pilot)
            assert "From mi: mikan" in panel_text(app, "translation")
            await pilot.press("t", "!", "escape")
            await pilot.pause()
            await pilot.press("d")  # this time discard
            await pilot.pause()
            assert isinstance(app.screen, LogScreen)
            await pilot.press("e", "escape")  # nothing typed: Esc closes at once
            await pilot.pause()
            assert isinstance(app.screen, LogScreen)

    asyncio.run(scenario())
    assert on_disk(path).turn(1, 2).translation_text() == "From mi: mikan"  # type: ignore[union-attr]


def test_a_burst_of_accepts_shows_one_notice(
    make_app: Callable[..., AnnotateApp],
) -> None:
    async def scenario() -> None:
        app = make_app(open_id="trial-batch")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press(*"a" * 10)
            await saved(pilot)
            await pilot.pause(0.1)
            assert len(app.screen.query(Toast)) == 1
            assert screen_text(app).count("No unconfirmed suggestion here") == 1

    asyncio.run(scenario())


def test_text_typed_right_after_ctrl_u_is_kept_in_the_editors_and_the_played_word_box(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    """Seen in tmux: Ctrl+U then a word typed at once lost the word (Ctrl+U ran after it,
    wiping the line it had just been typed on); with a pause in between it worked."""
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("j", "e", *"a first try")
            await burst(pilot, "ctrl+u", *"mikan ends in n")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await saved(pilot)
            await pilot.press("t", *"From mi")
            await burst(pilot, "ctrl+u", *"From mi: mikan", *["left"] * 5, "X")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await saved(pilot)
            await pilot.press("p")
            await pilot.pause()
            await burst(pilot, "ctrl+u", *"みかさ")
            await pilot.pause()
            await pilot.press("enter")
            await saved(pilot)

    asyncio.run(scenario())
    turn = on_disk(path).turn(1, 2)
    assert turn is not None
    assert turn.note_text() == "mikan ends in n"
    assert turn.translation_text() == "From mi: Xmikan"
    assert turn.played_override is not None
    assert turn.played_override.words == ["みかさ"]


def test_keys_typed_together_act_in_the_order_typed(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    """Seen in tmux: `j` then `p` typed together opened the played word of the turn `j` was
    leaving (a key opening a dialog ran at once, the move only after it), and `j` was lost."""
    chat = annotate_project.log_path("shiritori-chat")
    batch = annotate_project.log_path("trial-batch")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await burst(pilot, "j", "p")
            await pilot.pause()
            assert "Played word (s1-t2)" in screen_text(app)
            await pilot.press("escape")
            await burst(pilot, "j", "j", "t")
            await pilot.pause()
            assert "English translation (s1-t4)" in screen_text(app)
            await pilot.press("escape")
            await burst(pilot, "k", "v", "down", "v")
            await saved(pilot)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("j", "enter")  # the batch
            await settle(pilot)
            await burst(pilot, "down", "down", "v", "k", "v")
            await saved(pilot)

    asyncio.run(scenario())
    assert [bool(unit.reviewed) for unit in on_disk(chat).units()] == [False, False, True, True]
    reviewed = [unit.trial for unit in on_disk(batch).units() if unit.reviewed]
    assert reviewed == [2, 3]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_at_80x24_the_editor_and_the_palette_still_say_how_to_save_and_toggle(
    make_app: Callable[..., AnnotateApp], annotate_project: Project, lang: str
) -> None:
    """Found in tmux at 80×24: the translation editor hid "Ctrl+S save", and the label
    palette with the real taxonomy hid "Space/Tab toggle", below the dialog's edge."""
    shutil.copy(REPO / "logs" / "taxonomy.yaml", annotate_project.taxonomy_path)
    t = Catalogue(lang)

    async def scenario() -> None:
        app = make_app(lang, open_id="shiritori-chat")
        async with opened(app, (80, 24)) as pilot:
            await pilot.press("j", "t")
            await pilot.pause()
            shown = screen_text(app)
            assert t("editor.hint")[:12] in shown
            await pilot.press("escape", "l")
            await pilot.pause()
            shown = screen_text(app)
            assert t("palette.hint")[:10] in shown
            assert "ends-in-n" in shown

    asyncio.run(scenario())
