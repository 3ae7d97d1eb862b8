"""The scriptable annotation commands, run as a person would from the project folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog
from testkit import DATA

Kiroku = Callable[..., object]


@pytest.fixture
def logs(project: Project) -> Project:
    for path in (
        DATA / "tui" / "shiritori-chat.yaml",
        DATA / "tui" / "taxonomy.yaml",
        DATA / "annotations" / "batch-four-mikan-trials.yaml",
    ):
        shutil.copy(path, project.logs_dir / path.name)
    return project


def on_disk(path: Path) -> ChatLog | BatchLog:
    storage._SNAPSHOTS.clear()
    return storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)


def test_label_on_and_off_records_who_and_keeps_the_comments(logs: Project, kiroku) -> None:
    path = logs.log_path("shiritori-chat")
    result = kiroku(
        "label", "shiritori-chat", "s1-t3", "+mikan", "+self-correction", "--who", "emi"
    )
    assert result.exit_code == 0, result.stderr
    assert result.output == "s1-t3: +mikan\ns1-t3: +self-correction\n"
    result = kiroku("label", "shiritori-chat", "s1-t3", "-mikan", "--who", "kaito")
    assert result.exit_code == 0, result.stderr
    turn = on_disk(path).turn(1, 3)  # type: ignore[union-attr]
    assert [(lb.id, lb.by) for lb in turn.labels] == [("self-correction", "emi")]
    assert [(r.id, r.by, r.removed_by) for r in turn.removed_labels] == [("mikan", "emi", "kaito")]
    assert "# A comment written by hand: it must survive every save." in path.read_text("utf-8")


def test_label_refuses_an_unknown_label_or_unit_and_writes_nothing(logs: Project, kiroku) -> None:
    path = logs.log_path("shiritori-chat")
    before = path.read_bytes()
    result = kiroku("label", "shiritori-chat", "s1-t3", "+no-such-label")
    assert result.exit_code == 1
    assert "unknown label 'no-such-label'" in result.stderr and "taxonomy.yaml" in result.stderr
    result = kiroku("label", "shiritori-chat", "s9-t1", "+mikan")
    assert result.exit_code == 1 and "shiritori-chat has no unit 's9-t1'" in result.stderr
    result = kiroku("label", "shiritori-chat", "s1-t3", "mikan")
    assert result.exit_code == 1 and "write +LABEL" in result.stderr
    assert path.read_bytes() == before


def test_review_accepts_one_rule_over_a_batch_and_marks_reviewed(logs: Project, kiroku) -> None:
    path = logs.log_path("batch-four-mikan-trials")
    result = kiroku("review", "batch-four-mikan-trials", "--accept", "ends-in-n", "--who", "emi")
    assert result.exit_code == 0, result.stderr
    assert result.output == "accepted ends-in-n on 3 unit(s): trial-1, trial-4, trial-5\n"
    result = kiroku("review", "batch-four-mikan-trials", "trial-2", "trial-3", "--reviewed")
    assert result.exit_code == 0, result.stderr
    doc = on_disk(path)
    assert [[lb.id for lb in u.labels] for u in doc.units()] == [
        ["ends-in-n"],
        [],
        [],
        ["ends-in-n"],
        ["ends-in-n"],
    ]
    assert [bool(u.reviewed) for u in doc.units()] == [False, True, True, False, False]
    assert "# trial 3 was dismissed by hand earlier" in path.read_text("utf-8")


def test_review_of_one_session(logs: Project, kiroku) -> None:
    result = kiroku("review", "shiritori-chat", "--dismiss", "ends-in-n", "--session", "1")
    assert result.exit_code == 0, result.stderr
    assert result.output == "dismissed ends-in-n on 1 unit(s): s1-t2\n"
    result = kiroku("review", "shiritori-chat", "--reviewed", "--session", "2")
    assert result.exit_code == 1 and "has no session 2 (it has 1)" in result.stderr
    assert kiroku("review", "shiritori-chat").exit_code == 1


def test_translate_twice_keeps_the_first_version(logs: Project, kiroku) -> None:
    path = logs.log_path("shiritori-chat")
    assert kiroku("translate", "shiritori-chat", "s1-t2", "Mikan!", "--who", "emi").exit_code == 0
    assert (
        kiroku(
            "translate", "shiritori-chat", "s1-t2", "From mi: mikan.", "--who", "kaito"
        ).exit_code
        == 0
    )
    assert kiroku("note", "shiritori-chat", "s1-t2", "loses on ん", "--who", "emi").exit_code == 0
    turn = on_disk(path).turn(1, 2)  # type: ignore[union-attr]
    assert turn.translation_en is not None
    assert (turn.translation_text(), turn.translation_en.by) == ("From mi: mikan.", "kaito")
    assert [(v.text, v.by) for v in turn.translation_en.earlier] == [("Mikan!", "emi")]
    assert turn.note_text() == "loses on ん"
    text = path.read_text("utf-8")
    assert (
        "        translation_en:\n          text: 'From mi: mikan.'\n          by: kaito\n" in text
    )


def test_played_correction_checks_the_game_again(logs: Project, kiroku) -> None:
    path = logs.log_path("shiritori-chat")
    result = kiroku("played", "shiritori-chat", "s1-t2", "みかさ", "--who", "emi")
    assert result.exit_code == 0, result.stderr
    assert result.output.startswith("s1-t2: corrected; checked again: ")
    doc = on_disk(path)
    assert isinstance(doc, ChatLog)
    assert "ends-in-n" not in [s.id for s in doc.turn(1, 2).suggestions]
    assert "chain-broken" in [s.id for s in doc.turn(1, 4).suggestions]
    assert kiroku("played", "shiritori-chat", "s1-t3", "--talk").exit_code == 0
    override = on_disk(path).turn(1, 3).played_override  # type: ignore[union-attr]
    assert override is not None and (override.words, override.talk) == ([], True)
    result = kiroku("played", "shiritori-chat", "s1-t3", "--talk", "--none")
    assert result.exit_code == 1 and "exactly one of" in result.stderr


def test_every_annotation_command_has_help(kiroku) -> None:
    for name, phrase in (
        ("label", "-ends-in-n"),
        ("review", "--accept ends-in-n --session 1"),
        ("translate", "kept with its author"),
        ("note", "kept with its author"),
        ("played", "checked again"),
    ):
        result = kiroku(name, "--help")
        assert result.exit_code == 0 and phrase in " ".join(result.output.split()), name
