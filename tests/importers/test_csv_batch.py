"""CSV trial batches: the real corpus, encodings, and every kind of broken file."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import BatchLog, Condition, Trial
from testkit import DATA, MIKAN, snapshot_tree

JST = timezone(timedelta(hours=9))
CSV = DATA / "csv"


def test_the_three_real_batches_import_and_check(project: Project, kiroku, mikan_files: Path):
    result = kiroku("import", *map(str, sorted(mikan_files.glob("*.csv"))), "--into", "mikan")
    assert result.exit_code == 0, result.stderr
    logs = {p.stem: storage.load(p).doc for p in project.log_paths()}
    assert sorted(logs) == [
        "claude-fixed-prompt-kami-n50-20260420",
        "claude-natural-imprecise-umi-n50-20260420",
        "claude-natural-precise-umi-n50-20260420",
    ]
    for doc in logs.values():
        assert isinstance(doc, BatchLog)
        assert [t.trial for t in doc.trials] == list(range(1, 51))
        raw = project.absolute(doc.source.path)
        assert raw.read_bytes() == (MIKAN / raw.name).read_bytes()
        assert doc.source.sha256 == storage.sha256_bytes(raw.read_bytes())
        assert doc.model.id == "claude-sonnet-4-6"
    precise = logs["claude-natural-precise-umi-n50-20260420"]
    assert precise.condition.system_prompt is None
    assert precise.condition.prior_word == "うみ"
    assert precise.condition.parameters == {"temperature": 1.0, "max_tokens": 100}
    fixed = logs["claude-fixed-prompt-kami-n50-20260420"]
    assert fixed.condition.user_prompt.splitlines()[-2:] == ["A: かみ", "B:"]
    assert fixed.trials[0].output.startswith("みかん\n\nWait, that ends in 'ん'")
    assert fixed.trials[0].timestamp == datetime(2026, 4, 21, 2, 41, 1, 48617, tzinfo=JST)
    assert fixed.trials[0].recorded == {"is_mikan": "True"}
    assert kiroku("check").exit_code == 0


def test_a_small_batch_is_parsed_exactly(project: Project, kiroku):
    assert kiroku("import", str(CSV / "two_trials_crlf.csv")).exit_code == 0
    doc = storage.load(project.log_path("test-two-trials")).doc
    assert isinstance(doc, BatchLog)
    assert doc.condition == Condition(
        name={"en": "natural, precise rule"},
        user_prompt="しりとりをしましょう。うみ",
        prior_word="うみ",
        parameters={"temperature": 1.0, "max_tokens": 100},
    )
    assert doc.trials == [
        Trial(
            trial=1,
            output="「み」からですね！\n\n**みかん** 🍊",
            timestamp=datetime(2026, 4, 21, 4, 52, 38, 996037, tzinfo=JST),
            recorded={"is_mikan": "True"},
        ),
        Trial(
            trial=2,
            output="りんご🍎",
            timestamp=datetime(2026, 4, 21, 4, 52, 40, 311983, tzinfo=JST),
            recorded={"is_mikan": "False"},
        ),
    ]


@pytest.mark.parametrize("name", ["two_trials_cp932", "two_trials_bom"])
def test_shift_jis_and_bom_files_decode_to_the_same_text(project: Project, kiroku, name: str):
    assert kiroku("import", str(CSV / f"{name}.csv")).exit_code == 0
    doc = storage.load(project.log_path("test-" + name.replace("_", "-"))).doc
    assert isinstance(doc, BatchLog)
    assert [t.output for t in doc.trials] == ["「み」からですね！\n\n**みかん** ", "りんご"]
    assert kiroku("check").exit_code == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty", "empty.csv: empty file"),
        ("truncated", "truncated.csv:3: broken CSV"),
        ("missing_output_column", "missing_output_column.csv:1: missing column(s) output"),
        ("short_row", "short_row.csv:3: row has 2 fields, the header has 4"),
        (
            "no_offset_declared",
            "no_offset_declared.csv:2: timestamp '2026-04-21T04:52:38' has no offset",
        ),
        ("not_text", "not_text.csv:2: cannot decode: not UTF-8, UTF-16 with BOM or Shift_JIS"),
    ],
)
def test_bad_csv_is_refused_with_file_and_line_and_nothing_changes(
    project: Project, kiroku, mikan_files: Path, name: str, message: str
):
    assert (
        kiroku("import", str(mikan_files / "claude_natural_precise_umi_n50_20260420.csv")).exit_code
        == 0
    )
    before = snapshot_tree(project.root)
    result = kiroku("import", str(CSV / f"{name}.csv"))
    assert result.exit_code == 1
    assert message in result.stderr
    assert snapshot_tree(project.root) == before


def test_a_good_file_is_not_half_imported_with_a_bad_one(project: Project, kiroku):
    result = kiroku("import", str(CSV / "two_trials_crlf.csv"), str(CSV / "truncated.csv"))
    assert result.exit_code == 1
    assert snapshot_tree(project.root) == {}


def test_without_a_sidecar_the_missing_condition_is_named(project: Project, kiroku, tmp_path: Path):
    lone = tmp_path / "lone.csv"
    shutil.copy(CSV / "two_trials_crlf.csv", lone)
    result = kiroku("import", str(lone))
    assert result.exit_code == 1
    assert "lone.csv.meta.yaml" in result.stderr
