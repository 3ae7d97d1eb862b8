"""`kiroku check` finds every kind of damage and names the file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import Label
from testkit import DATA

CSV = DATA / "csv"


@pytest.fixture
def imported(project: Project, kiroku) -> Project:
    assert kiroku("import", str(CSV / "two_trials_crlf.csv")).exit_code == 0
    assert kiroku("check").exit_code == 0
    return project


def failing_check(kiroku) -> str:
    result = kiroku("check")
    assert result.exit_code == 1
    return result.stderr


def test_a_changed_raw_file_is_detected(imported: Project, kiroku):
    raw = imported.archive_dir / "two_trials_crlf.csv"
    raw.write_bytes(raw.read_bytes() + b"3,x,False,2026-04-21T04:52:41\r\n")
    assert "source archive/two_trials_crlf.csv changed: its sha256" in failing_check(kiroku)


def test_a_turn_edited_away_from_its_source_is_detected(imported: Project, kiroku):
    path = imported.log_path("test-two-trials")
    path.write_text(
        path.read_text(encoding="utf-8").replace("りんご🍎", "りんご"), encoding="utf-8"
    )
    assert (
        "the recorded turns differ from what archive/two_trials_crlf.csv parses to"
        in failing_check(kiroku)
    )


def test_a_missing_raw_file_is_detected(imported: Project, kiroku):
    (imported.archive_dir / "two_trials_crlf.csv").unlink()
    assert "is missing from the archive" in failing_check(kiroku)


def test_an_unknown_label_id_is_detected(imported: Project, kiroku):
    imported.taxonomy_path.write_text(
        "labels:\n  - id: ends-in-n\n    group: rule-break\n"
        "    name: {ja: 「ん」で終わる, en: Ends in ん}\n    description: {ja: 負け, en: Loses}\n",
        encoding="utf-8",
    )
    path = imported.log_path("test-two-trials")
    loaded = storage.load(path)
    loaded.doc.trials[0].labels.append(Label(id="made-up", by="emi", at=datetime.now(UTC)))
    storage.save(loaded.doc, path)
    assert "label 'made-up' is not in taxonomy.yaml" in failing_check(kiroku)


def test_an_id_that_does_not_match_its_file_is_detected(imported: Project, kiroku):
    path = imported.log_path("test-two-trials")
    path.rename(imported.logs_dir / "renamed.yaml")
    stderr = failing_check(kiroku)
    assert "renamed.yaml: id 'test-two-trials' does not match the file name" in stderr


def test_a_file_broken_by_hand_names_file_and_line(imported: Project, kiroku):
    path = imported.log_path("test-two-trials")
    text = path.read_text(encoding="utf-8").replace("kind: batch", "kind: batch\n  bad indent: [")
    path.write_text(text, encoding="utf-8")
    assert f"{path}:3: invalid YAML" in failing_check(kiroku)


def test_check_passes_on_the_committed_archive():
    from kiroku.check import check_project
    from testkit import REPO

    assert [str(p) for p in check_project(Project(REPO))] == []
