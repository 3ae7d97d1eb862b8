"""The UI strings: every one in both languages, every binding described, language from locale."""

from __future__ import annotations

from kiroku.tui.app import AnnotateApp
from kiroku.tui.catalogue import STRINGS, Catalogue, default_lang
from kiroku.tui.dialogs.label_palette import LabelPalette
from kiroku.tui.dialogs.text_editor import TextEditor
from kiroku.tui.screens.browse import BrowseScreen
from kiroku.tui.screens.log import LogScreen
from kiroku.tui.widgets.conversation import Conversation
from kiroku.tui.widgets.trial_table import TrialTable


def test_every_string_has_japanese_and_english() -> None:
    for key, (ja, en) in STRINGS.items():
        assert ja.strip() and en.strip(), key
        assert ja != en or key.startswith("col.id"), key


def test_every_shown_binding_has_a_translated_description() -> None:
    for owner in (
        AnnotateApp,
        BrowseScreen,
        LogScreen,
        Conversation,
        TrialTable,
        LabelPalette,
        TextEditor,
    ):
        for binding in owner.BINDINGS:
            if binding.show and binding.description:  # type: ignore[union-attr]
                assert Catalogue("ja").has(f"bind.{binding.id}"), (owner, binding)  # type: ignore[union-attr]


def test_language_follows_the_locale() -> None:
    assert default_lang({"LANG": "ja_JP.UTF-8"}) == "ja"
    assert default_lang({"LANG": "en_GB.UTF-8"}) == "en"
    assert default_lang({"LC_ALL": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}) == "en"
    assert default_lang({}) == "en"
    assert Catalogue("ja")("status.position", position=2, total=4) == "2 / 4"
