"""What the main screens look like, in both languages (fixed clock, no blink)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kiroku.tui.app import AnnotateApp
from textual.pilot import Pilot

from tui.annotate_helpers import saved, settle

SIZE = (120, 34)
LANGS = ["en", "ja"]


class TestBrowse:
    @pytest.mark.parametrize("lang", LANGS)
    def test_log_list(self, snap_compare, make_app: Callable[..., AnnotateApp], lang: str) -> None:
        assert snap_compare(make_app(lang), terminal_size=SIZE, run_before=settle)


class TestChatLog:
    @pytest.mark.parametrize("lang", LANGS)
    def test_conversation_with_panel(
        self, snap_compare, make_app: Callable[..., AnnotateApp], lang: str
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("s", "a")
            await saved(pilot)

        app = make_app(lang, open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


class TestBatch:
    @pytest.mark.parametrize("lang", LANGS)
    def test_trial_table(
        self, snap_compare, make_app: Callable[..., AnnotateApp], lang: str
    ) -> None:
        app = make_app(lang, open_id="trial-batch")
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)


class TestDialogs:
    @pytest.mark.parametrize("lang", LANGS)
    def test_label_palette(
        self, snap_compare, make_app: Callable[..., AnnotateApp], lang: str
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("j", "l")
            await pilot.pause()

        app = make_app(lang, open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    @pytest.mark.parametrize("lang", LANGS)
    def test_help(self, snap_compare, make_app: Callable[..., AnnotateApp], lang: str) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        app = make_app(lang, open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_translation_editor(self, snap_compare, make_app: Callable[..., AnnotateApp]) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("j", "t", *"From mi")
            await pilot.pause()

        app = make_app("ja", open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
