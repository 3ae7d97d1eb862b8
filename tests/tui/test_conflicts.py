"""The file changed or broke on disk while the app had it open: every edit kept, none clobbered."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from kiroku.tui.dialogs.conflict import ConflictDialog
from kiroku.tui.screens import log as log_screen
from kiroku.tui.screens.log import LogScreen

from tui.annotate_helpers import SIZE, on_disk, opened, saved, screen_text, settle, until

SIDES = ("mine", "theirs")
HAND_NOTE = "        text: しりとりをしましょう。うみ\n        note: written by hand  # kept\n"


def hand_edit(path: Path, old: str, new: str) -> str:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path.read_text("utf-8")


def test_a_hand_edit_and_an_app_edit_on_other_turns_both_survive(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    path = annotate_project.log_path("shiritori-chat")

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app) as pilot:
            hand_edit(path, "        text: しりとりをしましょう。うみ\n", HAND_NOTE)
            await pilot.press("s", "a")  # accept the suggestion on s1-t2
            await pilot.pause(0.4)
            await saved(pilot)
            assert not isinstance(app.screen, ConflictDialog)
            await pilot.press("u")  # undo still works after the merge
            await saved(pilot)
            assert on_disk(path).turn(1, 2).labels == []
            await pilot.press("ctrl+r")
            await saved(pilot)

    asyncio.run(scenario())
    doc = on_disk(path)
    assert doc.turn(1, 1).note_text() == "written by hand"
    assert [lb.id for lb in doc.turn(1, 2).labels] == ["ends-in-n"]
    text = path.read_text("utf-8")
    assert "# A comment written by hand: it must survive every save." in text
    assert "note: written by hand  # kept" in text


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["140x40", "80x24"])
def test_the_same_turn_changed_on_both_sides_asks_and_shows_both(
    make_app: Callable[..., AnnotateApp], annotate_project: Project, size: tuple[int, int]
) -> None:
    path = annotate_project.log_path("shiritori-chat")
    long_translation = (
        "        translation_en: \"Let's play shiritori! A word ending in ん loses."
        ' I start with umi (sea), so yours begins with mi."\n'
    )
    hand_edit(
        path,
        "        text: しりとりをしましょう。うみ\n",
        "        text: しりとりをしましょう。うみ\n" + long_translation,
    )

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app, size) as pilot:
            await pilot.press("j")
            await pilot.press("e")
            await pilot.pause()
            await pilot.press(*"app note")
            await pilot.press("ctrl+s")
            await saved(pilot)
            edited = hand_edit(path, "        text: しりとりをしましょう。うみ\n", HAND_NOTE)
            edited = hand_edit(
                path, "      - index: 3\n", "      - index: 3\n        note: third by hand\n"
            )
            await pilot.press("k", "e")  # s1-t1, changed by hand too
            await pilot.pause()
            await pilot.press(*"note from the app")
            await pilot.press("ctrl+s")
            await pilot.pause(0.4)
            # the dialog, once it has been drawn (a screen just pushed shows nothing yet)
            await until(
                pilot,
                lambda: isinstance(app.screen, ConflictDialog) and "On disk" in screen_text(app),
            )
            shown = screen_text(app)
            assert "Yours (this app)" in shown and "On disk" in shown
            # the choice stays in sight, at 80x24 too (it was pushed below the screen's foot)
            assert "[m] Keep mine" in shown and "[d] Keep the disk's" in shown
            dialog = app.screen
            body = " ".join(str(s.render()) for s in dialog.query("Static"))
            assert "s1-t1 of logs/shiritori-chat.yaml was changed here and on disk" in body
            mine, theirs = (str(dialog.query_one(f"#conflict-{side}").render()) for side in SIDES)
            assert "note from the app  — tester" in mine and "written by hand  — ?" in theirs
            # what differs comes first on each side, in sight at 80x24 too; the long
            # translation both sides share comes after it, dimmed
            assert "note from the app" in shown and "written by hand" in shown
            assert mine.index("Note:") < mine.index("the same on both sides")
            assert mine.index("the same on both sides") < mine.index("English translation:")
            assert path.read_text("utf-8") == edited  # nothing written before she chooses
            await pilot.press("m")
            await saved(pilot)

    asyncio.run(scenario())
    doc = on_disk(path)
    assert doc.turn(1, 1).note_text() == "note from the app"
    assert doc.turn(1, 2).note_text() == "app note"
    assert doc.turn(1, 3).note_text() == "third by hand"


def test_invalid_yaml_on_disk_keeps_the_work_and_quits_non_zero_without_a_traceback(
    make_app: Callable[..., AnnotateApp], annotate_project: Project
) -> None:
    """Was: a StorageError traceback and exit status 0 after `e`, typing, Ctrl+S, then `r`."""
    path = annotate_project.log_path("shiritori-chat")
    good = path.read_text("utf-8")
    broken = good.replace("name: Test Model", 'name: "Test Model', 1)
    recovery = annotate_project.root / ".kiroku" / "recovery" / "shiritori-chat.yaml"
    app = make_app(open_id="shiritori-chat")

    async def scenario() -> None:
        async with opened(app) as pilot:
            path.write_text(broken, "utf-8")
            await pilot.press("j", "e")
            await pilot.pause()
            await pilot.press(*"do not lose me")
            await pilot.press("ctrl+s")
            await pilot.pause(0.4)
            await until(pilot, recovery.exists)
            await pilot.press("r")
            await pilot.pause(0.3)
            screen = app.screen
            assert isinstance(screen, LogScreen) and screen.dirty
            shown = screen_text(app)
            assert "logs/shiritori-chat.yaml:8: invalid YAML" in " ".join(shown.split())
            assert "File unreadable, changes unsaved" in shown
            assert path.read_text("utf-8") == broken
            await pilot.press("q")
            await pilot.pause(0.3)

    asyncio.run(scenario())  # an exception inside the app would be raised here
    assert app.return_code == 1
    assert path.read_text("utf-8") == broken
    assert "do not lose me" in recovery.read_text("utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "shiritori-chat.yaml",
        "taxonomy.yaml",
        "trial-batch.yaml",
    ]

    path.write_text(good, "utf-8")  # she fixes the file and opens the log again
    again = make_app(open_id="shiritori-chat")

    async def reopen() -> None:
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await saved(pilot)
            await pilot.press("j")
            await pilot.pause()
            assert "do not lose me" in screen_text(again)

    asyncio.run(reopen())
    assert not again.return_code
    assert on_disk(path).turn(1, 2).note_text() == "do not lose me"
    assert not recovery.exists()


def test_a_file_fixed_while_the_app_waits_is_merged_at_once(
    make_app: Callable[..., AnnotateApp],
    annotate_project: Project,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(log_screen, "RETRY_EVERY", 0.2)
    path = annotate_project.log_path("shiritori-chat")
    good = path.read_text("utf-8")
    app = make_app(open_id="shiritori-chat")

    async def scenario() -> None:
        async with opened(app) as pilot:
            path.write_text(good.replace("name: Test Model", 'name: "Test Model', 1), "utf-8")
            await pilot.press("j", "v")  # reviewed
            await pilot.pause(0.4)
            screen = app.screen
            assert isinstance(screen, LogScreen)
            await until(pilot, lambda: screen.unreadable is not None)
            path.write_text(good.replace("text: 別", "text: 別"), "utf-8")
            hand_edit(path, "        text: しりとりをしましょう。うみ\n", HAND_NOTE)
            await until(pilot, lambda: screen.unreadable is None and not screen.dirty)
            await pilot.press("q")

    asyncio.run(scenario())
    assert app.return_code == 0
    doc = on_disk(path)
    assert [r.by for r in doc.turn(1, 2).reviewed] == ["tester"]
    assert doc.turn(1, 1).note_text() == "written by hand"
