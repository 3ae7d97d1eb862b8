"""`D` shows only the units the annotators labelled differently; `D` or Esc brings every unit back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from kiroku.tui.screens.browse import BrowseScreen
from kiroku.tui.screens.log import LogScreen
from kiroku.tui.widgets.conversation import Conversation
from kiroku.tui.widgets.trial_table import TrialTable

from tui.annotate_helpers import (
    AddLog,
    notices,
    on_disk,
    opened,
    panel_text,
    saved,
    screen_text,
    settle,
)


def log_screen(app: AnnotateApp) -> LogScreen:
    assert isinstance(app.screen, LogScreen)
    return app.screen


def trials_listed(app: AnnotateApp) -> list[str]:
    table = app.screen.query_one(TrialTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


def test_D_lists_only_the_trials_two_annotators_labelled_differently(
    make_app: Callable[..., AnnotateApp], add_log: AddLog, annotate_project: Project
) -> None:
    add_log("two-annotators")
    path = annotate_project.log_path("two-annotators")

    async def scenario() -> None:
        app = make_app(open_id="two-annotators")
        async with opened(app) as pilot:
            assert "D Disagreements" in screen_text(app).splitlines()[-1]  # footer
            await pilot.press("j", "D")  # from trial 2: the first disagreement after it
            await settle(pilot)
            assert trials_listed(app) == ["trial-4", "trial-5", "trial-6"]
            assert "trial-4" in panel_text(app, "heading")
            assert "disagreements only: 3 (D: all)" in screen_text(app)
            assert notices(app)[-1] == (
                "Showing only the 3 unit(s) the annotators labelled differently"
                " (D or Esc: every unit)"
            )
            await pilot.press("j", "1")  # trial 5: ends-in-n, my label, on the unit listed
            await saved(pilot)
            assert "trial-5" in panel_text(app, "heading")
            assert trials_listed(app) == ["trial-4", "trial-5", "trial-6"]  # still listed
            await pilot.press("d")  # next disagreement among those listed
            await pilot.pause()
            assert "trial-6" in panel_text(app, "heading")
            await pilot.press("D")  # every trial again, the cursor on the same one
            await settle(pilot)
            assert len(trials_listed(app)) == 10
            assert log_screen(app).position == 5
            assert app.screen.query_one(TrialTable).cursor_row == 5
            assert "disagreements only" not in screen_text(app)
            await pilot.press("k", "D")  # from trial 5 this time
            await settle(pilot)
            assert trials_listed(app) == ["trial-4", "trial-5", "trial-6"]
            assert app.screen.query_one(TrialTable).cursor_row == 1
            await pilot.press("escape")  # Esc clears the filter before it leaves the log
            await settle(pilot)
            assert isinstance(app.screen, LogScreen)
            assert len(trials_listed(app)) == 10 and log_screen(app).position == 4
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, BrowseScreen)

    asyncio.run(scenario())
    trial = on_disk(path).units()[4]
    assert [(lb.id, lb.by) for lb in trial.labels] == [
        ("ends-in-n", "emi"),
        ("ends-in-n", "tester"),
    ]


def test_a_filtered_conversation_heads_each_game_it_shows(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    log = "two-games-two-annotators"
    add_log(log)

    async def scenario() -> None:
        app = make_app("ja", open_id=log)
        async with opened(app) as pilot:
            await pilot.press("G", "D")  # from the last turn, itself a disagreement
            await settle(pilot)
            view = app.screen.query_one(Conversation)
            assert view.count == 2
            shown = screen_text(app)
            assert "s1-t3" in shown and "s2-t2" in shown
            for hidden in ("s1-t1", "s1-t2", "s1-t4", "s2-t1"):
                assert hidden not in shown
            assert "セッション 1 · 第一局" in shown and "セッション 2 · 第二局" in shown
            assert "s2-t2" in panel_text(app, "heading")
            assert "不一致のみ 2 件（D で全件）" in shown
            await pilot.press("k")
            await pilot.pause()
            assert "s1-t3" in panel_text(app, "heading")
            await pilot.press("]")  # sessions are still a key away
            await pilot.pause()
            assert "s2-t2" in panel_text(app, "heading")
            await pilot.press("k", "escape")
            await settle(pilot)
            assert app.screen.query_one(Conversation).count == 6
            assert log_screen(app).position == 2  # s1-t3, where the cursor was
            assert "s1-t3" in panel_text(app, "heading")

    asyncio.run(scenario())


def test_D_in_a_log_one_person_annotated_says_there_is_nothing_to_filter(
    make_app: Callable[..., AnnotateApp],
) -> None:
    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            assert "D Disagreements" not in screen_text(app)  # only emi annotated it
            await pilot.press("D")
            await pilot.pause()
            assert notices(app)[-1] == "No unit where the annotators disagree"
            assert app.screen.query_one(Conversation).count == 4
            await pilot.press("j", "j", "j", "1")  # tester labels s1-t4 as emi did not:
            await saved(pilot)  # two annotators now, who differ there
            assert "D Disagreements" in screen_text(app).splitlines()[-1]
            await pilot.press("g", "D")
            await settle(pilot)
            assert app.screen.query_one(Conversation).count == 1
            assert "s1-t4" in panel_text(app, "heading")

    asyncio.run(scenario())


def test_while_filtered_V_marks_only_the_units_listed(
    make_app: Callable[..., AnnotateApp], add_log: AddLog, annotate_project: Project
) -> None:
    add_log("two-annotators")
    path = annotate_project.log_path("two-annotators")

    async def scenario() -> None:
        app = make_app(open_id="two-annotators")
        async with opened(app) as pilot:
            await pilot.press("D")
            await settle(pilot)
            await pilot.press("V")  # the rest of the batch, as listed: trials 4 to 6
            await saved(pilot)

    asyncio.run(scenario())
    reviewed = [n for n, unit in enumerate(on_disk(path).units(), 1) if unit.reviewed]
    by_tester = [
        n
        for n, unit in enumerate(on_disk(path).units(), 1)
        if any(r.by == "tester" for r in unit.reviewed)
    ]
    assert by_tester == [4, 5, 6]
    assert reviewed == [1, 2, 3, 4, 5, 6, 7, 8, 9]
