"""The home page and the list of every log: logs are listed here, never in the navigation."""

from __future__ import annotations

from dataclasses import dataclass

from kiroku.analysis.stats import FAILURE_TYPES
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.chart import bar_chart
from kiroku.site.fragments import PageContext, label_name, title_of, wrapped_table
from kiroku.site.html import element, escape, text_element, titled_block
from kiroku.site.phrases import counted, counted_slot, phrase
from kiroku.site.preview import description
from kiroku.site.tables_page import Table, percentage
from kiroku.site.urls import LOGS, TABLES, TAXONOMY, label_anchor, log_url

Document = ChatLog | BatchLog

STUDY_TABLE = "batches"
"""The study's headline table (`tables_page.report_tables`): みかん rate per condition."""
FISHER_TABLE = "fisher"
FAILURE_TABLE = "failure_types"
"""The analysis' table of failure types per model (chat logs), shown on the home page."""


def size_of(doc: Document, lang: str) -> str:
    if isinstance(doc, BatchLog):
        return counted(len(doc.trials), "trials", lang)
    turns = sum(len(s.turns) for s in doc.sessions)
    separator = "、" if lang == "ja" else ", "
    return counted(len(doc.sessions), "sessions", lang) + separator + counted(turns, "turns", lang)


@dataclass(frozen=True)
class LogRow:
    """What the list of logs shows of one log, in one language."""

    id: str
    title: str
    kind: str
    model: str
    date: str
    size: str
    description: str
    """The log in one line (`kiroku.site.preview`): its page's description and link preview."""
    experiment: str = ""
    labels: str = ""
    """Ids of the labels people set and of the suggestions not dismissed, space-separated."""
    units: int = 0
    """Turns or trials: what the size column sorts by."""


def labels_of(doc: Document) -> str:
    ids: set[str] = set()
    for unit in doc.units():
        ids.update(label.id for label in unit.labels)
        dismissed = {rejection.id for rejection in unit.rejected}
        ids.update(s.id for s in unit.suggestions if s.id not in dismissed)
    return " ".join(sorted(ids))


def log_rows(docs: list[Document], lang: str) -> list[LogRow]:
    """The rows of the list of logs: all the list depends on, so a list whose rows are
    unchanged need not be rendered again (and no log is read to render it)."""
    return [
        LogRow(
            doc.id,
            title_of(doc, lang),
            doc.kind,
            doc.model.name,
            doc.date.isoformat() if doc.date else "",
            size_of(doc, lang),
            description(doc, lang),
            doc.experiment,
            labels_of(doc),
            len(doc.units()),
        )
        for doc in docs
    ]


def _choice(name: str, label: str, options: list[tuple[str, str]], ctx: PageContext) -> str:
    """A `<select>` the bundled script filters rows by (`data-<name>` of each row)."""
    listed = element("option", ctx.say("filter_all"), value="") + "".join(
        text_element("option", shown, value=value) for value, shown in options
    )
    return element(
        "label",
        escape(label) + " " + element("select", listed, data_filter=name),
        class_="kiroku-choice",
    )


def _header(key: str, label: str, sort: str = "text") -> str:
    return element(
        "th",
        element("button", escape(label), type="button", class_="kiroku-sort"),
        data_sort=sort,
        data_key=key,
    )


def log_table(rows: list[LogRow], ctx: PageContext) -> str:
    """Every log with its kind, experiment, model, date, labels and size, newest first,
    filterable by text, model, kind, experiment, label and month and sortable by any column
    in the browser (`kiroku-archive.js`). Not indexed for search: each log page carries its
    own words, and this list grows with every log."""
    if not rows:
        return element("p", ctx.say("no_logs"), class_="kiroku-muted")
    label_ids = sorted({label for row in rows for label in row.labels.split()})
    names = {label: label_name(label, ctx) for label in label_ids}
    months = sorted({row.date[:7] for row in rows if row.date}, reverse=True)
    controls = element(
        "div",
        element(
            "label",
            ctx.say("filter_logs")
            + " "
            + element(
                "input",
                type="search",
                class_="kiroku-archive-filter",
                placeholder=phrase("filter_logs_placeholder", ctx.lang),
            ),
            class_="kiroku-choice",
        )
        + _choice(
            "model",
            phrase("model", ctx.lang),
            [(m, m) for m in sorted({r.model for r in rows})],
            ctx,
        )
        + _choice(
            "kind",
            phrase("kind", ctx.lang),
            [(k, phrase(f"kind_{k}", ctx.lang)) for k in sorted({r.kind for r in rows})],
            ctx,
        )
        + _choice(
            "experiment",
            phrase("experiment", ctx.lang),
            [
                (e, phrase(f"archive_experiment_{e}", ctx.lang))
                for e in sorted({r.experiment for r in rows if r.experiment})
            ],
            ctx,
        )
        + _choice("label", phrase("labels", ctx.lang), [(i, names[i]) for i in label_ids], ctx)
        + _choice("month", phrase("month", ctx.lang), [(m, m) for m in months], ctx)
        + element(
            "span",
            escape(f"{len(rows)} / {len(rows)} {phrase('shown', ctx.lang)}"),
            class_="kiroku-archive-shown",
            data_shown=phrase("shown", ctx.lang),
        ),
        class_="kiroku-controls kiroku-archive-controls",
        data_search_exclude="",
    )
    head = "".join(
        [
            _header("title", phrase("title", ctx.lang)),
            _header("kind", phrase("kind", ctx.lang)),
            _header("model", phrase("model", ctx.lang)),
            _header("date", phrase("date", ctx.lang)),
            _header("labels", phrase("labels", ctx.lang)),
            _header("size", phrase("size", ctx.lang), "number"),
        ]
    )
    separator = "、" if ctx.lang == "ja" else ", "
    body = []
    for row in rows:
        labels = row.labels.split()
        kind = phrase(f"kind_{row.kind}", ctx.lang)
        if row.kind == "chat" and row.experiment not in ("", "conversation"):
            kind += " · " + phrase(f"archive_experiment_{row.experiment}", ctx.lang)
        cells = [
            element(
                "td",
                text_element("a", row.title, href=ctx.href(log_url(row.id)))
                + " "
                + text_element("code", row.id, class_="kiroku-muted kiroku-id"),
                data_value=row.title,
            ),
            text_element("td", kind),
            text_element("td", row.model),
            text_element("td", row.date, data_value=row.date or "0000"),
            text_element("td", separator.join(names.get(label, label) for label in labels)),
            text_element("td", row.size, data_value=str(row.units)),
        ]
        body.append(
            element(
                "tr",
                "".join(cells),
                data_log=row.id,
                data_model=row.model,
                data_kind=row.kind,
                data_experiment=row.experiment,
                data_label=row.labels,
                data_month=row.date[:7],
            )
        )
    table = wrapped_table(
        head, "".join(body), "kiroku-table kiroku-log-list", data_search_exclude=""
    )
    # Each part excluded on its own: Material's search parser ends an excluded element at
    # the first closing tag of its name, so an excluded div must hold no div.
    return element("div", controls + table, class_="kiroku-archive", data_kiroku_archive="")


def _table(tables: list[Table], name: str) -> Table | None:
    return next((table for table in tables if table.name == name), None)


def study_at_a_glance(tables: list[Table], ctx: PageContext) -> str:
    """The study's finding in figures: how often each condition's outputs start with みかん
    (as a list and a chart), Fisher's test between the paired conditions, and the table of
    failure types per model; all from the analysis library's report (`report_tables`)."""
    parts = [element("h2", ctx.say("home_study"), id="study")]
    study = _table(tables, STUDY_TABLE)
    if study is None or not study.rows:
        parts.append(element("p", ctx.say("no_tables"), class_="kiroku-muted"))
        return element("section", "".join(parts), class_="kiroku-section kiroku-study")
    condition = next(c for c in study.columns if c.key == "condition")
    figures = []
    bars = []
    for row in study.rows:
        name = str(condition.value(row, ctx.lang) or row.get("log_id") or "")
        rate = row.get("attractor_rate")
        outputs = row.get("outputs")
        if isinstance(outputs, int):
            outputs = counted_slot(outputs, "outputs", ctx.lang)
        shown = phrase("home_rate", ctx.lang).format(
            count=row.get("attractor_count"), outputs=outputs, rate=percentage(rate)
        )
        figures.append(
            element("dt", text_element("a", name, href=ctx.href(log_url(str(row["log_id"])))))
            + text_element("dd", f"{row.get('model')}: {shown}")
        )
        bars.append((name, float(rate) if isinstance(rate, int | float) else 0.0))
    parts.append(element("dl", "".join(figures), class_="kiroku-study-figures"))
    parts.append(
        element(
            "figure",
            bar_chart(bars, study.title(ctx.lang), shown_as=percentage, labels_above=True),
            class_="kiroku-figure",
        )
    )
    fisher = _table(tables, FISHER_TABLE)
    if fisher is not None and fisher.note is not None:
        note = fisher.note[1] if ctx.lang == "ja" else fisher.note[0]
        parts.append(text_element("p", note, class_="kiroku-table-note"))
    failures = _table(tables, FAILURE_TABLE)
    if failures is not None and failures.rows:
        parts.append(failure_types_glance(failures, ctx))
    parts.append(
        element(
            "p",
            element("a", ctx.say("home_all_tables"), href=ctx.href(TABLES)),
            class_="kiroku-more",
        )
    )
    return element("section", "".join(parts), class_="kiroku-section kiroku-study")


def failure_types_glance(table: Table, ctx: PageContext) -> str:
    """The analysis' table of failure types per model (`report_tables`' `failure_types`, the
    same figures as on the tables page) turned for a front page: a row per failure type, named
    as the labels page names it, a column per model, each cell "confirmed (suggested)"."""
    models = [str(row.get("model") or "") for row in table.rows]
    head = element("th", ctx.say("failure_type")) + "".join(
        text_element("th", model, class_="kiroku-num") for model in models
    )
    body = []
    for failure in FAILURE_TYPES:
        name = text_element(
            "a", label_name(failure, ctx), href=ctx.href(TAXONOMY) + "#" + label_anchor(failure)
        )
        cells = []
        for row in table.rows:
            confirmed = row.get(f"{failure}-confirmed") or 0
            suggested = row.get(f"{failure}-suggested") or 0
            cells.append(
                text_element(
                    "td",
                    f"{confirmed} ({suggested})",
                    class_="kiroku-num" if confirmed or suggested else "kiroku-num kiroku-muted",
                )
            )
        body.append(element("tr", element("th", name, scope="row") + "".join(cells)))
    return element(
        "section",
        text_element("h3", table.title(ctx.lang), id="failure-types")
        + wrapped_table(head, "".join(body), "kiroku-table kiroku-failure-glance")
        + element(
            "p",
            ctx.say("failure_glance_note")
            + " "
            + element(
                "a",
                ctx.say("failure_glance_full"),
                href=ctx.href(TABLES) + f"#table-{table.name}",
            ),
            class_="kiroku-table-note",
        ),
        class_="kiroku-failure-types",
    )


def home_page(rows: list[LogRow], tables: list[Table], ctx: PageContext) -> str:
    """The study at a glance, then the whole archive to browse."""
    links = "".join(
        element("li", element("a", ctx.say(key), href=ctx.href(url)))
        for key, url in (("logs", LOGS), ("tables", TABLES), ("taxonomy", TAXONOMY))
    )
    body = (
        text_element("p", phrase("home_intro", ctx.lang))
        + element("ul", links, class_="kiroku-home-links")
        + study_at_a_glance(tables, ctx)
        + element("h2", ctx.say("home_archive"), id="archive")
        + log_table(rows, ctx)
    )
    return titled_block(escape(phrase("home_title", ctx.lang)), body, class_="kiroku-home")


def logs_page(rows: list[LogRow], ctx: PageContext) -> str:
    body = element("p", escape(phrase("logs_intro", ctx.lang))) + log_table(rows, ctx)
    return titled_block(ctx.say("logs"), body, class_="kiroku-logs")
