"""What the main screens look like, in both languages (fixed clock, no blink)."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from textual.pilot import Pilot

from tui.annotate_helpers import TUI_DATA, saved, settle

LANGS = ["en", "ja"]
SIZES = [(140, 40), (80, 24)]
"""The terminal sizes she works in: a wide one and the smallest a terminal opens at."""

both = pytest.mark.parametrize("lang", LANGS)
sized = pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")


class TestBrowse:
    @both
    @sized
    def test_log_list(
        self, snap_compare, make_app: Callable[..., AnnotateApp], lang: str, size: tuple[int, int]
    ) -> None:
        assert snap_compare(make_app(lang), terminal_size=size, run_before=settle)


class TestChatLog:
    @both
    @sized
    def test_conversation_with_panel(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        lang: str,
        size: tuple[int, int],
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("s", "a")
            await saved(pilot)

        app = make_app(lang, open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=size, run_before=run_before)


class TestSessions:
    @both
    @sized
    def test_headings_with_notes_between_games(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        annotate_project: Project,
        lang: str,
        size: tuple[int, int],
    ) -> None:
        """The cursor on the first turn of game 2: its heading above stays out of the cursor."""
        log = "three-games-with-notes"
        shutil.copy(TUI_DATA / f"{log}.yaml", annotate_project.log_path(log))

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("j", "j")
            await pilot.pause()

        assert snap_compare(make_app(lang, open_id=log), terminal_size=size, run_before=run_before)


class TestBatch:
    @both
    @sized
    def test_trial_table(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        lang: str,
        size: tuple[int, int],
    ) -> None:
        app = make_app(lang, open_id="trial-batch")
        assert snap_compare(app, terminal_size=size, run_before=settle)


class TestDialogs:
    @both
    @sized
    def test_label_palette(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        lang: str,
        size: tuple[int, int],
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("j", "l")
            await pilot.pause()

        app = make_app(lang, open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @both
    @sized
    def test_help(
        self, snap_compare, make_app: Callable[..., AnnotateApp], lang: str, size: tuple[int, int]
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()

        app = make_app(lang, open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @sized
    def test_translation_editor(
        self, snap_compare, make_app: Callable[..., AnnotateApp], size: tuple[int, int]
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("j", "t", *"From mi")
            await pilot.pause()

        app = make_app("ja", open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=size, run_before=run_before)


class TestReview:
    @both
    @sized
    def test_search_in_the_log_with_the_chain_strip(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        annotate_project: Project,
        lang: str,
        size: tuple[int, int],
    ) -> None:
        """The search box open on the second match; the strip above lights the same word."""
        log = "long-shiritori-game"
        shutil.copy(TUI_DATA / f"{log}.yaml", annotate_project.log_path(log))

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("slash", *"め", "enter")
            await pilot.pause()

        app = make_app(lang, open_id=log)
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @both
    @sized
    def test_chosen_suggestion_and_japanese_reasons(
        self, snap_compare, make_app: Callable[..., AnnotateApp], lang: str, size: tuple[int, int]
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("s", "c")
            await pilot.pause()

        app = make_app(lang, open_id="shiritori-chat")
        assert snap_compare(app, terminal_size=size, run_before=run_before)


class TestContext:
    @both
    @sized
    def test_invisible_format_characters_as_marks(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        annotate_project: Project,
        lang: str,
        size: tuple[int, int],
    ) -> None:
        log = "invisible-format-characters"
        shutil.copy(TUI_DATA / f"{log}.yaml", annotate_project.log_path(log))

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("j")
            await pilot.pause()

        app = make_app(lang, open_id=log)
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @both
    @sized
    def test_the_loss_at_the_end_of_a_long_chain(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        annotate_project: Project,
        lang: str,
        size: tuple[int, int],
    ) -> None:
        log = "long-shiritori-game"
        shutil.copy(TUI_DATA / f"{log}.yaml", annotate_project.log_path(log))

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("G")
            await pilot.pause()

        app = make_app(lang, open_id=log)
        assert snap_compare(app, terminal_size=size, run_before=run_before)


class TestDisagreements:
    @both
    @sized
    def test_only_the_units_the_annotators_labelled_differently(
        self,
        snap_compare,
        make_app: Callable[..., AnnotateApp],
        annotate_project: Project,
        lang: str,
        size: tuple[int, int],
    ) -> None:
        log = "two-games-two-annotators"
        shutil.copy(TUI_DATA / f"{log}.yaml", annotate_project.log_path(log))

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("D")
            await settle(pilot)

        app = make_app(lang, open_id=log)
        assert snap_compare(app, terminal_size=size, run_before=run_before)
