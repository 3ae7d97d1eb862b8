"""Annotation operations on plain documents: who and when on every change, history kept, undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.analysis.suggest import annotate
from kiroku.annotations import edits
from kiroku.annotations.editor import LogEditor
from kiroku.annotations.units import anchors, position_of, progress, unconfirmed
from kiroku.errors import KirokuError
from kiroku.schema import ChatLog, RevisedText, TextVersion, Trial
from kiroku.tui.data.summary import summarize
from testkit import DATA

AT = dt.datetime(2026, 4, 22, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 4, 23, tzinfo=dt.UTC)
TUI_DATA = DATA / "tui"


def chat() -> ChatLog:
    path = TUI_DATA / "shiritori-chat.yaml"
    doc = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
    assert isinstance(doc, ChatLog)
    return doc


def test_accepting_keeps_the_suggestion_and_records_who_and_when() -> None:
    editor = LogEditor(chat())
    unit = editor.units[1]
    editor.change(1, edits.accept(editor.state(1), "ends-in-n", "emi", AT), "change.accept")
    assert [(lb.id, lb.by, lb.at) for lb in unit.labels] == [("ends-in-n", "emi", AT)]
    assert [s.id for s in unit.suggestions] == ["ends-in-n", "mikan"]
    assert [s.id for s in unconfirmed(unit)] == ["mikan"]


def test_switching_a_label_off_records_who_removed_it_and_undo_brings_it_back() -> None:
    editor = LogEditor(chat())
    editor.change(0, edits.toggle_label(editor.state(0), "mikan", "emi", AT), "change.label_on")
    editor.change(0, edits.toggle_label(editor.state(0), "mikan", "emi", LATER), "change.label_off")
    unit = editor.units[0]
    assert unit.labels == []
    [removed] = unit.removed_labels
    assert (removed.id, removed.by, removed.at) == ("mikan", "emi", AT)
    assert (removed.removed_by, removed.removed_at) == ("emi", LATER)
    assert editor.undo() is not None and [lb.id for lb in unit.labels] == ["mikan"]
    assert unit.removed_labels == []
    assert editor.undo() is not None and unit.labels == []
    assert editor.undo() is None
    assert editor.redo() is not None and [lb.id for lb in unit.labels] == ["mikan"]
    assert editor.revision == 5


def test_annotators_label_independently() -> None:
    """s1-t4 carries emi's self-correction: kaito's toggle adds his own, then removes only his."""
    editor = LogEditor(chat())
    state = edits.toggle_label(editor.state(3), "self-correction", "kaito", AT)
    assert [(lb.id, lb.by) for lb in state.labels] == [
        ("self-correction", "emi"),
        ("self-correction", "kaito"),
    ]
    state = edits.toggle_label(state, "self-correction", "kaito", LATER)
    assert [(lb.id, lb.by) for lb in state.labels] == [("self-correction", "emi")]
    # asked for it off without having set it: the label goes, and it says who took it off
    state = edits.label_off(state, "self-correction", "kaito", LATER)
    assert state.labels == () and state.removed_labels[-1].by == "emi"
    assert state.removed_labels[-1].removed_by == "kaito"


def test_replacing_a_translation_keeps_the_earlier_version_with_its_author() -> None:
    state = edits.UnitState(translation_en=RevisedText(text="From mi"))  # written before provenance
    state = edits.revise_text(state, "translation_en", "From mi: mikan", "emi", AT)
    state = edits.revise_text(state, "translation_en", "From mi: mikan!", "kaito", LATER)
    assert state.translation_en == RevisedText(
        text="From mi: mikan!",
        by="kaito",
        at=LATER,
        earlier=[TextVersion(text="From mi"), TextVersion(text="From mi: mikan", by="emi", at=AT)],
    )
    assert edits.revise_text(state, "translation_en", "From mi: mikan!", "emi", AT) == state
    removed = edits.revise_text(state, "translation_en", "  \n", "emi", LATER)
    assert removed.translation_en is not None and removed.translation_en.current is None
    assert removed.translation_en.by == "emi" and len(removed.translation_en.earlier) == 3


def test_plain_text_of_an_old_file_loads_and_is_written_back_unchanged() -> None:
    trial = Trial.model_validate({"trial": 1, "output": "みかん", "note": "old note"})
    assert trial.note == RevisedText(text="old note") and trial.note_text() == "old note"
    assert trial.model_dump(mode="json", exclude_defaults=True)["note"] == "old note"
    revised = edits.revise_text(edits.state_of(trial), "note", "new note", "emi", AT)
    edits.apply_state(trial, revised)
    assert trial.model_dump(mode="json", exclude_defaults=True)["note"] == {
        "text": "new note",
        "by": "emi",
        "at": "2026-04-22T00:00:00Z",
        "earlier": [{"text": "old note"}],
    }


def test_no_word_played_is_kept_and_talk_plays_nothing() -> None:
    state = edits.correct_played(edits.UnitState(), [], "emi", AT)
    assert state.played_override is not None and state.played_override.words == []
    talk = edits.correct_played(edits.UnitState(), ["みかん"], "emi", AT, talk=True)
    assert talk.played_override is not None
    assert (talk.played_override.words, talk.played_override.talk) == ([], True)
    assert edits.clear_played(talk).played_override is None
    assert edits.split_words("みかさ、みず,  みみず") == ["みかさ", "みず", "みみず"]


def test_reviewed_mark_moves_progress_and_the_rest_of_a_session_is_one_step() -> None:
    editor = LogEditor(chat())
    assert progress(editor.units) == (1, 4)  # s1-t4 is labelled
    editor.change(0, edits.mark_reviewed(editor.state(0), "emi", AT), "change.reviewed")
    assert progress(editor.units) == (2, 4)
    span = editor.rest_of_session(1)
    assert list(span) == [1, 2, 3]
    editor.edit(span, lambda s: edits.mark_reviewed(s, "emi", AT), "change.rest_reviewed")
    assert progress(editor.units) == (4, 4)
    assert [r.by for r in editor.units[3].reviewed] == ["emi"]
    editor.undo()
    assert progress(editor.units) == (2, 4)
    summary = summarize(editor.doc, Path("logs/shiritori-chat.yaml"))
    assert (summary.units, summary.done) == (4, 2)


def test_bulk_accept_over_a_batch_is_one_undo_step_and_skips_what_was_dismissed() -> None:
    path = DATA / "annotations" / "batch-four-mikan-trials.yaml"
    doc = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
    editor = LogEditor(doc)
    change = editor.decide_all("ends-in-n", range(len(editor.units)), "accept", "emi", AT)
    assert change is not None and sorted(change.after) == [0, 3, 4]  # trial 3 was dismissed
    assert [[lb.id for lb in unit.labels] for unit in editor.units] == [
        ["ends-in-n"],
        [],
        [],
        ["ends-in-n"],
        ["ends-in-n"],
    ]
    assert change.values == {"label": "ends-in-n", "count": "3"}
    editor.undo()
    assert all(not unit.labels for unit in editor.units)
    assert editor.decide_all("mikan", range(5), "dismiss", "emi", AT) is None
    dismissed = editor.decide_all("ends-in-n", [0, 1], "dismiss", "emi", AT)
    assert dismissed is not None and list(dismissed.after) == [0]
    assert [r.by for r in editor.units[0].rejected] == ["emi"]


def test_an_edit_that_changes_nothing_is_not_recorded() -> None:
    editor = LogEditor(chat())
    assert editor.change(0, editor.state(0), "change.note") is None
    assert editor.revision == 0 and editor.done == []


def test_find_next_unlabelled_and_next_suggestion() -> None:
    editor = LogEditor(chat())
    assert editor.find(0, "unlabelled") == 1
    assert editor.find(1, "unlabelled") == 2
    assert editor.find(2, "unlabelled") is None
    assert editor.find(0, "unconfirmed") == 1
    assert editor.find(1, "unconfirmed") is None


def test_anchors_and_positions() -> None:
    doc = chat()
    assert anchors(doc) == ["s1-t1", "s1-t2", "s1-t3", "s1-t4"]
    assert position_of(doc, "s1-t3") == 2
    with pytest.raises(KirokuError, match="no unit 's2-t1'"):
        position_of(doc, "s2-t1")


def test_summary_counts_and_filters() -> None:
    doc = chat()
    summary = summarize(doc, Path("logs/shiritori-chat.yaml"))
    assert (summary.units, summary.done, summary.unconfirmed) == (4, 1, 1)
    assert summary.matches("みず")
    assert summary.matches("SHIRITORI test")
    assert not summary.matches("みみず")
    assert summary.matches(model="Test Model", label="mikan", unconfirmed_only=True)
    assert not summary.matches(model="Other Model")
    assert not summary.matches(label="wrong-first-mora")


def test_a_correction_checks_the_game_again_at_once_and_undo_takes_both_back() -> None:
    editor = LogEditor(chat())
    change = editor.correct_played(1, ["みかさ"], "emi", AT)
    assert change is not None
    s1t2, s1t4 = editor.units[1], editor.units[3]
    assert [s.id for s in s1t2.suggestions] == []  # みかさ does not end in ん
    assert [(s.id, s.reason) for s in s1t4.suggestions] == [
        ("chain-broken", "みず starts with み, but みかさ ends in さ")
    ]
    editor.change(3, edits.dismiss(editor.state(3), "chain-broken", "emi", AT), "change.reject")
    editor.correct_played(1, ["みかさ", "みかど"], "emi", LATER)
    assert [s.id for s in s1t4.suggestions] == ["chain-broken"]
    assert unconfirmed(s1t4) == []  # dismissed stays dismissed
    editor.undo()
    editor.undo()
    editor.undo()
    assert s1t2.played_override is None and [s.id for s in s1t2.suggestions] == [
        "ends-in-n",
        "mikan",
    ]
    assert s1t4.suggestions == []


def test_no_word_and_talk_corrections_are_kept_and_judged_by_the_analysis() -> None:
    editor = LogEditor(chat())
    editor.correct_played(1, [], "emi", AT)  # the model played no word after うみ
    editor.correct_played(2, ["ねこ"], "emi", AT, talk=True)
    s1t2, s1t3 = editor.units[1], editor.units[2]
    assert s1t2.played == [] and s1t2.played_override is not None
    assert s1t3.played_override is not None and s1t3.played_override.talk
    expected = annotate(editor.doc, AT)  # what `kiroku analyse` would write
    assert [u.suggestions for u in editor.units] == [u.suggestions for u in expected.units()]
    assert "ends-in-n" not in [s.id for s in s1t2.suggestions]
    editor.correct_played(1, None, "emi", AT)
    assert s1t2.played_override is None
    assert "ends-in-n" in [s.id for s in s1t2.suggestions]


def test_a_correction_in_a_conversation_log_checks_nothing_else() -> None:
    doc = chat()
    doc.experiment = "conversation"
    editor = LogEditor(doc)
    before = [list(u.suggestions) for u in editor.units]
    change = editor.correct_played(1, ["みかさ"], "emi", AT)
    assert change is not None and list(change.after) == [1]
    assert [list(u.suggestions) for u in editor.units] == before
