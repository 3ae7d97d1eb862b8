"""`kiroku export` as a person runs it: filters, provenance of every annotation, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from kiroku.project import Project
from testkit import DATA, REPO, real_project, snapshot_tree

ANNOTATED = DATA / "dataset" / "chat-with-accepted-dismissed-and-corrected-suggestions.yaml"


def ids(folder: Path, table: str = "logs", column: str = "log_id") -> list[str]:
    return sorted(pq.read_table(folder / f"{table}.parquet").column(column).to_pylist())


def with_real_archive(project: Project) -> None:
    shutil.rmtree(project.root / "archive")
    shutil.rmtree(project.root / "logs")
    real_project(project.root)


def test_filters_choose_the_logs_and_the_study_tables_follow(project, kiroku, tmp_path) -> None:
    with_real_archive(project)
    out = tmp_path / "out"
    run = kiroku("export", str(out), "--experiment", "conversation")
    assert run.exit_code == 0, run.stderr
    assert ids(out) == ["example-chatgpt-rice-cooker"]
    assert (
        ids(out, "units")
        == ["example-chatgpt-rice-cooker"] * pq.read_table(out / "units.parquet").num_rows
    )
    assert pq.read_table(out / "study_batches.parquet").num_rows == 0
    assert "export: 1 log(s) into" in run.output
    run = kiroku("export", str(out), "--since", "2026-01-01", "--model", "SONNET")
    assert ids(out) == [
        "claude-fixed-prompt-kami-n50-20260420",
        "claude-natural-imprecise-umi-n50-20260420",
        "claude-natural-precise-umi-n50-20260420",
    ]
    assert "--format parquet --model SONNET --since 2026-01-01" in (out / "README.md").read_text()
    run = kiroku(
        "export",
        str(out),
        "--log",
        "claude-natural-precise-umi-n50-20260420",
        "--log",
        "example-gemini-shiritori-two-games",
    )
    assert ids(out) == [
        "claude-natural-precise-umi-n50-20260420",
        "example-gemini-shiritori-two-games",
    ]
    assert ids(out, "study_batches") == ["claude-natural-precise-umi-n50-20260420"]
    assert pq.read_table(out / "study_fisher.parquet").num_rows == 0  # no pair to compare
    assert sorted(p.name for p in (out / "licences").rglob("LICENSE")) == ["LICENSE", "LICENSE"]


def test_an_unknown_log_or_date_is_refused_and_nothing_is_written(
    project, kiroku, tmp_path
) -> None:
    with_real_archive(project)
    out = tmp_path / "out"
    run = kiroku("export", str(out), "--log", "no-such-log")
    assert run.exit_code == 1
    assert run.stderr == "error: --log no-such-log: no log with this id in logs/\n"
    assert not out.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")]
    run = kiroku("export", str(out), "--since", "20.4.2026")
    assert run.exit_code == 2 and "'20.4.2026' is not a date like 2026-04-20" in run.stderr


def test_a_broken_log_names_its_line_and_leaves_the_earlier_export(
    project, kiroku, tmp_path
) -> None:
    shutil.copyfile(REPO / "logs" / "example-claude-shiritori-mikan.yaml", project.log_path("a"))
    shutil.copyfile(REPO / "logs" / "example-claude-shiritori-mikan.yaml", project.log_path("b"))
    out = tmp_path / "out"
    project.log_path("a").write_text(
        project.log_path("a").read_text().replace("id: example-claude-shiritori-mikan", "id: a")
    )
    project.log_path("b").write_text(
        project.log_path("b").read_text().replace("id: example-claude-shiritori-mikan", "id: b")
    )
    assert kiroku("export", str(out)).exit_code == 0
    before = snapshot_tree(out)
    project.log_path("b").write_text("schema_version: 1\nkind: chat\nid: b\ntitle: [\n")
    run = kiroku("export", str(out))
    assert run.exit_code == 1
    assert run.stderr.startswith(f"error: {project.log_path('b')}:")
    assert snapshot_tree(out) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_a_folder_of_other_files_is_not_replaced(project, kiroku, tmp_path) -> None:
    shutil.copyfile(ANNOTATED, project.log_path("chat-annotated-by-emi"))
    out = tmp_path / "paper"
    out.mkdir()
    (out / "draft.tex").write_text("\\section{Results}")
    run = kiroku("export", str(out))
    assert run.exit_code == 1
    assert "holds files that are not a Kiroku export" in run.stderr
    assert (out / "draft.tex").read_text() == "\\section{Results}"
    run = kiroku("export", str(project.root / "logs" / "out"))
    assert run.exit_code == 1 and "outside the project's own files" in run.stderr


def test_every_annotation_comes_with_who_when_and_the_rule(project, kiroku, tmp_path) -> None:
    shutil.copyfile(ANNOTATED, project.log_path("chat-annotated-by-emi"))
    out = tmp_path / "out"
    assert kiroku("export", str(out), "--site-url", "https://example.org/kiroku").exit_code == 0
    rows = duckdb.sql(
        f"SELECT anchor, kind, number, label, text, author, strftime(time, '%Y-%m-%dT%H:%M:%SZ'), "
        f"rule, confirmed, dismissed, current FROM '{out}/annotations.parquet'"
    ).fetchall()
    assert rows == [
        (
            "s1-t2",
            "label",
            1,
            "ends-in-n",
            None,
            "emi",
            "2026-05-03T00:12:00Z",
            None,
            None,
            None,
            None,
        ),
        (
            "s1-t2",
            "label",
            2,
            "self-correction",
            "says so | in the same turn",
            "emi",
            "2026-05-03T09:13:30Z",
            None,
            None,
            None,
            None,
        ),
        (
            "s1-t2",
            "suggestion",
            1,
            "ends-in-n",
            "みかん ends in ん: the player loses",
            "rule:ends-in-n",
            "2026-05-02T12:00:00Z",
            "ends-in-n",
            True,
            False,
            None,
        ),
        (
            "s1-t2",
            "translation",
            1,
            None,
            "Mikan (tangerine). Oh, it ends in n!",
            None,
            None,
            None,
            None,
            None,
            True,
        ),
        (
            "s1-t2",
            "note",
            1,
            None,
            "model noticed its own loss",
            None,
            None,
            None,
            None,
            None,
            True,
        ),
        (
            "s1-t3",
            "suggestion",
            1,
            "chain-broken",
            "ごま starts with ご, but みかん ends in ん",
            "rule:chain-broken",
            "2026-05-02T12:00:00Z",
            "chain-broken",
            False,
            True,
            None,
        ),
        (
            "s1-t3",
            "dismissal",
            1,
            "chain-broken",
            "the game had already ended",
            "emi",
            "2026-05-03T09:21:00Z",
            None,
            None,
            None,
            None,
        ),
        (
            "s1-t3",
            "played-override",
            1,
            None,
            "ごま",
            "emi",
            "2026-05-03T09:20:00Z",
            None,
            None,
            None,
            None,
        ),
        (
            "s1-t4",
            "suggestion",
            1,
            "wrong-player",
            None,
            "rule:wrong-player",
            "2026-05-02T12:00:00Z",
            "wrong-player",
            False,
            False,
            None,
        ),
    ]
    unit = duckdb.sql(
        f"SELECT played, played_found_by, first_word, last_mora, url FROM '{out}/units.parquet' "
        "WHERE anchor = 's1-t3'"
    ).fetchall()
    assert unit == [
        (
            ["ごま"],
            ["person"],
            "ごま",
            "ま",
            "https://example.org/kiroku/logs/chat-annotated-by-emi/#s1-t3",
        )
    ]
    log = duckdb.sql(
        f"SELECT date, tags, sessions, units, licence, url FROM '{out}/logs.parquet'"
    ).fetchall()
    assert [row[1:] for row in log] == [
        (
            ["annotated", "reviewed by emi"],
            1,
            4,
            None,
            "https://example.org/kiroku/logs/chat-annotated-by-emi/",
        )
    ]
    labels = duckdb.sql(f"SELECT * FROM '{out}/study_labels.parquet' ORDER BY label").fetchall()
    assert labels == [
        ("Gemini 2.5 Pro", "chain-broken", 0, 1),
        ("Gemini 2.5 Pro", "ends-in-n", 1, 1),
        ("Gemini 2.5 Pro", "self-correction", 1, 0),
        ("Gemini 2.5 Pro", "wrong-player", 0, 1),
    ]


REWRITTEN = DATA / "dataset" / "chat-with-rewritten-translation-removed-label-and-reviews.yaml"


def test_every_version_removed_label_and_reviewed_mark_is_a_row_with_who_and_when(
    project, kiroku, tmp_path
) -> None:
    shutil.copyfile(REWRITTEN, project.log_path("chat-rewritten-by-two"))
    out = tmp_path / "out"
    assert kiroku("export", str(out)).exit_code == 0
    rows = duckdb.sql(
        f"SELECT anchor, kind, number, label, text, author, "
        f"strftime(time, '%Y-%m-%dT%H:%M:%SZ'), current, set_by, "
        f"strftime(set_at, '%Y-%m-%dT%H:%M:%SZ') FROM '{out}/annotations.parquet' "
        "WHERE log_id = 'chat-rewritten-by-two'"
    ).fetchall()
    assert rows == [
        ("s1-t1", "review", 1, None, None, "emi", "2026-05-03T00:00:00Z", None, None, None),
        ("s1-t1", "review", 2, None, None, "kaito", "2026-05-04T18:30:00Z", None, None, None),
        (
            "s1-t2",
            "removed-label",
            1,
            "mikan",
            "first guess",
            "emi",
            "2026-05-04T23:01:00Z",
            None,
            "emi",
            "2026-05-03T00:06:00Z",
        ),
        (
            "s1-t2",
            "translation",
            1,
            None,
            "Mikan.",
            "emi",
            "2026-05-03T00:05:00Z",
            False,
            None,
            None,
        ),
        (
            "s1-t2",
            "translation",
            2,
            None,
            "Tangerine!",
            "kaito",
            "2026-05-04T18:31:00Z",
            False,
            None,
            None,
        ),
        (
            "s1-t2",
            "translation",
            3,
            None,
            "Mikan (a tangerine).",
            "emi",
            "2026-05-04T23:00:00Z",
            True,
            None,
            None,
        ),
        (
            "s1-t3",
            "played-override",
            1,
            None,
            "(talk)",
            "emi",
            "2026-05-04T23:02:00Z",
            None,
            None,
            None,
        ),
    ]
    units = duckdb.sql(
        f"SELECT anchor, translation_en FROM '{out}/units.parquet' "
        "WHERE log_id = 'chat-rewritten-by-two'"
    ).fetchall()
    assert units == [("s1-t1", None), ("s1-t2", "Mikan (a tangerine)."), ("s1-t3", None)]
