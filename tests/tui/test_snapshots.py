"""What the main screens look like, in both languages (fixed clock, no blink)."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from textual.pilot import Pilot

from tui.annotate_helpers import TUI_DATA, saved, settle

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


class TestSessions:
    @pytest.mark.parametrize("lang", LANGS)
    def test_headings_with_notes_between_games(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        annotate_project: Project,
        lang: str,
    ) -> None:
        """The cursor on the first turn of game 2: its heading above stays out of the cursor."""
        log = "three-games-with-notes"
        shutil.copy(TUI_DATA / f"{log}.yaml", annotate_project.log_path(log))

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("j", "j")
            await pilot.pause()

        assert snap_compare(make_app(lang, open_id=log), terminal_size=SIZE, run_before=run_before)


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
