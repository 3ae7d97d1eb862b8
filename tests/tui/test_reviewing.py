"""Finishing a log fast: the reviewed mark moves progress, one rule accepted everywhere in one step."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kiroku import storage
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp

from tui.annotate_helpers import AddLog, opened, panel_text, saved, screen_text, settle

BATCH = "batch-four-mikan-trials"


def labels_on_disk(project: Project) -> list[list[str]]:
    path = project.log_path(BATCH)
    storage._SNAPSHOTS.clear()
    doc = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
    return [[label.id for label in unit.labels] for unit in doc.units()]


def test_bulk_accept_of_one_rule_over_the_batch_is_one_undo_step(
    make_app: Callable[..., AnnotateApp], add_log: AddLog, annotate_project: Project
) -> None:
    add_log(BATCH)

    async def scenario() -> None:
        app = make_app(open_id=BATCH)
        async with opened(app) as pilot:
            assert "done 0/5" in screen_text(app)
            await pilot.press("A")  # trial 1's open suggestion: ends-in-n
            await saved(pilot)
            assert labels_on_disk(annotate_project) == [
                ["ends-in-n"],
                [],
                [],  # dismissed by hand before: left alone
                ["ends-in-n"],
                ["ends-in-n"],
            ]
            assert "done 3/5" in screen_text(app)
            await pilot.press("u")
            await saved(pilot)
            assert labels_on_disk(annotate_project) == [[], [], [], [], []]
            assert "done 0/5" in screen_text(app)

    asyncio.run(scenario())


def test_bulk_dismiss_over_marked_trials_only(
    make_app: Callable[..., AnnotateApp], add_log: AddLog, annotate_project: Project
) -> None:
    add_log(BATCH)
    path = annotate_project.log_path(BATCH)

    async def scenario() -> None:
        app = make_app(open_id=BATCH)
        async with opened(app) as pilot:
            await pilot.press("m", "j")  # trial 1 marked, the cursor on trial 2
            await pilot.pause()
            assert "marked for A/X" not in panel_text(app, "heading")
            await pilot.press("k")
            assert "● marked for A/X" in panel_text(app, "heading")
            await pilot.press("j", "j", "j", "m")  # and trial 4
            await pilot.pause()
            assert "marked for A/X" in panel_text(app, "heading")
            assert "2 marked" in screen_text(app)
            await pilot.press("X")
            await saved(pilot)
            assert "marked" not in screen_text(app)

    asyncio.run(scenario())
    doc = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
    assert [[r.by for r in unit.rejected] for unit in doc.units()] == [
        ["tester"],
        [],
        ["emi"],
        ["tester"],
        [],
    ]


def test_the_reviewed_mark_moves_progress_in_the_log_and_the_list(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            assert "done 1/4" in screen_text(app)  # s1-t4 is labelled
            await pilot.press("v")  # s1-t1 is clean: reviewed
            await saved(pilot)
            shown = screen_text(app)
            assert "done 2/4" in shown and "reviewed by tester" in shown
            await pilot.press("j", "V")  # the rest of the session from s1-t2
            await saved(pilot)
            assert "done 4/4" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert "4/4" in screen_text(app)

    asyncio.run(scenario())
    doc = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
    assert [[r.by for r in unit.reviewed] for unit in doc.units()] == [["tester"]] * 4


def test_d_goes_to_the_units_where_annotators_disagree(
    make_app: Callable[..., AnnotateApp], add_log: AddLog
) -> None:
    add_log("two-annotators")

    async def scenario() -> None:
        app = make_app(open_id="two-annotators")
        async with opened(app) as pilot:
            visited = []
            for _ in range(3):
                await pilot.press("d")
                await pilot.pause()
                visited.append(app.screen.position)  # type: ignore[attr-defined]
            assert visited == [3, 4, 5]  # trials 4, 5 and 6: emi and kaito labelled differently
            await pilot.press("d")  # past the last one: round to the first, with a word
            await pilot.pause()
            assert app.screen.position == 3  # type: ignore[attr-defined]
            notices = [str(notice.message) for notice in app._notifications]
            assert notices[-1] == "Wrapped round to the start: trial-4"

    asyncio.run(scenario())
