"""Every key the footer or the help shows is described in both languages of the interface."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from kiroku.tui.app import AnnotateApp
from kiroku.tui.catalogue import STRINGS
from kiroku.tui.dialogs.conflict import ConflictDialog
from kiroku.tui.dialogs.discard import DiscardDialog
from kiroku.tui.dialogs.help import HelpPage, HelpScreen
from kiroku.tui.dialogs.label_palette import LabelPalette
from kiroku.tui.dialogs.played_word import PlayedWordDialog
from kiroku.tui.dialogs.text_editor import TextEditor
from kiroku.tui.screens.browse import BrowseScreen
from kiroku.tui.screens.log import LogScreen
from kiroku.tui.widgets.conversation import Conversation
from kiroku.tui.widgets.log_table import LogTable
from kiroku.tui.widgets.search_bar import SearchBar
from kiroku.tui.widgets.trial_table import TrialTable
from textual.binding import Binding
from textual.dom import DOMNode

from tui.annotate_helpers import opened, screen_text

OWNERS: list[type[DOMNode]] = [
    AnnotateApp,
    BrowseScreen,
    LogTable,
    LogScreen,
    Conversation,
    TrialTable,
    SearchBar,
    LabelPalette,
    TextEditor,
    DiscardDialog,
    PlayedWordDialog,
    ConflictDialog,
    HelpScreen,
    HelpPage,
]


@pytest.mark.parametrize("owner", OWNERS, ids=lambda owner: owner.__name__)
def test_each_described_binding_has_both_languages(owner: type[DOMNode]) -> None:
    for binding in Binding.make_bindings(owner.__dict__.get("BINDINGS", [])):
        if not binding.description:
            continue
        assert binding.id, f"{owner.__name__}: {binding.key} has no id to translate it by"
        ja, en = STRINGS[f"bind.{binding.id}"]
        assert ja and en and ja != en, binding.id


def test_the_japanese_help_lists_every_key_of_the_log_in_japanese(
    make_app: Callable[..., AnnotateApp],
) -> None:
    async def scenario() -> None:
        app = make_app("ja", open_id="shiritori-chat")
        async with opened(app, (140, 200)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            shown = screen_text(app)
            for owner in (LogScreen, Conversation, AnnotateApp):
                for binding in Binding.make_bindings(owner.__dict__["BINDINGS"]):
                    if binding.description and binding.id:
                        assert STRINGS[f"bind.{binding.id}"][0] in shown, binding.id
                        assert f" {binding.description} " not in shown, binding.id

    asyncio.run(scenario())


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_help_gives_the_apps_own_quit_key_and_names_every_key_in_the_language(
    make_app: Callable[..., AnnotateApp], lang: str
) -> None:
    """Found by hand: the help's last table said Ctrl+Q quits (the footer says `q`) and named
    Ctrl+P "palette", in English on the Japanese screen."""

    async def scenario() -> None:
        app = make_app(lang, open_id="shiritori-chat")
        async with opened(app, (140, 200)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            rows = [line.split("│")[1:3] for line in screen_text(app).splitlines() if "│" in line]
            keys = {action.strip(): key.strip() for key, action in rows if key.strip()}
            quit_name, palette = (
                ("終了", "コマンドパレット") if lang == "ja" else ("Quit", "Command palette")
            )
            assert keys[quit_name] == "q"
            assert keys[palette] == "ctrl+p"
            assert "palette" not in keys

    asyncio.run(scenario())
