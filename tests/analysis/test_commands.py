"""`kiroku analyse` and `kiroku stats` as a person runs them, on the real archive and fixtures."""

from __future__ import annotations

import json
import shutil

import pytest
from kiroku.project import Project
from testkit import DATA, REPO, snapshot_tree

REAL_LOGS = sorted((REPO / "logs").glob("claude-*.yaml"))


@pytest.fixture
def analysed_project(project: Project) -> Project:
    """The real logs and taxonomy, plus the hand-written chat and conversation fixtures."""
    for path in [*REAL_LOGS, REPO / "logs" / "taxonomy.yaml"]:
        shutil.copy(path, project.logs_dir / path.name)
    for path in sorted((DATA / "analysis").glob("*.yaml")):
        shutil.copy(path, project.logs_dir / path.name)
    return project


def test_the_committed_logs_are_already_analysed(analysed_project: Project, kiroku) -> None:
    result = kiroku("analyse", "--dry-run")
    assert result.exit_code == 0
    for path in REAL_LOGS:
        assert f"logs/{path.name}" not in result.output


def test_analyse_twice_changes_no_byte(analysed_project: Project, kiroku) -> None:
    first = kiroku("analyse")
    assert first.exit_code == 0, first.stderr
    assert "updated  logs/chat-with-every-rule-break.yaml" in first.output
    before = snapshot_tree(analysed_project.logs_dir)
    second = kiroku("analyse")
    assert second.exit_code == 0
    assert "analyse: 0 of 5 log(s) changed" in second.output
    assert snapshot_tree(analysed_project.logs_dir) == before


def test_analyse_keeps_comments_labels_and_a_conversation_that_repeats_nothing(
    analysed_project: Project, kiroku
) -> None:
    conversation = analysed_project.logs_dir / "conversation-not-shiritori.yaml"
    untouched = conversation.read_bytes()
    assert kiroku("analyse").exit_code == 0
    text = (analysed_project.logs_dir / "chat-with-every-rule-break.yaml").read_text()
    assert "# set by a person: must survive every analyse" in text
    assert "  - index: 4  # a word played twice in one game" in text
    assert "by: emi" in text
    assert "by: rule:word-repeated" in text
    assert "played_override:" in text
    assert conversation.read_bytes() == untouched


def test_analyse_dry_run_writes_nothing(analysed_project: Project, kiroku) -> None:
    before = snapshot_tree(analysed_project.logs_dir)
    result = kiroku("analyse", "--dry-run")
    assert "would update  logs/chat-with-every-rule-break.yaml" in result.output
    assert snapshot_tree(analysed_project.logs_dir) == before


def test_a_broken_log_stops_analyse_before_anything_is_written(
    analysed_project: Project, kiroku
) -> None:
    (analysed_project.logs_dir / "zz-broken.yaml").write_text("kind: chat\nid: [\n")
    before = snapshot_tree(analysed_project.logs_dir)
    result = kiroku("analyse")
    assert result.exit_code == 1
    assert "zz-broken.yaml:3: invalid YAML" in result.stderr
    assert snapshot_tree(analysed_project.logs_dir) == before


def test_stats_table_prints_the_studys_figures(analysed_project: Project, kiroku) -> None:
    result = kiroku("stats")
    assert result.exit_code == 0
    out = result.output
    assert "claude-natural-precise-umi-n50-20260420" in out
    assert "みかん 30, りんご 11, りす 9" in out
    assert "p = 1.76 × 10⁻⁷" in out
    assert "みかさ 15, みかど 8" in out
    assert "Test Model" in out


def test_stats_json_has_the_exact_numbers(analysed_project: Project, kiroku) -> None:
    report = json.loads(kiroku("stats", "--format", "json").output)
    batches = {b["log_id"]: b for b in report["batches"]}
    precise = batches["claude-natural-precise-umi-n50-20260420"]
    imprecise = batches["claude-natural-imprecise-umi-n50-20260420"]
    fixed = batches["claude-fixed-prompt-kami-n50-20260420"]
    assert (precise["attractor_count"], precise["outputs"]) == (50, 50)
    assert (imprecise["attractor_count"], imprecise["outputs"]) == (30, 50)
    assert imprecise["chain_breaks"] == 20
    assert fixed["all_start_with"] == "みかん"
    assert round(report["fisher"]["p_value"], 9) == 1.76e-7
    labels = {(c["model"], c["label"]): c for c in report["labels"]}
    assert labels[("Test Model", "silent-attractor")]["human"] == 1


def test_stats_csv_and_a_chosen_fisher_pair(analysed_project: Project, kiroku) -> None:
    fixed, precise = (
        "claude-fixed-prompt-kami-n50-20260420",
        "claude-natural-precise-umi-n50-20260420",
    )
    out = kiroku("stats", "--format", "csv", "--fisher", fixed, precise).output
    assert "attractor,claude-natural-imprecise-umi-n50-20260420,みかん,30" in out.splitlines()
    assert f"fisher-p,{fixed} vs {precise},two-sided,1" in out.splitlines()


def test_stats_refuses_an_unknown_batch(analysed_project: Project, kiroku) -> None:
    result = kiroku("stats", "--fisher", "nope", "claude-natural-precise-umi-n50-20260420")
    assert result.exit_code == 1
    assert "no batch log with id 'nope'" in result.stderr


def test_stats_table_fits_a_narrow_terminal(analysed_project: Project) -> None:
    from kiroku import storage
    from kiroku.analysis.stats import report
    from kiroku.commands.stats import _width, render_table

    docs = [storage.load(path).doc for path in analysed_project.log_paths()]
    table = render_table(report(docs), width=100)
    corrections = table.split("Corrections after the first word\n")[1].split("\n\n")[0]
    lines = corrections.splitlines()
    assert all(_width(line) <= 100 for line in lines)
    column = _width(lines[0].split("corrections offered")[0])
    wrapped = [line for line in lines if line.startswith(" ")]
    assert len(wrapped) >= 2
    assert all(line.startswith(" " * column) and line[column] != " " for line in wrapped)
    assert "みかさ 15, みかど 8," in lines[2]
    assert any("みずうみ 1" in line for line in wrapped)
    assert "みかさ 15, みかど 8, みかげ 1" in render_table(report(docs))


def test_analyse_suggests_on_a_purchase_loop_once(project: Project, kiroku) -> None:
    shutil.copy(REPO / "logs" / "taxonomy.yaml", project.taxonomy_path)
    loop = DATA / "conversation" / "purchase_loop_ja.md"
    assert kiroku("import", str(loop)).exit_code == 0
    first = kiroku("analyse")
    assert first.exit_code == 0, first.stderr
    assert "updated  logs/purchase-loop-ja.yaml (41 suggestion(s))" in first.output
    text = (project.logs_dir / "purchase-loop-ja.yaml").read_text("utf-8")
    assert "by: rule:repeated-closing" in text and "by: rule:template-reply" in text
    before = snapshot_tree(project.logs_dir)
    second = kiroku("analyse")
    assert "analyse: 0 of 1 log(s) changed" in second.output
    assert snapshot_tree(project.logs_dir) == before
    assert kiroku("check").exit_code == 0


@pytest.fixture
def conversations(project: Project, kiroku) -> Project:
    shutil.copy(REPO / "logs" / "taxonomy.yaml", project.taxonomy_path)
    paths = sorted((DATA / "conversation").glob("*.md"))
    assert kiroku("import", *map(str, paths)).exit_code == 0
    return project


def test_stats_shows_each_conversations_figures(conversations: Project, kiroku) -> None:
    table = kiroku("stats").output
    assert "Conversations, per session" in table
    rows = {
        line.split()[0]: line for line in table.splitlines() if line.startswith(("free", "purch"))
    }
    assert "closing 13, figure 14, template 14, phrases 14" in rows["purchase-loop-ja"]
    assert "18/18" in rows["purchase-loop-ja"] and "1.01/0.12" in rows["purchase-loop-ja"]
    assert "closing 0, figure 0, template 0, phrases 0" in rows["free-creativity-talk"]
    data = json.loads(kiroku("stats", "--format", "json").output)
    by_id = {row["log_id"]: row for row in data["conversations"]}
    loop = by_id["purchase-loop-en"]
    assert (loop["repeated_closing"], loop["repeated_figure"], loop["template_reply"]) == (
        13,
        14,
        13,
    )
    assert loop["cv_ratio"] < 0.15 and loop["user_cv"] > 1
    assert by_id["free-creativity-talk"]["cv_ratio"] > 0.5
    csv_lines = kiroku("stats", "--format", "csv").output.splitlines()
    assert "conversation-repeated-closing,purchase-loop-ja,s1,13" in csv_lines
    assert "conversation-template-reply,free-creativity-talk,s1,0" in csv_lines
