"""The study's tables from `kiroku.analysis.stats`, as HTML with charts, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

from kiroku.analysis.stats import FailureTypeCell, FisherTest, Report, odds_ratio_shown, scientific
from kiroku.annotations.agreement import Agreement
from kiroku.site.chart import bar_chart
from kiroku.site.fragments import PageContext, wrapped_table
from kiroku.site.html import element, encodable, escape, text_element, titled_block
from kiroku.site.phrases import phrase
from kiroku.site.urls import TABLES, log_url

Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    ja: str
    ja_key: str | None = None
    """The row key of this column's Japanese value (a condition's name), shown on the
    Japanese page where a row has one, and downloaded beside the column."""
    shown_as: Callable[[Cell], str] | None = field(default=None, repr=False, compare=False)
    """How the page prints a value (a rate as a percentage); downloads keep the number."""
    on_page: bool = True
    """False for a column only the downloads carry (the page states it once, in the note)."""

    def heading(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    def value(self, row: dict[str, Cell], lang: str) -> Cell:
        """The cell of `row` in this column, as the page in `lang` shows it."""
        if lang == "ja" and self.ja_key is not None and row.get(self.ja_key) not in (None, ""):
            return row[self.ja_key]
        return row.get(self.key)

    @property
    def keys(self) -> tuple[str, ...]:
        """The download columns: the key, then its Japanese key if any."""
        return (self.key,) if self.ja_key is None else (self.key, self.ja_key)


@dataclass(frozen=True)
class Table:
    """One downloadable table: `rows` hold plain values, keyed by column key."""

    name: str
    """File name stem of its downloads, e.g. `batches` for `tables/batches.csv`."""
    en: str
    ja: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Cell]]
    chart: tuple[str, str] | None = None
    """(label column, value column) to draw as a bar chart."""
    links: dict[str, str] = field(default_factory=dict)
    """Column key → kind of link (`log`) for cells naming a log."""
    note: tuple[str, str] | None = None
    """(English, Japanese) text printed under the table: the method and what it found."""

    def title(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    def csv_bytes(self) -> bytes:
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        keys = [key for column in self.columns for key in column.keys]
        writer.writerow(keys)
        writer.writerows([_csv_cell(row.get(key)) for key in keys] for row in self.rows)
        return encodable(stream.getvalue()).encode("utf-8")

    def json_bytes(self) -> bytes:
        data = {"table": self.name, "title": {"en": self.en, "ja": self.ja}, "rows": self.rows}
        try:  # orjson: the standard library's indenting encoder is pure Python, and slow
            return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        except TypeError:  # a lone surrogate: the standard library escapes it
            return (json.dumps(data, indent=2) + "\n").encode("utf-8")

    def downloads(self, contents: bool = True) -> dict[str, bytes]:
        """Site path → bytes of this table's CSV and JSON files (empty without `contents`:
        a plan of the site's addresses only)."""
        return {
            f"{TABLES}{self.name}.csv": self.csv_bytes() if contents else b"",
            f"{TABLES}{self.name}.json": self.json_bytes() if contents else b"",
        }


def _csv_cell(value: Cell) -> str:
    return "" if value is None else str(value)


def _col(key: str, en: str, ja: str, ja_key: str | None = None) -> Column:
    return Column(key, en, ja, ja_key)


def percentage(value: Cell) -> str:
    """A rate as a paper prints it: 0.6 → `60%`, 0.6667 → `66.7%`."""
    if not isinstance(value, int | float):
        return "" if value is None else str(value)
    shown = f"{value * 100:.1f}".removesuffix(".0")
    return f"{shown}%"


def fisher_note(test: FisherTest) -> tuple[str, str]:
    """The test's method and result, stated once under its table, in both languages."""
    p = scientific(test.p_value)
    odds = odds_ratio_shown(test)
    if odds == "∞":
        odds_en = "sample odds ratio ∞ (infinite because a cell of the table is 0)"
        odds_ja = "標本オッズ比 ∞（表に 0 のセルがあるため無限大）"
    elif odds == "undefined":
        odds_en = "sample odds ratio undefined (both products of the table are 0)"
        odds_ja = "標本オッズ比は定義されない（表の積がどちらも 0）"
    else:
        odds_en = f"sample odds ratio {odds}"
        odds_ja = f"標本オッズ比 {odds}"
    return (
        f"Two-sided Fisher's exact test on this 2 × 2 table: p = {p}; {odds_en}.",
        f"この 2 × 2 表に対するフィッシャーの正確確率検定（両側）：p = {p}、{odds_ja}。",
    )


def _word_table(report: Report, name: str, en: str, ja: str, words: str) -> Table:
    """A count of words per batch (`first_words` or `corrections` of each batch's figures)."""
    return Table(
        name,
        en,
        ja,
        (
            _col("log_id", "Batch", "バッチ"),
            _col("word", "Word", "語"),
            _col("count", "Count", "件数"),
        ),
        [
            {"log_id": b.log_id, "word": w.word, "count": w.count}
            for b in report.batches
            for w in getattr(b, words)
        ],
        links={"log_id": "log"},
    )


def report_tables(report: Report) -> list[Table]:
    """The analysis report as the site's tables, in the order the page shows them."""
    tables = [
        Table(
            "batches",
            "Attractor rate per batch",
            "バッチごとのみかん率",
            (
                _col("log_id", "Batch", "バッチ"),
                _col("model", "Model", "モデル"),
                _col("condition", "Condition", "条件", ja_key="condition_ja"),
                _col("prior_word", "Prior word", "直前の語"),
                _col("outputs", "Outputs", "出力数"),
                _col("attractor_count", "みかん first", "最初がみかん"),
                Column("attractor_rate", "Rate", "割合", shown_as=percentage),
                _col("chain_breaks", "Chain breaks", "しりとり違反"),
                _col("corrected_outputs", "Corrected", "言い直し"),
                _col("no_word", "No word", "語なし"),
            ),
            [
                {
                    "log_id": b.log_id,
                    "model": b.model,
                    "condition": b.condition,
                    "condition_ja": b.condition_ja,
                    "prior_word": b.prior_word,
                    "outputs": b.outputs,
                    "attractor_count": b.attractor_count,
                    "attractor_rate": round(b.attractor_rate, 4),
                    "chain_breaks": b.chain_breaks,
                    "corrected_outputs": b.corrected_outputs,
                    "no_word": b.no_word,
                }
                for b in report.batches
            ],
            chart=("condition", "attractor_rate"),
            links={"log_id": "log"},
        ),
        _word_table(
            report, "first-words", "First words per batch", "バッチごとの最初の語", "first_words"
        ),
        _word_table(
            report,
            "corrections",
            "Words offered after the first",
            "最初の語の後に言い直した語",
            "corrections",
        ),
    ]
    if report.fisher is not None:
        f = report.fisher
        tables.append(
            Table(
                "fisher",
                "Fisher's exact test (two-sided), みかん first vs other",
                "フィッシャーの正確確率検定（両側）：みかん対その他",
                (
                    _col("log_id", "Batch", "バッチ"),
                    _col("attractor", "みかん first", "最初がみかん"),
                    _col("other", "Other", "その他"),
                    Column("odds_ratio", "Odds ratio", "オッズ比", on_page=False),
                    Column("p_value", "p", "p 値", on_page=False),
                ),
                [
                    {
                        "log_id": log_id,
                        "attractor": row[0],
                        "other": row[1],
                        "odds_ratio": _odds_ratio_value(f),
                        "p_value": f.p_value,
                    }
                    for log_id, row in zip((f.a, f.b), f.table, strict=True)
                ],
                links={"log_id": "log"},
                note=fisher_note(f),
            )
        )
    tables.extend(_first_token_tables(report))
    tables.append(
        Table(
            "labels",
            "Labels per model (people and rules)",
            "モデルごとのラベル数（人と規則）",
            (
                _col("model", "Model", "モデル"),
                _col("label", "Label", "ラベル"),
                _col("human", "Set by people", "人が付けた数"),
                _col("suggested", "Suggested by rules", "規則の提案数"),
            ),
            [count.model_dump() for count in report.labels],
        )
    )
    return tables


_ATTEMPT = (
    "The paper's figure: the correction attempt (the first line after the first word's line "
    "that opens in Japanese, a played word or a sentence such as {p}んは「ん」で終わるので…) "
    "starts with {p}-",
    "論文の数値：訂正の試み（最初の語の行のあとで、日本語で始まる最初の行。語でも"
    "「{p}んは「ん」で終わるので…」のような文でもよい）が「{p}」で始まる出力",
)
_CORRECTED = (
    "Kiroku's count: the first corrected word (a played word after the first) starts with {p}-; "
    "it leaves out attempts that restate the first word instead of playing a new one",
    "Kiroku の数え方：最初の訂正語（最初の語のあとに出した語）が「{p}」で始まる出力。"
    "新しい語を出さず最初の語を言い直す試みは数えない",
)


_FIRST_TOKEN_NOTE = (
    "The two counts differ by the outputs that, after noticing the ん, restate the first word "
    "(みかんは「ん」で終わるので…) before playing another: the paper counts how the attempt "
    "begins, Kiroku which word it plays.",
    "二つの数の違いは、「ん」に気づいたあと、別の語を出す前に最初の語を言い直す出力"
    "（みかんは「ん」で終わるので…）の分です。論文は試みの出だしを数え、Kiroku は出した語を数えます。",
)


def _first_token_tables(report: Report) -> list[Table]:
    """The paper's first-token figure beside Kiroku's count of corrected words, with both definitions."""
    rows: list[dict[str, Cell]] = []
    for b in report.batches:
        if not b.corrected_outputs:
            continue
        p = b.attempt_prefix
        for (en, ja), count, of in (
            (_ATTEMPT, b.attempts_with_prefix, b.outputs),
            (_CORRECTED, b.corrections_with_prefix, b.corrected_outputs),
        ):
            rows.append({"log_id": b.log_id, "figure": f"{count}/{of}",
                         "definition": en.format(p=p), "definition_ja": ja.format(p=p)})  # fmt: skip
    tables = []
    if rows:
        tables.append(
            Table(
                "first_token",
                "First token of the correction",
                "訂正の最初のトークン",
                (
                    _col("log_id", "Batch", "バッチ"),
                    _col("figure", "Outputs", "出力"),
                    _col("definition", "Counted as", "数え方", "definition_ja"),
                ),
                rows,
                links={"log_id": "log"},
                note=_FIRST_TOKEN_NOTE,
            )
        )
    if report.failure_types:
        from kiroku.analysis.stats import FAILURE_TYPES

        columns = [_col("model", "Model", "モデル")]
        for failure in FAILURE_TYPES:  # named by label id: the labels page gives their names
            columns.append(
                _col(f"{failure}-suggested", f"{failure}: suggested", f"{failure}（提案）")
            )
            columns.append(
                _col(f"{failure}-confirmed", f"{failure}: confirmed", f"{failure}（確認）")
            )
        tables.append(
            Table(
                "failure_types",
                "Failure types per model (chat logs)",
                "モデルごとの失敗の型（チャットログ）",
                tuple(columns),
                [_failure_row(row.model, row.cells) for row in report.failure_types],
            )
        )
    return tables


def _failure_row(model: str, cells: dict[str, FailureTypeCell]) -> dict[str, Cell]:
    row: dict[str, Cell] = {"model": model}
    for failure, cell in cells.items():
        row[f"{failure}-suggested"] = cell.suggested
        row[f"{failure}-confirmed"] = cell.confirmed
    return row


def _odds_ratio_value(test: FisherTest) -> float | None:
    """The odds ratio downloaded: `inf` in CSV (null in JSON) when a cell of the table is 0."""
    if test.odds_ratio is not None:
        return test.odds_ratio
    return math.inf if odds_ratio_shown(test) == "∞" else None


def agreement_table(
    per_label: list[Agreement], overall: Agreement, who: list[str], units: int
) -> Table:
    """Agreement between the annotators (`kiroku.annotations.agreement`), per label and overall."""
    two = len(who) == 2
    measure_en = "Cohen's kappa" if two else "Krippendorff's alpha"
    measure_ja = "コーエンのκ" if two else "クリッペンドルフのα"
    names = ", ".join(who)
    return Table(
        "agreement",
        f"Agreement between annotators ({names}): {measure_en} on the {units} units "
        + ("both judged" if two else "two or more judged"),
        f"注釈者間の一致（{names}）："
        + ("二人とも" if two else "二人以上が")
        + f"確認した {units} 件での{measure_ja}",
        (
            _col("label", "Label", "ラベル"),
            _col("decisions", "Decisions", "判断数"),
            _col("yes", "Labelled by each", "各注釈者が付けた数"),
            _col("all_agree", "All agree", "全員一致"),
            _col("value", measure_en, measure_ja),
        ),
        [
            {
                "label": a.label if a.label is not None else "(overall: unit × label)",
                "decisions": a.units,
                "yes": " · ".join(f"{n} {c}" for n, c in zip(who, a.positive, strict=True)),
                "all_agree": a.all_agree,
                "value": None if a.value is None else round(a.value, 3),
            }
            for a in [*per_label, overall]
        ],
        note=(
            "Only units the annotators judged count (marked reviewed, labelled, or a suggestion"
            " dismissed there). Each label is a yes/no decision per unit; the overall figure"
            " takes every unit × label decision together. An empty figure: every decision was"
            " the same, so agreement by chance explains it all.",
            "注釈者が確認したターン・試行だけを数えます（確認済みの印、ラベル、提案の却下のいずれか）。"
            "各ラベルはターンごとの「付ける・付けない」の判断で、全体の値はすべてのターン×ラベルの判断をまとめたものです。"
            "値が空欄なのは判断がすべて同じで、偶然の一致ですべて説明できる場合です。",
        ),
    )


def _cell_html(table: Table, column: Column, value: Cell, ctx: PageContext) -> str:
    if column.shown_as is not None:
        shown = column.shown_as(value)
    else:
        shown = "" if value is None else str(value)
    if table.links.get(column.key) == "log" and isinstance(value, str):
        return text_element("a", shown, href=ctx.href(log_url(value)), class_="kiroku-id")
    return escape(shown)


def _numeric(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


SHOWN_ROWS = 100
"""Rows of a table the page shows: the downloads beside it hold every row. A table with a
row per batch ran to 10,000 rows at archive scale, a 30 MB page no browser shows well."""


def table_section(table: Table, ctx: PageContext) -> str:
    """A table's section: title, downloads, its chart and its first `SHOWN_ROWS` rows."""
    shown = table.rows[:SHOWN_ROWS]
    columns = [c for c in table.columns if c.on_page]
    numeric = {
        c.key for c in columns if table.rows and all(_numeric(row.get(c.key)) for row in table.rows)
    }
    head = "".join(
        text_element("th", c.heading(ctx.lang), class_="kiroku-num" if c.key in numeric else None)
        for c in columns
    )
    rows = "".join(
        element(
            "tr",
            "".join(
                element(
                    "td",
                    _cell_html(table, c, c.value(row, ctx.lang), ctx),
                    class_="kiroku-num" if c.key in numeric else None,
                )
                for c in columns
            ),
        )
        for row in shown
    )
    downloads = " · ".join(
        text_element(
            "a",
            f"{table.name}.{ext}",
            href=ctx.file_href(f"{TABLES}{table.name}.{ext}"),
            download="",
        )
        for ext in ("csv", "json")
    )
    parts = [
        text_element("h2", table.title(ctx.lang), id=f"table-{table.name}"),
        element("p", ctx.say("download") + ": " + downloads, class_="kiroku-downloads"),
    ]
    if table.chart is not None and table.rows:
        label_key, value_key = table.chart
        label = next((c for c in table.columns if c.key == label_key), _col(label_key, "", ""))
        value = next((c for c in table.columns if c.key == value_key), _col(value_key, "", ""))
        bars = [
            (str(label.value(row, ctx.lang) or ""), float(row.get(value_key) or 0)) for row in shown
        ]
        chart = bar_chart(bars, table.title(ctx.lang), shown_as=value.shown_as)
        parts.append(element("figure", chart, class_="kiroku-figure"))
    parts.append(wrapped_table(head, rows))
    if len(shown) < len(table.rows):
        counts = phrase("rows_shown", ctx.lang).format(shown=len(shown), total=len(table.rows))
        parts.append(text_element("p", counts, class_="kiroku-table-note kiroku-rows-shown"))
    if table.note is not None:
        note = table.note[1] if ctx.lang == "ja" else table.note[0]
        parts.append(text_element("p", note, class_="kiroku-table-note"))
    return element("section", "".join(parts), class_="kiroku-section kiroku-stat-table")


def tables_page(tables: list[Table], ctx: PageContext, downloads: str = "") -> str:
    """The study's tables; `downloads` is a finished section placed after the introduction
    (the whole archive as a dataset, `kiroku.site.dataset_downloads`)."""
    parts = [element("p", ctx.say("tables_intro")), downloads]
    if not tables:
        parts.append(element("p", escape(phrase("no_tables", ctx.lang)), class_="kiroku-muted"))
    parts.extend(table_section(table, ctx) for table in tables)
    return titled_block(ctx.say("tables"), "".join(parts), class_="kiroku-tables")
