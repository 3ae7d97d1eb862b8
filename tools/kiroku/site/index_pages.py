"""The home page and the list of every log: logs are listed here, never in the navigation."""

from __future__ import annotations

from dataclasses import dataclass

from kiroku.schema import BatchLog, ChatLog
from kiroku.site.fragments import PageContext, title_of
from kiroku.site.html import element, escape, text_element, titled_block
from kiroku.site.phrases import counted, phrase
from kiroku.site.urls import LOGS, TABLES, TAXONOMY, log_url

Document = ChatLog | BatchLog


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


def log_rows(docs: list[Document], lang: str) -> list[LogRow]:
    """The rows of the list of logs: all the list depends on, so a list whose rows are
    unchanged need not be rendered again."""
    return [
        LogRow(
            doc.id,
            title_of(doc, lang),
            doc.kind,
            doc.model.name,
            doc.date.isoformat() if doc.date else "",
            size_of(doc, lang),
        )
        for doc in docs
    ]


def log_table(docs: list[Document], ctx: PageContext) -> str:
    """Every log with its kind, model, date and size, newest first. Not indexed for search:
    each log page carries its own words, and this list grows with every log."""
    if not docs:
        return element("p", ctx.say("no_logs"), class_="kiroku-muted")
    head = "".join(
        element("th", ctx.say(key)) for key in ("title", "kind", "model", "date", "size")
    )
    rows = []
    for row in log_rows(docs, ctx.lang):
        cells = [
            element(
                "td",
                text_element("a", row.title, href=ctx.href(log_url(row.id)))
                + " "
                + text_element("code", row.id, class_="kiroku-muted"),
            ),
            element("td", ctx.say(f"kind_{row.kind}")),
            text_element("td", row.model),
            text_element("td", row.date),
            text_element("td", row.size),
        ]
        rows.append(element("tr", "".join(cells), data_log=row.id))
    return element(
        "div",
        element(
            "table",
            element("thead", element("tr", head)) + element("tbody", "".join(rows)),
            class_="kiroku-table kiroku-log-list",
        ),
        class_="kiroku-table-wrap",
        data_search_exclude="",
    )


def home_page(docs: list[Document], ctx: PageContext) -> str:
    links = "".join(
        element("li", element("a", ctx.say(key), href=ctx.href(url)))
        for key, url in (("logs", LOGS), ("tables", TABLES), ("taxonomy", TAXONOMY))
    )
    body = (
        text_element("p", phrase("home_intro", ctx.lang))
        + element("ul", links, class_="kiroku-home-links")
        + element("h2", ctx.say("logs"))
        + log_table(docs, ctx)
    )
    return titled_block(escape(phrase("home_title", ctx.lang)), body, class_="kiroku-home")


def logs_page(docs: list[Document], ctx: PageContext) -> str:
    body = element("p", escape(phrase("logs_intro", ctx.lang))) + log_table(docs, ctx)
    return titled_block(ctx.say("logs"), body, class_="kiroku-logs")
