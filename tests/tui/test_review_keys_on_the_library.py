"""The review keys act through the annotation library: provenance, undo and the screen follow."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kiroku.project import Project
from kiroku.tui.app import AnnotateApp

from tui.annotate_helpers import FIXED_NOW, AddLog, on_disk, opened, panel_text, saved


def strip(app: AnnotateApp) -> str:
    return str(app.screen.query_one("#word-chain").render())


def test_a_number_key_switching_a_label_off_records_who_and_undo_brings_it_back(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("j", "4", "4")  # s1-t2: mikan on, then off again
            await saved(pilot)
            turn = on_disk(path).turn(1, 2)  # type: ignore[union-attr]
            assert turn.labels == []
            assert [(r.id, r.by, r.removed_by, r.removed_at) for r in turn.removed_labels] == [
                ("mikan", "tester", "tester", FIXED_NOW)
            ]
            await pilot.press("u")  # the switch-off undone: the label is back, no removal left
            await saved(pilot)
            turn = on_disk(path).turn(1, 2)  # type: ignore[union-attr]
            assert [(lb.id, lb.by) for lb in turn.labels] == [("mikan", "tester")]
            assert turn.removed_labels == []

    asyncio.run(scenario())


def test_a_number_key_leaves_another_annotator_s_label_alone(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("G", "3")  # s1-t4: emi's self-correction; the key adds tester's
            await saved(pilot)

    asyncio.run(scenario())
    turn = on_disk(path).turn(1, 4)  # type: ignore[union-attr]
    assert [(lb.id, lb.by) for lb in turn.labels] == [
        ("self-correction", "emi"),
        ("self-correction", "tester"),
    ]


def test_the_suggestion_c_chooses_is_the_rule_bulk_accept_acts_on(
    make_app: Callable[..., AnnotateApp], add_log: AddLog, annotate_project: Project
) -> None:
    batch = "batch-three-trials-two-rules"
    add_log(batch)
    path = annotate_project.log_path(batch)

    async def scenario() -> None:
        app = make_app(open_id=batch)
        async with opened(app) as pilot:
            await pilot.press("c")  # trial 1: from ends-in-n to mikan
            assert "▶ mikan" in panel_text(app, "suggestions")
            await pilot.press("A")
            await saved(pilot)

    asyncio.run(scenario())
    doc = on_disk(path)
    assert [[lb.id for lb in trial.labels] for trial in doc.units()] == [["mikan"]] * 3
    assert [[s.id for s in trial.suggestions] for trial in doc.units()] == [
        ["ends-in-n", "mikan"]
    ] * 3


def test_the_chain_strip_follows_a_correction_and_its_undo_at_once(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            assert strip(app) == "Played: みかん⚠ → みず"
            await pilot.press("j", "p")
            await pilot.pause()
            await pilot.press("ctrl+u", *"みかさ", "enter")
            await pilot.pause()
            # before the save, the game checked again: みかさ is no loss, みず breaks the chain,
            # and the analysis found うみ in the first turn
            assert strip(app) == "Played: うみ → みかさ → みず⚠"
            await pilot.press("G", "p")
            await pilot.pause()
            await pilot.press("ctrl+t")  # s1-t4 is talk, not a move
            await pilot.pause()
            assert strip(app) == "Played: うみ → みかさ"
            await pilot.press("u", "u")
            await pilot.pause()
            assert strip(app) == "Played: みかん⚠ → みず"
            await saved(pilot)

    asyncio.run(scenario())


def test_no_word_played_and_talk_corrections_are_kept_and_the_game_checked_again(
    make_app: Callable[..., AnnotateApp], add_log: AddLog, annotate_project: Project
) -> None:
    log = "long-shiritori-game"
    add_log(log)
    path = annotate_project.log_path(log)

    async def scenario() -> None:
        app = make_app(open_id=log)
        async with opened(app) as pilot:
            await pilot.press("j", "p")  # s1-t2 played りんご: say no word was played there
            await pilot.pause()
            await pilot.press("ctrl+u", "enter")
            await saved(pilot)
            assert "corrected: no word played (tester)" in panel_text(app, "played")
            await pilot.press("j", "p")  # s1-t3: talk, not a move
            await pilot.pause()
            await pilot.press("ctrl+t")
            await saved(pilot)

    asyncio.run(scenario())
    doc = on_disk(path)
    second, third = doc.units()[1], doc.units()[2]
    assert second.played_override is not None and second.played_override.words == []
    assert second.played == [] and third.played == []
    assert third.played_override is not None and third.played_override.talk


def test_a_translation_replaced_in_the_app_keeps_the_old_one_with_its_author(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")
    text = path.read_text("utf-8").replace(
        "          **みかん** 🍊\n",
        "          **みかん** 🍊\n"
        "        translation_en: {text: 'From mi: mikan', by: emi, at: '2026-04-21T10:00:00+09:00'}\n",
    )
    path.write_text(text, "utf-8")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            await pilot.press("j")
            assert "— emi, 2026-04-21" in panel_text(app, "translation")
            await pilot.press("t")
            await pilot.pause()
            await pilot.press("ctrl+end", *" (a tangerine)", "ctrl+s")
            await saved(pilot)
            shown = panel_text(app, "translation")
            assert "From mi: mikan (a tangerine)" in shown and "— tester, 2026-04-22" in shown

    asyncio.run(scenario())
    revised = on_disk(path).turn(1, 2).translation_en  # type: ignore[union-attr]
    assert revised is not None
    assert (revised.text, revised.by, revised.at) == (
        "From mi: mikan (a tangerine)",
        "tester",
        FIXED_NOW,
    )
    assert [(v.text, v.by) for v in revised.earlier] == [("From mi: mikan", "emi")]
