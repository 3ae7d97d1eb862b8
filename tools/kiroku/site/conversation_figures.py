"""A conversation's figures on its page: a reply-length chart and a table per session, and the
repeats marked in each model turn with links to where they were said before."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml as escape_html

from kiroku.analysis.conversation import (
    WINDOW,
    SessionFigures,
    TurnFigures,
    TurnRepeats,
    conversation_figures,
    is_conversation,
)
from kiroku.analysis.conversation_suggest import findings
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.fragments import PageContext
from kiroku.site.html import element, escape, text_element
from kiroku.site.markdown_text import marked_markdown, rendered_markdown
from kiroku.site.phrases import counted_slot, phrase

CHART_HEIGHT = 120
BAR_STEP = 14
BAR_WIDTH = 10
LEFT = 44
BOTTOM = 22


@dataclass(frozen=True)
class ConversationView:
    """The figures of every session of a conversation log, measured once per page."""

    sessions: dict[int, SessionFigures]

    @classmethod
    def of(cls, doc: ChatLog | BatchLog) -> ConversationView | None:
        """The view for a conversation; None for a game or a batch, which have their own."""
        if not is_conversation(doc):
            return None
        return cls({figures.session: figures for figures in conversation_figures(doc)})


def _say(key: str, ctx: PageContext, **values: object) -> str:
    return escape(phrase(key, ctx.lang).format(**values))


# ── The chart ────────────────────────────────────────────────────────────────────────────────


def length_chart(figures: SessionFigures, ctx: PageContext) -> str:
    """Reply length per turn, user and model told apart by colour and by a legend; each bar
    links to its turn."""
    turns = figures.turns
    top = max((t.characters for t in turns), default=0) or 1
    width = LEFT + max(1, len(turns)) * BAR_STEP + 8
    height = CHART_HEIGHT + BOTTOM + 22
    base = 22 + CHART_HEIGHT
    bars = []
    for i, turn in enumerate(turns):
        length = CHART_HEIGHT * turn.characters / top
        x = LEFT + i * BAR_STEP
        speaker = phrase(f"speaker_{turn.speaker}", ctx.lang)
        tip = f"{turn.anchor} · {speaker}: {turn.characters} {phrase('characters', ctx.lang)}"
        bars.append(
            f'<a href="#{escape(turn.anchor)}"><rect class="kiroku-bar-{turn.speaker}" '
            f'x="{x}" y="{base - length:.1f}" width="{BAR_WIDTH}" height="{max(length, 0.5):.1f}">'
            f"<title>{escape(tip)}</title></rect></a>"
        )
    ticks = (
        f'<text x="{LEFT - 6}" y="{22 + 4}" text-anchor="end">{top}</text>'
        f'<text x="{LEFT - 6}" y="{base}" text-anchor="end">0</text>'
        f'<line x1="{LEFT - 2}" y1="{base + 0.5}" x2="{width - 4}" y2="{base + 0.5}" '
        'class="kiroku-axis"/>'
    )
    if turns:
        ticks += (
            f'<text x="{LEFT}" y="{base + 16}">{escape(turns[0].anchor)}</text>'
            f'<text x="{width - 6}" y="{base + 16}" text-anchor="end">'
            f"{escape(turns[-1].anchor)}</text>"
        )
    legend = (
        f'<rect class="kiroku-bar-user" x="{LEFT}" y="4" width="10" height="10"/>'
        f'<text x="{LEFT + 14}" y="13">{escape(phrase("speaker_user", ctx.lang))}</text>'
        f'<rect class="kiroku-bar-model" x="{LEFT + 90}" y="4" width="10" height="10"/>'
        f'<text x="{LEFT + 104}" y="13">{escape(phrase("speaker_model", ctx.lang))}</text>'
    )
    title = phrase("length_chart", ctx.lang)
    return (
        f'<svg class="kiroku-chart kiroku-length-chart" xmlns="http://www.w3.org/2000/svg" '
        f'role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(title)}</title>{legend}{ticks}{''.join(bars)}</svg>"
    )


# ── The table ────────────────────────────────────────────────────────────────────────────────


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _range(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{min(values):.2f}–{max(values):.2f}"


def figures_table(figures: SessionFigures, ctx: PageContext) -> str:
    """The session's figures, the user's beside the model's."""
    shape = figures.shape
    by = {
        speaker: [t for t in figures.turns if t.speaker == speaker] for speaker in ("user", "model")
    }

    def total(speaker: str, measure: str) -> str:
        return f"{sum(getattr(t, measure) for t in by[speaker]):,}"

    windows_user = [w.user_cv for w in shape.windows if w.user_cv is not None]
    windows_model = [w.model_cv for w in shape.windows if w.model_cv is not None]
    rows = [
        ("fig_turns", str(shape.user_turns), str(shape.model_turns)),
        ("fig_mean_length", _number(shape.user_mean, 0), _number(shape.model_mean, 0)),
        ("fig_cv", _number(shape.user_cv), _number(shape.model_cv)),
        ("fig_window_cv", _range(windows_user), _range(windows_model)),
        ("fig_words", total("user", "words"), total("model", "words")),
        ("fig_sentences", total("user", "sentences"), total("model", "sentences")),
        ("fig_questions", total("user", "questions"), total("model", "questions")),
        ("fig_emoji", total("user", "emoji"), total("model", "emoji")),
        (
            "fig_figures",
            str(sum(len(t.figures) for t in by["user"])),
            str(sum(len(t.figures) for t in by["model"])),
        ),
    ]
    head = element(
        "tr",
        element("th", "")
        + element("th", ctx.say("speaker_user"))
        + element("th", ctx.say("speaker_model")),
    )
    body = "".join(
        element(
            "tr",
            element("th", _say(key, ctx, window=WINDOW))
            + element("td", escape(user))
            + element("td", escape(model)),
        )
        for key, user, model in rows
    )
    earned = [{rule for rule, _ in findings(r)} for r in figures.repeats]
    summary = [
        _say("fig_ratio", ctx, ratio=_number(shape.cv_ratio)),
        _say("fig_correlation", ctx, r=_number(shape.length_correlation)),
        _say(
            "fig_repeats",
            ctx,
            closing=sum("repeated-closing" in e for e in earned),
            figure=sum("repeated-figure" in e for e in earned),
            template=sum("template-reply" in e for e in earned),
            replies=len(figures.repeats),
        ),
    ]
    return element(
        "table",
        element("thead", head) + element("tbody", body),
        class_="kiroku-figures",
    ) + element(
        "ul", "".join(element("li", line) for line in summary), class_="kiroku-figure-notes"
    )


def session_figures_section(figures: SessionFigures, ctx: PageContext) -> str:
    """The figures block placed at the head of a session."""
    return element(
        "details",
        element("summary", ctx.say("conversation_figures"))
        + element(
            "div",
            length_chart(figures, ctx) + figures_table(figures, ctx),
            class_="kiroku-figures-body",
        ),
        class_="kiroku-figures-box",
        open="",
    )


# ── The repeats marked in a turn ─────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str
    earlier: tuple[str, ...]


def _marks(repeats: TurnRepeats) -> list[_Mark]:
    marks = [_Mark(p.start, p.end, "phrase", p.earlier) for p in repeats.phrases]
    closing = repeats.closing
    if closing is not None and closing.earlier:
        marks.append(_Mark(closing.start, closing.end, "closing", closing.earlier))
    marks += [_Mark(r.figure.start, r.figure.end, "figure", r.earlier) for r in repeats.figures]
    return [m for m in marks if m.start < m.end]


def _segments(text: str, marks: list[_Mark]) -> list[tuple[str, list[_Mark]]]:
    """The text cut wherever a mark starts or ends, each piece with the marks covering it."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    return [
        (text[start:end], [m for m in marks if m.start <= start and end <= m.end])
        for start, end in itertools.pairwise(cuts)
    ]


def _mark_html(piece_html: str, covering: list[_Mark], ctx: PageContext) -> str:
    kinds = sorted({m.kind for m in covering})
    earlier = sorted({a for m in covering for a in m.earlier}, key=_turn_order)
    title = phrase("said_before", ctx.lang).format(turns=", ".join(earlier))
    css = "kiroku-repeat " + " ".join(f"kiroku-repeat-{k}" for k in kinds)
    return element("mark", piece_html, class_=css, title=title)


def _link_html(anchor: str, ctx: PageContext) -> str:
    """A link to the turn that said it before; its text comes from CSS, so copying the turn
    copies only the turn."""
    title = phrase("said_before", ctx.lang).format(turns=anchor)
    return element(
        "a",
        href=f"#{anchor}",
        class_="kiroku-repeat-link",
        title=title,
        aria_label=title,
        data_turn=anchor,
    )


def _ends_run(piece: str) -> bool:
    return bool(_BREAKS_RUN.search(piece)) or "\n" in piece


def _latest(covering: list[_Mark], end_of: int | None, pending: list[str]) -> None:
    for mark in covering:
        if (end_of is None or mark.end == end_of) and mark.earlier[-1] not in pending:
            pending.append(mark.earlier[-1])


def marked_text(text: str, repeats: TurnRepeats | None, ctx: PageContext) -> str:
    """A turn's text exactly as recorded, the stretches said before marked (the title lists
    every earlier turn); after each run of marks, a link to the latest earlier turn each said
    it in, so a closing made of two repeated phrases gets one link, not three."""
    marks = _marks(repeats) if repeats is not None else []
    if not marks:
        return text_element("div", text, class_="kiroku-text", lang="ja")
    parts: list[str] = []
    pending: list[str] = []
    position = 0
    for piece, covering in _segments(text, marks):
        position += len(piece)
        if not covering:
            if pending and _ends_run(piece):
                parts.extend(_link_html(a, ctx) for a in pending)
                pending.clear()
            parts.append(escape(piece))
            continue
        parts.append(_mark_html(escape(piece), covering, ctx))
        _latest(covering, position, pending)
    parts.extend(_link_html(a, ctx) for a in pending)
    return element("div", "".join(parts), class_="kiroku-text", lang="ja")


_MARKUP = re.compile(r"\*\*|__|[*_`~]")
"""Markdown's inline markers: a repeat is looked for in the rendered text piece by piece."""


def _marked_rendered(
    html: str,
    text: str,
    marks: list[_Mark],
    ctx: PageContext,
    escaped: Callable[[str], str] = escape_html,
) -> str:
    """Rendered markdown with the repeats marked: each marked stretch of the source, less its
    markdown markers, is found in the rendered text nodes in order (never inside a tag); a
    stretch markdown changed beyond that is left unmarked rather than marked wrongly.
    `escaped` is how the HTML wrote its text (markdown-it's escaping, or Kiroku's own)."""
    nodes = re.split(r"(<[^>]*>)", html)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    cursor = (0, 0)
    pending: list[str] = []

    def flush() -> None:
        node, offset = cursor
        for anchor in pending:
            edits.setdefault(node, []).append((offset, offset, _link_html(anchor, ctx)))
        pending.clear()

    position = 0
    for piece, covering in _segments(text, marks):
        position += len(piece)
        if not covering:
            if pending and _ends_run(piece):
                flush()
            continue
        found_any = False
        for part in _MARKUP.split(piece):
            if not part.strip():
                continue
            wanted = escaped(part)
            node, offset = cursor
            while node < len(nodes):
                at = nodes[node].find(wanted, offset) if node % 2 == 0 else -1
                if at >= 0:
                    wrapped = _mark_html(wanted, covering, ctx)
                    edits.setdefault(node, []).append((at, at + len(wanted), wrapped))
                    cursor = (node, at + len(wanted))
                    found_any = True
                    break
                node, offset = node + 1, 0
        if found_any:
            _latest(covering, position, pending)
    flush()
    out = []
    for i, node_text in enumerate(nodes):
        if i not in edits:
            out.append(node_text)
            continue
        last = 0
        for start, end, replacement in sorted(edits[i], key=lambda e: (e[0], e[1] - e[0] == 0)):
            out.append(node_text[last:start] + replacement)
            last = end
        out.append(node_text[last:])
    return "".join(out)


def marked_block(text: str, repeats: TurnRepeats | None, ctx: PageContext) -> str:
    """A conversation turn's text as `formatted_block` shows it (markdown rendered, the exact
    text one toggle away), with what it repeats marked in both."""
    marks = _marks(repeats) if repeats is not None else []
    emphasis_only = marked_markdown(text)
    if emphasis_only is not None:  # the exact text once, its delimiters marked (fragments)
        if marks:
            emphasis_only = _marked_rendered(emphasis_only, text, marks, ctx, escape)
        return element("div", emphasis_only, class_="kiroku-text kiroku-marked", lang="ja")
    rendered = rendered_markdown(text)
    if rendered is None:
        return marked_text(text, repeats, ctx)
    if marks:
        rendered = _marked_rendered(rendered, text, marks, ctx)
    exact = marked_text(text, repeats, ctx).replace(
        '<div class="kiroku-text" lang="ja">',
        '<div class="kiroku-text kiroku-source" lang="ja" hidden="">',
        1,
    )
    return element("div", rendered, class_="kiroku-md", lang="ja") + exact


_BREAKS_RUN = re.compile(r"\w")
"""Unmarked text holding a word ends a run of marks (punctuation and spaces do not)."""


def _turn_order(anchor: str) -> tuple[int, ...]:
    return tuple(int(n) for n in anchor[1:].split("-t"))


def turn_figures_line(measured: TurnFigures | None, ctx: PageContext) -> str:
    """A turn's own figures in one muted line under its text."""
    if measured is None:
        return ""
    shown = _say(
        "turn_figures",
        ctx,
        **{
            noun: counted_slot(getattr(measured, noun), noun, ctx.lang)
            for noun in ("characters", "words", "sentences", "questions", "emoji")
        },
    )
    if measured.figures:  # a figure is never cut at a line's end: 2万 / 9800円
        stated = [text_element("span", f.text, class_="kiroku-nowrap") for f in measured.figures]
        shown += " · " + ", ".join(stated)
    return element("div", shown, class_="kiroku-turn-figures kiroku-muted")
