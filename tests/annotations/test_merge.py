"""Merging the app's edits with a file changed by hand: both kept, a collision asked, none lost."""

from __future__ import annotations

import datetime as dt

import pytest
from annotations.test_editor import chat
from kiroku.annotations import edits
from kiroku.annotations.editor import LogEditor
from kiroku.annotations.merge import merge, states_of
from kiroku.annotations.recovery import (
    discard_recovery,
    read_recovery,
    recovery_path,
    write_recovery,
)
from kiroku.errors import StorageError
from kiroku.project import Project
from kiroku.schema import ChatLog

AT = dt.datetime(2026, 4, 22, tzinfo=dt.UTC)


def edited_on_disk(doc: ChatLog) -> ChatLog:
    """What a person's hand edit of the file did: a note on s1-t1, a new title."""
    theirs = doc.model_copy(deep=True)
    theirs.turn(1, 1).note = "written by hand"
    theirs.title.en = "Renamed by hand"
    return theirs


def test_changes_on_different_units_are_both_kept_without_asking() -> None:
    editor = LogEditor(chat())
    base = states_of(editor.doc)
    theirs = edited_on_disk(editor.doc)
    editor.change(3, edits.revise_text(editor.state(3), "note", "mine", "emi", AT), "note")
    merged = merge(base, states_of(editor.doc), theirs)
    assert merged.conflicts == [] and merged.brought_over == ["s1-t4"]
    assert isinstance(merged.doc, ChatLog)
    assert merged.doc.turn(1, 1).note_text() == "written by hand"
    assert merged.doc.turn(1, 4).note_text() == "mine"
    assert merged.doc.title.en == "Renamed by hand"


def test_the_same_unit_changed_on_both_sides_asks_and_either_side_can_win() -> None:
    editor = LogEditor(chat())
    base = states_of(editor.doc)
    theirs = edited_on_disk(editor.doc)
    editor.change(0, edits.revise_text(editor.state(0), "note", "mine", "emi", AT), "note")
    editor.change(3, edits.mark_reviewed(editor.state(3), "emi", AT), "reviewed")
    merged = merge(base, states_of(editor.doc), theirs)
    [conflict] = merged.conflicts
    assert conflict.anchor == "s1-t1"
    assert conflict.mine.note is not None and conflict.mine.note.current == "mine"
    assert conflict.theirs.note is not None and conflict.theirs.note.current == "written by hand"
    with pytest.raises(ValueError, match="no choice for s1-t1"):
        merged.resolve({})
    doc = merge(base, states_of(editor.doc), theirs).resolve({"s1-t1": "mine"})
    assert doc.turn(1, 1).note_text() == "mine" and doc.turn(1, 4).reviewed  # type: ignore[union-attr]
    doc = merge(base, states_of(editor.doc), theirs).resolve({"s1-t1": "theirs"})
    assert doc.turn(1, 1).note_text() == "written by hand" and doc.turn(1, 4).reviewed  # type: ignore[union-attr]


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    editor = LogEditor(chat())
    base = states_of(editor.doc)
    editor.change(1, edits.accept(editor.state(1), "ends-in-n", "emi", AT), "accept")
    theirs = editor.doc.model_copy(deep=True)
    assert merge(base, states_of(editor.doc), theirs).conflicts == []


def test_recovery_keeps_only_the_changed_units_and_reads_back(project: Project) -> None:
    editor = LogEditor(chat())
    base = states_of(editor.doc)
    editor.change(1, edits.accept(editor.state(1), "ends-in-n", "emi", AT), "accept")
    editor.change(2, edits.revise_text(editor.state(2), "translation_en", "Lost?", "emi", AT), "t")
    log_path = project.log_path("shiritori-chat")
    written = write_recovery(project, log_path, "ab" * 32, base, states_of(editor.doc))
    assert (
        written
        == recovery_path(project, log_path)
        == project.root / ".kiroku/recovery/shiritori-chat.yaml"
    )
    assert not list(project.logs_dir.iterdir())  # never inside logs/
    recovery = read_recovery(project, log_path)
    assert recovery is not None and recovery.base_sha256 == "ab" * 32
    assert sorted(recovery.mine) == ["s1-t2", "s1-t3"]
    merged = merge(recovery.base, recovery.mine, chat())
    assert merged.conflicts == []
    assert merged.doc.units()[2].translation_text() == "Lost?"
    assert [lb.by for lb in merged.doc.units()[1].labels] == ["emi"]
    discard_recovery(project, log_path)
    assert read_recovery(project, log_path) is None


def test_a_broken_recovery_file_is_reported_with_its_name(project: Project) -> None:
    log_path = project.log_path("shiritori-chat")
    path = recovery_path(project, log_path)
    path.parent.mkdir(parents=True)
    path.write_text("log: x\nunits: [\n", "utf-8")
    with pytest.raises(StorageError, match=r"recovery/shiritori-chat\.yaml"):
        read_recovery(project, log_path)
