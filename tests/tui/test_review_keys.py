"""Reviewing fast: wrap-around jumps, choosing the suggestion, number keys, search in the log."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from kiroku.tui.widgets.conversation import Conversation
from kiroku.tui.widgets.search_bar import SearchBar
from textual.widgets import Static

from tui.annotate_helpers import (
    AddLog,
    notices,
    on_disk,
    opened,
    panel_text,
    saved,
    screen_text,
    status,
)


def keys_line(app: AnnotateApp) -> str:
    return str(app.screen.query_one("#label-keys", Static).render())


def test_s_and_n_wrap_round_with_a_message(make_app: Callable[..., AnnotateApp]) -> None:
    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("G", "s")  # from the last turn: the only suggestion is s1-t2
            await pilot.pause()
            assert "s1-t2" in panel_text(app, "heading")
            assert notices(app) == ["Wrapped round to the start: s1-t2"]
            await pilot.press("s")  # the only one, and the cursor is on it
            assert "s1-t2" in panel_text(app, "heading")
            assert notices(app) == ["No unconfirmed suggestion left"]
            await pilot.press("G", "n")  # s1-t4 is labelled; the first unlabelled is s1-t1
            await pilot.pause()
            assert "s1-t1" in panel_text(app, "heading")
            assert notices(app) == ["Wrapped round to the start: s1-t1"]

    asyncio.run(scenario())


def test_c_chooses_which_suggestion_a_accepts(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("s")
            assert "▶ ends-in-n — Ends in ん" in panel_text(app, "suggestions")
            await pilot.press("c")
            shown = panel_text(app, "suggestions")
            assert "▶ mikan — Mikan phenomenon" in shown and "? ends-in-n" in shown
            assert "a/x act on this" in shown
            await pilot.press("a")
            await saved(pilot)
            assert notices(app)[-1] == "Accepted suggestion mikan"
            # the one left is the one `x` now dismisses
            await pilot.press("x")
            await saved(pilot)

    asyncio.run(scenario())
    turn = on_disk(path).turn(1, 2)  # type: ignore[union-attr]
    assert [label.id for label in turn.labels] == ["mikan"]
    assert [rejection.id for rejection in turn.rejected] == ["ends-in-n"]


def test_number_keys_toggle_the_taxonomy_s_first_labels_shown_above_the_footer(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            assert keys_line(app) == ("1 ends-in-n  2 wrong-first-mora  3 self-correction  4 mikan")
            await pilot.press("j", "j", "3", "4")
            await saved(pilot)
            assert keys_line(app) == (
                "1 ends-in-n  2 wrong-first-mora  3 ✓self-correction  4 ✓mikan"
            )
            await pilot.press("4", "9")
            await saved(pilot)
            assert notices(app)[-1] == "No label on key 9 (label_keys in the settings file)"

    asyncio.run(scenario())
    assert [label.id for label in on_disk(path).turn(1, 3).labels] == ["self-correction"]  # type: ignore[union-attr]


def test_number_keys_from_the_settings_file(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    (annotate_project.root / "annotate.yaml").write_text(
        "# my keys\nlabel_keys:\n  1: mikan\n  2: ends-in-n\n", encoding="utf-8"
    )

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            assert keys_line(app) == "1 mikan  2 ends-in-n"
            await pilot.press("1")
            await saved(pilot)
            assert "✓ mikan — Mikan phenomenon" in panel_text(app, "labels")

    asyncio.run(scenario())


def test_a_broken_settings_file_is_named_and_the_defaults_are_used(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    settings = annotate_project.root / "annotate.yaml"
    settings.write_text("label_keys:\n  1: mikan\n  2: no-such-label\n", encoding="utf-8")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        told: list[str] = []
        notify = app.notify
        app.notify = lambda message, **how: (told.append(message), notify(message, **how))[1]  # type: ignore[method-assign]
        async with opened(app):
            assert keys_line(app).startswith("1 ends-in-n  2 wrong-first-mora")
            # recorded as told: on a busy machine the toast may have timed out by now
            assert told == [
                f"Cannot read the number keys: {settings}:3: "
                "'no-such-label' is not a label of the taxonomy"
            ]

    asyncio.run(scenario())


def test_slash_searches_the_log_and_steps_through_matches_round_the_end(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    log = "long-shiritori-game"
    add_log(log)

    async def scenario() -> None:
        app = make_app(open_id=log)
        async with opened(app) as pilot:
            view = app.screen.query_one(Conversation)
            await pilot.press("slash", *"め")  # かめ s1-t9, めだか t10, かもめ t15, めがね t16
            await pilot.pause()
            assert "s1-t9" in panel_text(app, "heading")
            assert "match 1 of 4" in status(app)
            await pilot.press("enter", "down")
            assert "s1-t15" in panel_text(app, "heading")
            await pilot.press("up")
            assert "s1-t10" in panel_text(app, "heading")
            await pilot.press("escape")
            await pilot.pause()
            assert not app.screen.query_one(SearchBar).display
            assert view.has_focus
            await pilot.press("greater_than_sign", "greater_than_sign")
            assert "s1-t16" in panel_text(app, "heading")
            await pilot.press("greater_than_sign")
            assert "s1-t9" in panel_text(app, "heading")
            assert notices(app)[-1] == "Search wrapped round to the start"
            await pilot.press("less_than_sign")
            assert "s1-t16" in panel_text(app, "heading")
            assert notices(app)[-1] == "Search wrapped round to the end"
            await pilot.press("j")  # the log has the keys again
            assert "s1-t17" in panel_text(app, "heading")
            await pilot.press("slash", "ctrl+u", *"ＫＯＵＥＮ")  # full-width romaji, any case
            await pilot.pause()
            assert "s1-t20" in panel_text(app, "heading")
            await pilot.press("ctrl+u", *"zzz", "enter")
            assert notices(app)[-1] == "No match for “zzz”"

    asyncio.run(scenario())


def test_rule_reasons_read_in_japanese_in_the_japanese_interface(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    log = "long-shiritori-game"
    add_log(log)

    async def scenario() -> None:
        app = make_app("ja", open_id=log)
        async with opened(app) as pilot:
            await pilot.press("G")
            shown = panel_text(app, "suggestions")
            assert "「こうえん」は「ん」で終わる：出した側の負け" in shown
            assert "ends in" not in shown

    asyncio.run(scenario())


def test_invisible_format_characters_show_as_marks_and_stay_exact_on_disk(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    log = "invisible-format-characters"
    path = add_log(log)
    family = "👨\u200d👩\u200d👧"

    async def scenario() -> None:
        app = make_app(open_id=log)
        async with opened(app) as pilot:
            shown = screen_text(app)
            assert "しりとり。こ⟨RLO⟩んかみ⟨PDF⟩！" in shown
            assert f"**み⟨ZWSP⟩かん** soft⟨SHY⟩hyphen ⟨LRI⟩كلمة⟨PDI⟩ a⟨ZWJ⟩z {family}" in shown
            assert not any(char in shown for char in "\u202e\u202c\u200b\u00ad\u2066\u2069")
            await pilot.press("j")
            assert "mi⟨ZWSP⟩kan" in panel_text(app, "translation")
            await pilot.press("3")  # an edit: the file is written again
            await saved(pilot)

    asyncio.run(scenario())
    turns = on_disk(path).sessions[0].turns  # type: ignore[union-attr]
    assert turns[0].text == "しりとり。こ\u202eんかみ\u202c！"
    assert turns[1].text == (
        f"**み\u200bかん** soft\u00adhyphen \u2066كلمة\u2069 a\u200dz {family}"
    )
    assert turns[1].translation_text() == "mi\u200bkan"
    assert [label.id for label in turns[1].labels] == ["self-correction"]


def test_the_word_chain_above_the_turns_follows_the_cursor_and_marks_the_loss(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    log = "long-shiritori-game"
    add_log(log)

    async def scenario() -> None:
        app = make_app(open_id=log)
        async with opened(app, (80, 24)) as pilot:
            strip = str(app.screen.query_one("#word-chain").render())
            assert strip.startswith("Played: しりとり → りんご → ごりら → ")
            assert strip.endswith(" …") and "こうえん" not in strip
            await pilot.press("G")  # the last word, which lost: the strip scrolls to it
            strip = str(app.screen.query_one("#word-chain").render())
            assert strip.startswith("Played: … ") and strip.endswith("らっこ → こうえん⚠")
            assert len(strip) <= 78

    asyncio.run(scenario())


def test_the_chain_strip_comes_with_the_first_played_word_and_goes_with_the_last(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    """The strip was only built when the log had played words on opening: a correction that
    gave the log its first word showed no chain until the log was opened again."""
    log = "three-games-with-notes"
    add_log(log)

    async def scenario() -> None:
        app = make_app("ja", open_id=log)
        async with opened(app) as pilot:
            assert "セッション 1:" not in screen_text(app)  # no word played: no strip
            await pilot.press("p")
            await pilot.pause()
            await pilot.press("ctrl+u", *"りんご", "enter")
            await saved(pilot)
            assert "セッション 1: りんご" in screen_text(app).splitlines()[1]
            await pilot.press("u")
            await saved(pilot)
            assert "セッション 1:" not in screen_text(app)
            assert not app.screen.query_one("#word-chain").display

    asyncio.run(scenario())


def test_the_chain_strip_appears_when_a_merge_brings_in_played_words(
    make_app: Callable[..., AnnotateApp], add_log: AddLog, annotate_project: Project, kiroku
) -> None:
    """`kiroku analyse` run in another terminal while a freshly imported log is open: the
    app's next save merges the analysis in, and the strip shows the words it found."""
    log = "two-games-not-yet-analysed"
    add_log(log)

    async def scenario() -> None:
        app = make_app(open_id=log)
        async with opened(app) as pilot:
            assert "Session 1:" not in screen_text(app)
            assert kiroku("analyse").exit_code == 0
            await pilot.press("v")  # an edit here: saving it finds the file changed, merges
            await pilot.pause(0.4)
            await saved(pilot)
            strip = screen_text(app).splitlines()[1]
            assert strip.startswith(" Session 1: りんご → ごま → まくら → らっこ"), strip
            await pilot.press("]")  # the strip follows the cursor into the second game
            await pilot.pause()
            assert screen_text(app).splitlines()[1].startswith(" Session 2: すいか → かめ")

    asyncio.run(scenario())
    assert on_disk(annotate_project.log_path(log)).units()[0].reviewed


def test_a_batch_shows_its_condition_and_i_folds_it(
    make_app: Callable[..., AnnotateApp],
) -> None:
    async def scenario() -> None:
        app = make_app("ja", open_id="trial-batch")
        async with opened(app) as pilot:
            header = app.screen.query_one("#condition")
            shown = screen_text(app)
            assert "条件: 直前の語「うみ」" in shown and "直前の語 うみ" not in shown  # in the name
            assert "ユーザー: しりとり。うみ" in shown
            tall = header.outer_size.height
            await pilot.press("i")
            await pilot.pause()
            assert header.outer_size.height < tall
            assert "ユーザー: しりとり。うみ" not in screen_text(app)

    asyncio.run(scenario())
