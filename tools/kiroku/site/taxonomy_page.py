"""The taxonomy page: every label in both languages, with links to each turn carrying it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kiroku.schema import Annotations, BatchLog, ChatLog
from kiroku.site.fragments import PageContext, title_of
from kiroku.site.html import element, text_element, titled_block
from kiroku.site.urls import label_anchor, log_url, trial_anchor, turn_anchor

Document = ChatLog | BatchLog


@dataclass(frozen=True)
class LabelUse:
    """One turn or trial carrying a label, by a person (`confirmed`) or as a suggestion."""

    label_id: str
    doc: Document
    anchor: str
    confirmed: bool


def anchored_units(doc: Document) -> list[tuple[str, Annotations]]:
    if isinstance(doc, ChatLog):
        return [
            (turn_anchor(session.index, turn.index), turn)
            for session in doc.sessions
            for turn in session.turns
        ]
    return [(trial_anchor(trial.trial), trial) for trial in doc.trials]


def doc_label_uses(doc: Document) -> list[tuple[str, str, bool]]:
    """(label id, anchor, confirmed) of every label and suggestion in one log, in order."""
    uses: list[tuple[str, str, bool]] = []
    for anchor, unit in anchored_units(doc):
        uses += [(label.id, anchor, True) for label in unit.labels]
        uses += [(suggestion.id, anchor, False) for suggestion in unit.suggestions]
    return uses


def label_uses(docs: list[Document]) -> dict[str, list[LabelUse]]:
    """Every use of every label id across the archive, in document order."""
    uses: dict[str, list[LabelUse]] = defaultdict(list)
    for doc in docs:
        for label_id, anchor, confirmed in doc_label_uses(doc):
            uses[label_id].append(LabelUse(label_id, doc, anchor, confirmed))
    return dict(uses)


def label_uses_key(logs: Iterable[tuple[str, str, Iterable[tuple[str, str, bool]]]]) -> str:
    """All the taxonomy page shows of the logs, given as (id, title in the page's language,
    `doc_label_uses`): which labels are used where, by what title, grouped as on the page."""
    grouped: dict[str, list[tuple[str, str, str, bool]]] = defaultdict(list)
    for log_id, title, uses in logs:
        for label_id, anchor, confirmed in uses:
            grouped[label_id].append((log_id, title, anchor, confirmed))
    return repr(list(grouped.items()))


def _use_links(uses: list[LabelUse], ctx: PageContext) -> str:
    items = []
    for use in uses:
        href = ctx.href(log_url(use.doc.id)) + "#" + use.anchor
        items.append(
            element(
                "li",
                text_element("a", f"{title_of(use.doc, ctx.lang)} #{use.anchor}", href=href),
                class_="kiroku-use" if use.confirmed else "kiroku-use kiroku-suggested-use",
            )
        )
    return element("ul", "".join(items), class_="kiroku-uses", data_search_exclude="")


def _entry(
    label_id: str,
    names: tuple[str | None, str | None],
    descriptions: tuple[str | None, str | None],
    group: str | None,
    uses: list[LabelUse],
    ctx: PageContext,
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
    confirmed = [use for use in uses if use.confirmed]
    suggested = [use for use in uses if not use.confirmed]
    parts.append(element("h3", f"{ctx.say('used_by')} ({len(confirmed)})"))
    parts.append(
        _use_links(confirmed, ctx)
        if confirmed
        else element("p", ctx.say("unused"), class_="kiroku-muted")
    )
    if suggested:
        parts.append(element("h3", f"{ctx.say('suggestions')} ({len(suggested)})"))
        parts.append(_use_links(suggested, ctx))
    return element("section", "".join(parts), class_="kiroku-label-entry")


def taxonomy_page(docs: list[Document], ctx: PageContext) -> str:
    uses = label_uses(docs)
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
                    kind.group,
                    uses.get(kind.id, []),
                    ctx,
                )
            )
    unknown = [label_id for label_id in uses if label_id not in known]
    if unknown:
        parts.append(element("h2", ctx.say("unknown_label"), id="unknown-labels"))
        parts.extend(
            _entry(label_id, (None, None), (None, None), None, uses[label_id], ctx)
            for label_id in unknown
        )
    return titled_block(ctx.say("taxonomy"), "".join(parts), class_="kiroku-taxonomy")
