"""What the main screens look like, in both languages (fixed clock, no blink)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from kiroku.tui.app import AnnotateApp
from textual.pilot import Pilot

from tui.annotate_helpers import AddLog, saved, settle

LANGS = ["en", "ja"]
SIZES = [(140, 40), (80, 24)]
"""The terminal sizes she works in: a wide one and the smallest a terminal opens at."""

both = pytest.mark.parametrize("lang", LANGS)
sized = pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")

Shows = Callable[..., bool]
"""`shows(log, lang, size, *keys, then=...)`: the snapshot comparison of that screen."""


async def pause(pilot: Pilot[None]) -> None:
    await pilot.pause()


@pytest.fixture
def shows(snap_compare, make_app: Callable[..., AnnotateApp], add_log: AddLog) -> Shows:
    """The screen after opening `log` (None: the list of logs) in `lang` at `size` and
    pressing `keys`, then waiting with `then` (a redraw; `saved` after an edit), compared
    with this test's snapshot."""

    def compare(
        log: str | None,
        lang: str,
        size: tuple[int, int],
        *keys: str,
        then: Callable[[Pilot[None]], Awaitable[None]] = pause,
    ) -> bool:
        if log is not None:
            add_log(log)

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            if keys:
                await pilot.press(*keys)
                await then(pilot)

        app = make_app(lang, open_id=log)
        return snap_compare(app, terminal_size=size, run_before=run_before)

    return compare


class TestBrowse:
    @both
    @sized
    def test_log_list(self, shows: Shows, lang: str, size: tuple[int, int]) -> None:
        assert shows(None, lang, size)


class TestChatLog:
    @both
    @sized
    def test_conversation_with_panel(self, shows: Shows, lang: str, size: tuple[int, int]) -> None:
        assert shows("shiritori-chat", lang, size, "s", "a", then=saved)


class TestSessions:
    @both
    @sized
    def test_headings_with_notes_between_games(
        self, shows: Shows, lang: str, size: tuple[int, int]
    ) -> None:
        """The cursor on the first turn of game 2: its heading above stays out of the cursor."""
        assert shows("three-games-with-notes", lang, size, "j", "j")


class TestBatch:
    @both
    @sized
    def test_trial_table(self, shows: Shows, lang: str, size: tuple[int, int]) -> None:
        assert shows("trial-batch", lang, size)


class TestDialogs:
    @both
    @sized
    def test_label_palette(self, shows: Shows, lang: str, size: tuple[int, int]) -> None:
        assert shows("shiritori-chat", lang, size, "j", "l")

    @both
    @sized
    def test_help(self, shows: Shows, lang: str, size: tuple[int, int]) -> None:
        assert shows("shiritori-chat", lang, size, "question_mark")

    @sized
    def test_translation_editor(self, shows: Shows, size: tuple[int, int]) -> None:
        assert shows("shiritori-chat", "ja", size, "j", "t", *"From mi")


class TestReview:
    @both
    @sized
    def test_search_in_the_log_with_the_chain_strip(
        self, shows: Shows, lang: str, size: tuple[int, int]
    ) -> None:
        """The search box open on the second match; the strip above lights the same word."""
        assert shows("long-shiritori-game", lang, size, "slash", *"め", "enter")

    @both
    @sized
    def test_chosen_suggestion_and_japanese_reasons(
        self, shows: Shows, lang: str, size: tuple[int, int]
    ) -> None:
        assert shows("shiritori-chat", lang, size, "s", "c")


class TestContext:
    @both
    @sized
    def test_invisible_format_characters_as_marks(
        self, shows: Shows, lang: str, size: tuple[int, int]
    ) -> None:
        assert shows("invisible-format-characters", lang, size, "j")

    @both
    @sized
    def test_the_loss_at_the_end_of_a_long_chain(
        self, shows: Shows, lang: str, size: tuple[int, int]
    ) -> None:
        assert shows("long-shiritori-game", lang, size, "G")


class TestDisagreements:
    @both
    @sized
    def test_only_the_units_the_annotators_labelled_differently(
        self, shows: Shows, lang: str, size: tuple[int, int]
    ) -> None:
        assert shows("two-games-two-annotators", lang, size, "D", then=settle)
