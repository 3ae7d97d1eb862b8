"""The export streams: tables written block by block hold what one block would, the same bytes twice."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from kiroku import storage
from kiroku.analysis.stats import report
from kiroku.bench.export_figures import write_archive_fast
from kiroku.bench.synth import SynthSpec
from kiroku.dataset import writers
from kiroku.dataset.export import export_archive
from kiroku.project import Project
from testkit import snapshot_tree

DOCUMENTS = 90
UNITS = 4


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project(tmp_path_factory.mktemp("synthetic"))
    write_archive_fast(project, SynthSpec(DOCUMENTS, UNITS, 2026))
    return project


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_small_blocks_hold_the_rows_one_block_holds_and_give_the_same_bytes_twice(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    whole = tmp_path / "whole"
    export_archive(project, whole, fmt)
    monkeypatch.setattr(writers, "BLOCK_ROWS", 50)
    monkeypatch.setattr(writers, "COMPACT_BATCHES", 4)
    first, again = tmp_path / "first", tmp_path / "again"
    export_archive(project, first, fmt)
    export_archive(project, again, fmt)
    assert snapshot_tree(first) == snapshot_tree(again)
    if fmt == "csv":
        assert snapshot_tree(first) == snapshot_tree(whole)
        return
    units = pq.ParquetFile(first / "units.parquet")
    assert units.metadata.num_rows == DOCUMENTS * UNITS
    assert units.metadata.num_row_groups > 1
    for path in sorted(whole.glob("*.parquet")):
        assert pq.read_table(first / path.name).equals(pq.read_table(path)), path.name
    ids = pq.read_table(first / "logs.parquet").column("log_id").to_pylist()
    assert ids == sorted(ids) and len(ids) == DOCUMENTS


def test_the_study_tables_written_batch_by_batch_are_kiroku_stats_figures(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writers, "BLOCK_ROWS", 20)
    export_archive(project, tmp_path / "out", "parquet")
    expected = report(storage.load(path).doc for path in project.log_paths())
    batches = pq.read_table(tmp_path / "out" / "study_batches.parquet").to_pylist()
    assert [(row["log_id"], row["attractor_count"]) for row in batches] == [
        (figures.log_id, figures.attractor_count) for figures in expected.batches
    ]
    words = pq.read_table(tmp_path / "out" / "study_first_words.parquet").to_pylist()
    assert [(row["log_id"], row["word"], row["count"]) for row in words] == [
        (figures.log_id, count.word, count.count)
        for figures in expected.batches
        for count in figures.first_words
    ]
    labels = pq.read_table(tmp_path / "out" / "study_labels.parquet").to_pylist()
    assert labels == [count.model_dump() for count in expected.labels]
