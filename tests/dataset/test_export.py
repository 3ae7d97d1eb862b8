"""`kiroku export` of the real archive: the paper's figures from the tables alone, in every format."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from kiroku.analysis.stats import scientific
from kiroku.dataset.card import figure_sql
from kiroku.dataset.export import export_archive
from scipy.stats import fisher_exact
from testkit import REPO, RealArchive, snapshot_tree

PRECISE = "natural, precise rule, prior word うみ"
IMPRECISE = "natural, imprecise rule, prior word うみ"
FIXED = "fixed prompt, prior word かみ"
READERS = {
    "parquet": "read_parquet('{}')",
    "csv": "read_csv('{}', allow_quoted_nulls = false)",
    "jsonl": "read_json('{}')",
}
FORMATS = list(READERS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_papers_figures_come_back_from_units_and_conditions_alone(
    real_archive: RealArchive, fmt: str
) -> None:
    folder = real_archive.export(fmt)
    rows = duckdb.sql(figure_sql(fmt, prefix=f"{folder}/")).fetchall()
    assert rows == [(FIXED, 50, 50), (IMPRECISE, 30, 50), (PRECISE, 50, 50)]
    precise, imprecise = rows[2][1:], rows[1][1:]
    table = [[precise[0], precise[1] - precise[0]], [imprecise[0], imprecise[1] - imprecise[0]]]
    assert scientific(fisher_exact(table).pvalue) == "1.76 × 10⁻⁷"
    units, conditions = (
        READERS[fmt].format(f"{folder}/{name}.{fmt}") for name in ("units", "conditions")
    )
    others = duckdb.sql(
        f"SELECT first_word, count(*) AS n FROM {units} JOIN {conditions} USING (log_id) "
        f"WHERE name_en = '{IMPRECISE}' AND reading <> 'みかん' "
        "GROUP BY first_word ORDER BY n DESC"
    ).fetchall()
    assert others == [("りんご", 11), ("りす", 9)]


def test_the_study_tables_hold_kiroku_stats_figures(real_archive: RealArchive) -> None:
    folder = real_archive.export("parquet")
    fisher = pd.read_parquet(folder / "study_fisher.parquet").to_dict("records")
    assert len(fisher) == 1
    assert {key: fisher[0][key] for key in ("log_a", "log_b", "a_attractor", "b_attractor")} == {
        "log_a": "claude-natural-precise-umi-n50-20260420",
        "log_b": "claude-natural-imprecise-umi-n50-20260420",
        "a_attractor": 50,
        "b_attractor": 30,
    }
    assert scientific(fisher[0]["p_value"]) == "1.76 × 10⁻⁷"
    words = pl.read_parquet(folder / "study_first_words.parquet")
    imprecise = words.filter(pl.col("log_id") == "claude-natural-imprecise-umi-n50-20260420")
    assert imprecise.select("word", "count").rows() == [("みかん", 30), ("りんご", 11), ("りす", 9)]
    batches = pl.read_parquet(folder / "study_batches.parquet")
    fixed = batches.filter(pl.col("log_id") == "claude-fixed-prompt-kami-n50-20260420")
    assert fixed.select("all_start_with", "corrected_outputs").row(0) == ("みかん", 31)
    corrections = pl.read_parquet(folder / "study_corrections.parquet")
    top = corrections.filter(pl.col("log_id") == "claude-fixed-prompt-kami-n50-20260420")
    assert top.select("word", "count").head(2).rows() == [("みかさ", 15), ("みかど", 8)]


def test_pandas_reads_the_declared_types(real_archive: RealArchive) -> None:
    folder = real_archive.export("parquet")
    logs = pd.read_parquet(folder / "logs.parquet").set_index("log_id")
    precise = logs.loc["claude-natural-precise-umi-n50-20260420"]
    assert precise["date"] == date(2026, 4, 20)
    assert list(precise["tags"]) == ["mikan-phenomenon", "api-batch"]
    assert precise["licence"] == "MIT License"
    assert precise["licence_file"] == "licences/archive/mikan-phenomenon/LICENSE"
    assert "Copyright (c) 2026 Emi" in (folder / precise["licence_file"]).read_text()
    assert (folder / "licences/archive/mikan-phenomenon/SOURCE.md").is_file()
    example = logs.loc["example-claude-shiritori-mikan"]
    assert example["licence_file"] == "licences/LICENSE"
    units = pd.read_parquet(folder / "units.parquet")
    assert str(units["time"].dtype) == "datetime64[us, UTC]"
    trial = units[(units["log_id"] == precise.name) & (units["anchor"] == "trial-1")].iloc[0]
    assert trial["time"].tz is not None and trial["time_offset"] == "+09:00"
    assert json.loads(trial["recorded"]) == {"is_mikan": "True"}
    assert list(trial["played"]) == ["みかん"]
    assert pd.isna(trial["session"]) and trial["index"] == 1


def test_units_and_annotations_join_on_their_keys(real_archive: RealArchive) -> None:
    folder = real_archive.export("parquet")
    orphans = duckdb.sql(
        f"SELECT count(*) FROM '{folder}/annotations.parquet' a "
        f"ANTI JOIN '{folder}/units.parquet' u USING (log_id, anchor)"
    ).fetchall()[0]
    assert orphans == (0,)
    keys = duckdb.sql(
        f"SELECT count(*), count(DISTINCT (log_id, anchor)) FROM '{folder}/units.parquet'"
    ).fetchall()[0]
    logs = duckdb.sql(f"SELECT sum(units) FROM '{folder}/logs.parquet'").fetchall()[0]
    assert keys is not None and logs is not None and keys[0] == keys[1] == logs[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_export_twice_gives_the_same_bytes(
    real_archive: RealArchive, tmp_path: Path, fmt: str
) -> None:
    first = real_archive.export(fmt)
    again = tmp_path / "again"
    export_archive(real_archive.project, again, fmt)
    assert snapshot_tree(again) == snapshot_tree(first)


def test_parquet_files_record_no_time_of_writing(real_archive: RealArchive) -> None:
    """Only the writer's name and version, which the same Kiroku install writes every time."""
    folder = real_archive.export("parquet")
    for path in folder.glob("*.parquet"):
        metadata = pq.ParquetFile(path).metadata
        assert metadata.created_by.startswith("parquet-cpp-arrow version")
        assert set(metadata.metadata or {}) == {b"ARROW:schema"}


def test_the_readmes_worked_query_reproduces_its_figures(real_archive: RealArchive) -> None:
    """The query of the README's section on archives beyond one machine, run as it is written."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("#### When the archive outgrows one machine") :]
    query = section.split("```sql\n", 1)[1].split("```", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    folder = real_archive.export("parquet")
    here = Path.cwd()
    os.chdir(folder.parent)
    try:
        rows = duckdb.sql(query.replace("dataset/", f"{folder.name}/")).fetchall()
    finally:
        os.chdir(here)
    assert [" ".join(str(cell) for cell in row) for row in rows] == [
        " ".join(line.split()) for line in shown.splitlines()
    ]
    assert "fisher_exact([[50, 0], [30, 20]])" in section
