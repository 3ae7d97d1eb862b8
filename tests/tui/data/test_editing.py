"""Edits, undo and redo on plain documents: no app, no files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiroku import storage
from kiroku.schema import ChatLog
from kiroku.tui.data import editing
from kiroku.tui.data.editing import LogEditor
from kiroku.tui.data.summary import summarize
from kiroku.tui.data.units import anchors, unconfirmed

from tui.annotate_helpers import TUI_DATA

AT = dt.datetime(2026, 4, 22, tzinfo=dt.UTC)


def chat() -> ChatLog:
    path = TUI_DATA / "shiritori-chat.yaml"
    doc = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
    assert isinstance(doc, ChatLog)
    return doc


def test_accepting_keeps_the_suggestion_and_records_who_and_when() -> None:
    editor = LogEditor(chat())
    unit = editor.units[1]
    after = editing.accept_suggestion(editor.state(1), unit.suggestions[0], "emi", AT)
    editor.change(1, after, "change.accept")
    assert [(lb.id, lb.by, lb.at) for lb in unit.labels] == [("ends-in-n", "emi", AT)]
    assert [s.id for s in unit.suggestions] == ["ends-in-n", "mikan"]
    assert [s.id for s in unconfirmed(unit)] == ["mikan"]


def test_toggle_twice_undo_redo() -> None:
    editor = LogEditor(chat())
    on = editing.toggle_label(editor.state(0), "mikan", "emi", AT)
    editor.change(0, on, "change.label_on")
    off = editing.toggle_label(editor.state(0), "mikan", "emi", AT)
    editor.change(0, off, "change.label_off")
    assert editor.units[0].labels == []
    assert editor.undo() is not None and [lb.id for lb in editor.units[0].labels] == ["mikan"]
    assert editor.undo() is not None and editor.units[0].labels == []
    assert editor.undo() is None
    assert editor.redo() is not None and [lb.id for lb in editor.units[0].labels] == ["mikan"]
    assert editor.revision == 5


def test_an_edit_that_changes_nothing_is_not_recorded() -> None:
    editor = LogEditor(chat())
    assert editor.change(0, editor.state(0), "change.note") is None
    assert editor.revision == 0 and editor.done == []


def test_empty_text_removes_the_field_and_words_are_split() -> None:
    state = editing.with_text(editing.AnnotationState(note="x"), "note", "  \n")
    assert state.note is None
    assert editing.split_words("みかさ、みず,  みみず") == ["みかさ", "みず", "みみず"]
    cleared = editing.with_played_override(editing.AnnotationState(), [], "emi", AT)
    assert cleared.played_override is None


def test_find_next_unlabelled_and_next_suggestion() -> None:
    editor = LogEditor(chat())
    assert editor.find(0, "unlabelled") == 1
    assert editor.find(1, "unlabelled") == 2
    assert editor.find(2, "unlabelled") is None
    assert editor.find(0, "unconfirmed") == 1
    assert editor.find(1, "unconfirmed") is None


def test_summary_counts_and_filters() -> None:
    doc = chat()
    summary = summarize(doc, Path("logs/shiritori-chat.yaml"))
    assert anchors(doc) == ["s1-t1", "s1-t2", "s1-t3", "s1-t4"]
    assert (summary.units, summary.labelled, summary.unconfirmed) == (4, 1, 1)
    assert summary.matches("みず")
    assert summary.matches("SHIRITORI test")
    assert not summary.matches("みみず")
    assert summary.matches(model="Test Model", label="mikan", unconfirmed_only=True)
    assert not summary.matches(model="Other Model")
    assert not summary.matches(label="wrong-first-mora")
