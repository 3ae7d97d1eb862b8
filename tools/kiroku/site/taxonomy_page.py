"""The taxonomy page: every label in both languages, with links to each turn carrying it."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from kiroku.schema import Annotations, BatchLog, ChatLog
from kiroku.site.fragments import PageContext, title_of
from kiroku.site.html import element, escape, text_element, titled_block
from kiroku.site.phrases import counted, phrase
from kiroku.site.urls import label_anchor, log_url, trial_anchor, turn_anchor

Document = ChatLog | BatchLog


UseState = Literal["confirmed", "suggested", "dismissed"]
STATES: tuple[UseState, ...] = ("confirmed", "suggested", "dismissed")

LogGroups = Callable[[str, str, Callable[[], str]], str]
"""(log id, label id, what makes the group's HTML) → the group's HTML: lets the site keep
each log's groups between builds (`page_cache.Fragments`)."""


def _made(log_id: str, label_id: str, make: Callable[[], str]) -> str:
    return make()


SHOWN_PER_LOG = 8
"""A log's first anchors shown for a label; the rest fold into a `<details>`."""
SHOWN_LOGS = 6
"""Logs listed open under a label; the rest fold into a `<details>`."""


@dataclass(frozen=True)
class LabelUse:
    """One turn or trial carrying a label: set by a person (`confirmed`), only suggested by a
    rule, or suggested and turned down by a person (`dismissed`)."""

    label_id: str
    log_id: str
    title: str
    """The log's title in the page's language."""
    anchor: str
    state: UseState


def anchored_units(doc: Document) -> list[tuple[str, Annotations]]:
    if isinstance(doc, ChatLog):
        return [
            (turn_anchor(session.index, turn.index), turn)
            for session in doc.sessions
            for turn in session.turns
        ]
    return [(trial_anchor(trial.trial), trial) for trial in doc.trials]


def unit_label_uses(unit: Annotations) -> list[tuple[str, UseState]]:
    """Each label id on a unit once, in its strongest state: a person's label, else a
    suggestion a person dismissed, else an open suggestion."""
    labelled = [label.id for label in unit.labels]
    rejected = {rejection.id for rejection in unit.rejected}
    uses: dict[str, UseState] = dict.fromkeys(labelled, "confirmed")
    for suggestion in unit.suggestions:
        if suggestion.id not in uses:
            uses[suggestion.id] = "dismissed" if suggestion.id in rejected else "suggested"
    return list(uses.items())


def doc_label_uses(doc: Document) -> list[tuple[str, str, UseState]]:
    """(label id, anchor, state) of every label and suggestion in one log, in order."""
    return [
        (label_id, anchor, state)
        for anchor, unit in anchored_units(doc)
        for label_id, state in unit_label_uses(unit)
    ]


def label_uses(
    logs: Iterable[tuple[str, str, Iterable[tuple[str, str, str]]]],
) -> dict[str, list[LabelUse]]:
    """Every use of every label id across the archive, in document order, from each log's
    (id, title in the page's language, `doc_label_uses`): the site keeps those per log, so
    the page is made without reading every log."""
    uses: dict[str, list[LabelUse]] = defaultdict(list)
    for log_id, title, log_uses in logs:
        for label_id, anchor, state in log_uses:
            uses[label_id].append(LabelUse(label_id, log_id, title, anchor, state))  # type: ignore[arg-type]
    return dict(uses)


def label_uses_key(logs: Iterable[tuple[str, str, Iterable[tuple[str, str, str]]]]) -> str:
    """All the taxonomy page shows of the logs, given as (id, title in the page's language,
    `doc_label_uses`): which labels are used where, by what title, grouped as on the page."""
    grouped: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for log_id, title, uses in logs:
        for label_id, anchor, state in uses:
            grouped[label_id].append((log_id, title, anchor, state))
    return repr(list(grouped.items()))


def _anchor_links(uses: list[LabelUse], ctx: PageContext) -> str:
    """One log's anchors carrying the label: a person's labels first, then suggestions,
    then dismissed ones; beyond `SHOWN_PER_LOG`, folded."""
    ordered = sorted(uses, key=lambda use: STATES.index(use.state))
    links = [
        element(
            "li",
            text_element(
                "a",
                f"#{use.anchor}",
                href=ctx.href(log_url(use.log_id)) + "#" + use.anchor,
                title=phrase(f"use_{use.state}", ctx.lang),
            ),
            class_=f"kiroku-use kiroku-use-{use.state}",
        )
        for use in ordered
    ]
    shown = element("ul", "".join(links[:SHOWN_PER_LOG]), class_="kiroku-uses")
    if len(links) <= SHOWN_PER_LOG:
        return shown
    rest = len(links) - SHOWN_PER_LOG
    return shown + element(
        "details",
        element("summary", escape(phrase("more", ctx.lang).format(n=rest)))
        + element("ul", "".join(links[SHOWN_PER_LOG:]), class_="kiroku-uses"),
        class_="kiroku-more",
    )


def _log_group(uses: list[LabelUse], ctx: PageContext) -> str:
    first = uses[0]
    counts = Counter(use.state for use in uses)
    figures = " · ".join(
        f"{counts[state]} {phrase(f'count_{state}', ctx.lang)}" for state in STATES if counts[state]
    )
    head = element(  # a `p`, not a `div`: the search's parser ends an excluded `div` at the first `</div>`
        "p",
        text_element("a", first.title, href=ctx.href(log_url(first.log_id)))
        + " "
        + text_element("span", figures, class_="kiroku-muted"),
        class_="kiroku-use-log",
    )
    return element("li", head + _anchor_links(uses, ctx))


def _uses_by_log(uses: list[LabelUse], ctx: PageContext, groups: LogGroups = _made) -> str:
    """The turns carrying a label, grouped by log (logs with a person's label first)."""
    by_log: dict[str, list[LabelUse]] = defaultdict(list)
    for use in uses:
        by_log[use.log_id].append(use)
    ordered = sorted(
        by_log.values(), key=lambda group: not any(u.state == "confirmed" for u in group)
    )
    items = [
        groups(group[0].log_id, group[0].label_id, functools.partial(_log_group, group, ctx))
        for group in ordered
    ]
    shown = element("ul", "".join(items[:SHOWN_LOGS]), class_="kiroku-use-logs")
    if len(items) > SHOWN_LOGS:
        rest = len(items) - SHOWN_LOGS
        shown += element(
            "details",
            element(
                "summary",
                escape(phrase("more_logs", ctx.lang).format(logs=counted(rest, "logs", ctx.lang))),
            )
            + element("ul", "".join(items[SHOWN_LOGS:]), class_="kiroku-use-logs"),
            class_="kiroku-more",
        )
    return element("div", shown, data_search_exclude="")


def _counts(uses: list[LabelUse], ctx: PageContext) -> str:
    counts = Counter(use.state for use in uses)
    figures = "".join(
        element(
            "span",
            ctx.say(f"count_{state}") + " " + element("strong", str(counts[state])),
            class_=f"kiroku-count-{state}",
        )
        for state in STATES
    )
    return element("p", figures, class_="kiroku-label-counts")


def experiments_line(experiments: Iterable[str], ctx: PageContext) -> str:
    """Which logs a label is for, as the taxonomy states it: `for conversations`."""
    names = " / ".join(phrase(f"experiment_{e}", ctx.lang) for e in experiments)
    return phrase("label_for", ctx.lang).format(experiments=names)


def _entry(
    label_id: str,
    names: tuple[str | None, str | None],
    descriptions: tuple[str | None, str | None],
    group: str | None,
    uses: list[LabelUse],
    ctx: PageContext,
    groups: LogGroups = _made,
) -> str:
    name_ja, name_en = names
    title = (name_ja if ctx.lang == "ja" else name_en) or name_en or name_ja or label_id
    parts = [
        element(
            "h2",
            text_element("span", title) + " " + text_element("code", label_id),
            id=label_anchor(label_id),
        )
    ]
    if group:
        parts.append(text_element("p", group, class_="kiroku-muted kiroku-group"))
    both = "".join(
        element("dt", lang.upper())
        + element(
            "dd",
            text_element("strong", name or "", lang=lang)
            + (
                text_element("div", description, class_="kiroku-text", lang=lang)
                if description
                else ""
            ),
        )
        for lang, name, description in (
            ("ja", name_ja, descriptions[0]),
            ("en", name_en, descriptions[1]),
        )
        if name or description
    )
    if both:
        parts.append(element("dl", both, class_="kiroku-meta"))
    parts.append(_counts(uses, ctx))
    if uses:
        parts.append(element("h3", ctx.say("used_by")))
        parts.append(_uses_by_log(uses, ctx, groups))
    else:
        parts.append(element("p", ctx.say("unused"), class_="kiroku-muted"))
    return element("section", "".join(parts), class_="kiroku-label-entry")


def taxonomy_page(docs: list[Document], ctx: PageContext) -> str:
    return taxonomy_page_of(
        ((doc.id, title_of(doc, ctx.lang), doc_label_uses(doc)) for doc in docs), ctx
    )


def taxonomy_page_of(
    logs: Iterable[tuple[str, str, Iterable[tuple[str, str, str]]]],
    ctx: PageContext,
    groups: LogGroups = _made,
) -> str:
    """The taxonomy page from each log's (id, title in `ctx.lang`, `doc_label_uses`);
    `groups` may give a log's group of uses of a label without making it again."""
    uses = label_uses(logs)
    parts = [element("p", ctx.say("taxonomy_intro"))]
    known: set[str] = set()
    if ctx.taxonomy is None:
        parts.append(element("p", ctx.say("no_taxonomy"), class_="kiroku-muted"))
    else:
        for kind in ctx.taxonomy.labels:
            known.add(kind.id)
            parts.append(
                _entry(
                    kind.id,
                    (kind.name.ja, kind.name.en),
                    (kind.description.ja, kind.description.en),
                    f"{kind.group} · {experiments_line(kind.experiments, ctx)}",
                    uses.get(kind.id, []),
                    ctx,
                    groups,
                )
            )
    unknown = [label_id for label_id in uses if label_id not in known]
    if unknown:
        parts.append(element("h2", ctx.say("unknown_label"), id="unknown-labels"))
        parts.extend(
            _entry(label_id, (None, None), (None, None), None, uses[label_id], ctx, groups)
            for label_id in unknown
        )
    return titled_block(ctx.say("taxonomy"), "".join(parts), class_="kiroku-taxonomy")
