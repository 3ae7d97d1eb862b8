"""`kiroku check` notices every way the archive and the logs can drift apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import BatchLog
from testkit import REPO

RAW = "claude_fixed_prompt_kami_n50_20260420.csv"


@pytest.fixture
def imported(project: Project, kiroku, mikan_files: Path) -> Path:
    """The real batch imported, with the real taxonomy: `kiroku check` passes."""
    assert kiroku("import", "--into", "mikan-phenomenon", str(mikan_files / RAW)).exit_code == 0
    shutil.copy(REPO / "logs" / "taxonomy.yaml", project.taxonomy_path)
    assert kiroku("check").exit_code == 0
    [path] = project.log_paths()
    return path


def test_a_changed_raw_file_is_caught_by_its_checksum(project: Project, kiroku, imported: Path):
    raw = project.archive_dir / "mikan-phenomenon" / RAW
    raw.write_bytes(raw.read_bytes().replace("みかさ".encode(), "みかん".encode(), 1))
    result = kiroku("check")
    assert result.exit_code == 1
    assert f"{imported.name}" in result.stderr and "sha256 no longer matches" in result.stderr


def test_a_log_edited_away_from_its_source_is_caught(project: Project, kiroku, imported: Path):
    loaded = storage.load(imported)
    assert isinstance(loaded.doc, BatchLog)
    loaded.doc.trials[0].output = "りんご"
    storage.save(loaded.doc, imported, loaded.sha256)
    result = kiroku("check")
    assert result.exit_code == 1
    assert "recorded turns differ" in result.stderr


def test_a_label_missing_from_the_taxonomy_is_caught(project: Project, kiroku, imported: Path):
    text = imported.read_text(encoding="utf-8")
    imported.write_text(
        text.replace(
            "  - trial: 1\n",
            "  - trial: 1\n    labels:\n      - id: no-such-label\n        by: emi\n"
            "        at: '2026-04-20T12:00:00+09:00'\n",
            1,
        ),
        encoding="utf-8",
    )
    result = kiroku("check")
    assert result.exit_code == 1
    assert "'no-such-label' is not in taxonomy.yaml" in result.stderr


def test_a_duplicate_id_is_caught(project: Project, kiroku, imported: Path):
    shutil.copy(imported, imported.with_name("copy-of-the-batch.yaml"))
    result = kiroku("check")
    assert result.exit_code == 1
    assert "duplicate id" in result.stderr
    assert "does not match the file name" in result.stderr


def test_a_missing_raw_file_is_caught(project: Project, kiroku, imported: Path):
    (project.archive_dir / "mikan-phenomenon" / RAW).unlink()
    result = kiroku("check")
    assert result.exit_code == 1
    assert "missing from the archive" in result.stderr
