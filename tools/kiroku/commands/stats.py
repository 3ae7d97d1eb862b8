"""`kiroku stats`: the study's tables from the archive, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import shutil
import sys
import unicodedata
from typing import TYPE_CHECKING

import click

from kiroku.errors import KirokuError
from kiroku.project import Project

if TYPE_CHECKING:
    from kiroku.analysis.conversation_stats import ConversationRow
    from kiroku.analysis.stats import Report, WordCount

FORMATS = ("table", "csv", "json")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _wrap_list(text: str, room: int) -> list[str]:
    """A comma-separated list cut into lines of at most `room` columns, between its items."""
    lines: list[str] = []
    for item in text.split(", "):
        if lines and _width(lines[-1]) + 2 + _width(item) <= room:
            lines[-1] += ", " + item
        else:
            if lines:
                lines[-1] += ","
            lines.append(item)
    return lines or [""]


def _grid(header: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """An aligned table; with `width` (a terminal's), the last column wraps between items."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    indent = sum(widths[:-1]) + 2 * (len(widths) - 1)
    if width is not None and indent + widths[-1] > width:
        widths[-1] = max(width - indent, 12)
    lines = []
    for row in [header, *rows]:
        last = _wrap_list(row[-1], widths[-1]) if width is not None else [row[-1]]
        first = [_pad(cell, w) for cell, w in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*first, last[0]]))
        lines.extend(" " * indent + more for more in last[1:])
    rule = "  ".join("-" * w for w in widths)
    lines.insert(1, rule)
    return "\n".join(line.rstrip() for line in lines)


def _counts(words: list[WordCount]) -> str:
    return ", ".join(f"{w.word} {w.count}" for w in words) or "-"


def render_table(report: Report, width: int | None = None) -> str:
    """The tables as aligned text for a terminal (Japanese counted as two columns).

    With a terminal's `width`, long lists of words wrap under their column instead of
    running past the edge; without one (a pipe), each row stays on one line for grep.
    """
    from kiroku.analysis.stats import scientific

    parts: list[str] = []
    if report.batches:
        attractor = report.batches[0].attractor
        rows = [
            [
                b.log_id,
                b.condition,
                str(b.outputs),
                str(b.attractor_count),
                f"{b.attractor_rate:.0%}",
                str(b.chain_breaks),
            ]
            for b in report.batches
        ]
        header = ["batch", "condition", "outputs", attractor, "rate", "chain breaks"]
        parts.append(
            f"First played word {attractor}, per batch (from the text)\n"
            + _grid(header, rows, width)
        )
        rows = [
            [b.log_id, _counts(b.first_words) + (f", no word {b.no_word}" if b.no_word else "")]
            for b in report.batches
        ]
        parts.append("First words per condition\n" + _grid(["batch", "first words"], rows, width))
        rows = [
            [
                b.log_id,
                b.all_start_with or "-",
                f"{b.corrected_outputs}/{b.outputs}",
                _counts(b.corrections),
            ]
            for b in report.batches
            if b.corrected_outputs or b.all_start_with
        ]
        header = ["batch", "every output starts with", "corrected", "corrections offered"]
        parts.append("Corrections after the first word\n" + _grid(header, rows, width))
        rows = [
            [
                b.log_id,
                f"{b.attempts_with_prefix}/{b.outputs}",
                f"{b.corrections_with_prefix}/{b.corrected_outputs}",
            ]
            for b in report.batches
            if b.corrected_outputs
        ]
        if rows:
            prefix = report.batches[0].attempt_prefix
            header = ["batch", f"attempt starts {prefix}-", f"corrected word starts {prefix}-"]
            parts.append(
                f"First token of the correction (the paper's figure: the first line after the "
                f"first word's that opens in Japanese starts with {prefix}-; Kiroku's: the first "
                f"corrected played word does)\n" + _grid(header, rows, width)
            )
    if report.fisher is not None:
        f = report.fisher
        parts.append(
            "Fisher's exact test (two-sided), first word みかん vs other\n"
            f"  {f.a}: {f.table[0][0]} vs {f.table[0][1]}\n"
            f"  {f.b}: {f.table[1][0]} vs {f.table[1][1]}\n"
            f"  p = {scientific(f.p_value)} ({f.p_value:.3g})"
        )
    if report.failure_types:
        from kiroku.analysis.stats import FAILURE_TYPES

        rows = [
            [row.model]
            + [f"{row.cells[t].suggested} / {row.cells[t].confirmed}" for t in FAILURE_TYPES]
            for row in report.failure_types
        ]
        parts.append(
            "Failure types per model (chat logs; suggested / confirmed)\n"
            + _grid(["model", *FAILURE_TYPES], rows, width)
        )
    if report.labels:
        rows = [[c.model, c.label, str(c.human), str(c.suggested)] for c in report.labels]
        parts.append(
            "Labels per model (chat logs)\n"
            + _grid(["model", "label", "human", "suggested"], rows, width)
        )
    else:
        parts.append("Labels per model (chat logs): none yet")
    if report.conversations:
        parts.append(
            "Conversations, per session (lengths in characters; CV = coefficient of variation)\n"
            + _grid(
                CONVERSATION_HEADER, [_conversation_cells(c) for c in report.conversations], width
            )
        )
    return "\n\n".join(parts)


CONVERSATION_HEADER = [
    "log",
    "s",
    "turns user/model",
    "mean user/model",
    "CV user/model",
    "ratio",
    "r",
    "replies repeating",
]


def _figure(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _conversation_cells(c: ConversationRow) -> list[str]:
    repeats = (
        f"closing {c.repeated_closing}, figure {c.repeated_figure}, "
        f"template {c.template_reply}, phrases {c.replies_repeating_phrases}"
    )
    return [
        c.log_id,
        str(c.session),
        f"{c.user_turns}/{c.model_turns}",
        f"{_figure(c.user_mean_characters, 0)}/{_figure(c.model_mean_characters, 0)}",
        f"{_figure(c.user_cv)}/{_figure(c.model_cv)}",
        _figure(c.cv_ratio),
        _figure(c.length_correlation),
        repeats,
    ]


def render_csv(report: Report) -> str:
    """One row per figure (`table,log,item,value`), so every table fits one CSV."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["table", "log", "item", "value"])
    for b in report.batches:
        writer.writerow(["outputs", b.log_id, "", b.outputs])
        writer.writerow(["attractor", b.log_id, b.attractor, b.attractor_count])
        writer.writerow(["attractor-rate", b.log_id, b.attractor, f"{b.attractor_rate:.4f}"])
        writer.writerow(["chain-breaks", b.log_id, "", b.chain_breaks])
        writer.writerow(["no-word", b.log_id, "", b.no_word])
        for w in b.first_words:
            writer.writerow(["first-word", b.log_id, w.word, w.count])
        for w in b.corrections:
            writer.writerow(["correction", b.log_id, w.word, w.count])
        if b.corrected_outputs:
            prefix = b.attempt_prefix
            writer.writerow(["attempt-starts-with", b.log_id, prefix, b.attempts_with_prefix])
            writer.writerow(["correction-starts-with", b.log_id, prefix, b.corrections_with_prefix])
    if report.fisher is not None:
        f = report.fisher
        writer.writerow(["fisher-p", f"{f.a} vs {f.b}", "two-sided", f"{f.p_value:.6g}"])
    for row in report.failure_types:
        for failure, cell in row.cells.items():
            writer.writerow(["failure-suggested", row.model, failure, cell.suggested])
            writer.writerow(["failure-confirmed", row.model, failure, cell.confirmed])
    for c in report.labels:
        writer.writerow(["label-human", c.model, c.label, c.human])
        writer.writerow(["label-suggested", c.model, c.label, c.suggested])
    for conv in report.conversations:
        for name, value in conv.model_dump(exclude={"log_id", "model", "session"}).items():
            shown = "" if value is None else f"{value:.4f}" if isinstance(value, float) else value
            writer.writerow(
                [f"conversation-{name.replace('_', '-')}", conv.log_id, f"s{conv.session}", shown]
            )
    return stream.getvalue().rstrip("\n")


@click.command("stats")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="How to print the tables.",
)
@click.option(
    "--fisher",
    nargs=2,
    metavar="A B",
    help="Log ids of the two batches for Fisher's exact test (default: the precise vs imprecise pair).",
)
@click.pass_obj
def command(project: Project, output_format: str, fisher: tuple[str, str] | None) -> None:
    """The study's figures from logs/: みかん rates, first words, chain breaks, Fisher's test, labels;
    and per session of each conversation log its lengths, their variation and its repeats.

    Counted from the played words found in each output's text, never from a recorded `is_mikan`.
    """
    from kiroku import storage
    from kiroku.analysis.stats import report as build_report

    docs = [storage.load(path).doc for path in project.log_paths()]
    try:
        report = build_report(docs, (fisher[0], fisher[1]) if fisher else None)
    except KeyError as error:
        raise KirokuError(f"--fisher: no batch log with id {error.args[0]!r} in logs/") from None
    if output_format == "json":
        click.echo(report.model_dump_json(indent=2))
    elif output_format == "csv":
        click.echo(render_csv(report))
    else:
        terminal = sys.stdout.isatty()
        click.echo(render_table(report, shutil.get_terminal_size().columns if terminal else None))
