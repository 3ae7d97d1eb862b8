"""The table of failure types per model and the paper's first-token figure, from the archive."""

from __future__ import annotations

from datetime import UTC, datetime

from kiroku import storage
from kiroku.analysis.stats import FAILURE_TYPES, batch_figures, correction_attempt, report
from kiroku.analysis.suggest import annotate
from kiroku.commands.stats import render_csv, render_table
from kiroku.importers import markdown_chat
from kiroku.schema import BatchLog, ChatLog, Label
from testkit import DATA, REPO, raw_input

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def shape_logs() -> list[ChatLog | BatchLog]:
    docs: list[ChatLog | BatchLog] = []
    for path in sorted((DATA / "analysis" / "shapes").glob("*.md")):
        [doc] = markdown_chat.parse(raw_input(path))
        docs.append(annotate(doc, NOW))
    return docs


def fixed_prompt() -> BatchLog:
    doc = storage.load(REPO / "logs" / "claude-fixed-prompt-kami-n50-20260420.yaml").doc
    assert isinstance(doc, BatchLog)
    return doc


def test_the_papers_first_token_figure_comes_out_of_the_text() -> None:
    figures = batch_figures(fixed_prompt())
    assert (figures.attempt_prefix, figures.attempts_with_prefix, figures.outputs) == (
        "みか",
        29,
        50,
    )
    assert (figures.corrections_with_prefix, figures.corrected_outputs) == (28, 31)


def test_a_correction_attempt_is_the_first_japanese_line_after_the_first_word() -> None:
    assert correction_attempt("みかん\n\nWait, that ends in 'ん'.\n\nみかさ", "みかん") == "みかさ"
    restated = "みかん\n\nWait, that ends in 'ん'.\n\nみかんは「ん」で終わるので負けです。\n\nみず"
    assert correction_attempt(restated, "みかん").startswith("みかんは")
    assert correction_attempt("みかん", "みかん") == ""
    explained = "「み」からですね！\n\n**みかん**\n\nあっ、「ん」で終わってしまいました！"
    assert correction_attempt(explained, "みかん").startswith("あっ")


def test_failure_types_per_model_count_the_suggestions_on_each_models_logs() -> None:
    rows = {row.model: row.cells for row in report(shape_logs()).failure_types}
    suggested = {
        m: {t: c.suggested for t, c in cells.items() if c.suggested} for m, cells in rows.items()
    }
    assert suggested == {
        "ChatGPT": {
            "turn-initiation-failure": 1,
            "rule-representation-failure": 1,
            "generation-verification-gap": 1,
        },
        "Claude": {"generation-verification-gap": 4, "rule-representation-failure": 1},
        "Gemini": {
            "turn-initiation-failure": 2,
            "rule-representation-failure": 1,
            "generation-verification-gap": 1,
        },
        "Grok": {
            "confidence-collapse": 1,
            "turn-initiation-failure": 1,
            "generation-verification-gap": 1,  # うどん, then "I lose" (grok-one-more-time)
        },
    }
    assert all(c.confirmed == 0 for cells in rows.values() for c in cells.values())


def test_a_confirmed_label_is_counted_as_confirmed() -> None:
    docs = shape_logs()
    grok = next(d for d in docs if d.model.name == "Grok")
    assert isinstance(grok, ChatLog)
    grok.turn(1, 8).labels.append(Label(id="confidence-collapse", by="emi", at=NOW))
    [row] = [r for r in report(docs).failure_types if r.model == "Grok"]
    assert (
        row.cells["confidence-collapse"].suggested,
        row.cells["confidence-collapse"].confirmed,
    ) == (1, 1)


def test_kiroku_stats_prints_both_tables() -> None:
    shown = render_table(report([*shape_logs(), fixed_prompt()]))
    assert "Failure types per model (chat logs; suggested / confirmed)" in shown
    assert all(failure in shown for failure in FAILURE_TYPES)
    assert "29/50" in shown and "28/31" in shown
    csv = render_csv(report([*shape_logs(), fixed_prompt()]))
    assert "failure-suggested,Gemini,turn-initiation-failure,2" in csv
    assert "attempt-starts-with,claude-fixed-prompt-kami-n50-20260420,みか,29" in csv
