"""The page of a conversation log: its sessions as conversations, the chain of played words."""

from __future__ import annotations

from kiroku.analysis.conversation import SessionFigures
from kiroku.analysis.verdicts import session_chain
from kiroku.schema import ChatLog, Session, Turn
from kiroku.site.conversation_figures import (
    ConversationView,
    marked_block,
    session_figures_section,
    turn_figures_line,
)
from kiroku.site.fragments import (
    PageContext,
    badges,
    copy_controls,
    date_element,
    formatted_block,
    mora,
    played_list,
    revised_block,
    source_labels,
    text_block,
    title_of,
    word,
)
from kiroku.site.html import element, escape, text_element, titled_block
from kiroku.site.phrases import phrase
from kiroku.site.search import log_head
from kiroku.site.urls import turn_anchor


def chat_page(doc: ChatLog, ctx: PageContext) -> str:
    """The body (raw HTML blocks) of a conversation log's page."""
    parts = [log_head(doc, ctx)]
    game = doc.experiment == "shiritori"
    view = ConversationView.of(doc)
    parts.extend(
        session_section(session, ctx, game, view.sessions.get(session.index) if view else None)
        for session in doc.sessions
    )
    return titled_block(
        escape(title_of(doc, ctx.lang)),
        "".join(parts),
        class_="kiroku-log kiroku-chat",
        **source_labels(ctx),
    )


def session_section(
    session: Session,
    ctx: PageContext,
    game: bool = True,
    figures: SessionFigures | None = None,
) -> str:
    """A session's heading, notes and context, its chain of played words when it is a game
    (a free conversation plays none), a conversation's `figures`, then its turns."""
    title = f"{phrase('session', ctx.lang)} {session.index}"
    named = session.title.pick(ctx.lang) if session.title else None
    heading = escape(title) + (" · " + escape(named) if named else "")
    if session.date:
        heading += " " + date_element(session.date.isoformat(), "kiroku-muted")
    parts = [element("h2", heading)]
    parts.extend(text_block(note, "kiroku-text kiroku-session-note") for note in session.notes)
    if session.context:
        context = "".join(
            text_element("div", message.role, class_="kiroku-role")
            + text_block(message.text, "kiroku-text", "ja")
            for message in session.context
        )
        parts.append(
            element(
                "details", element("summary", ctx.say("context")) + context, class_="kiroku-context"
            )
        )
    if figures is not None:
        parts.append(session_figures_section(figures, ctx))
    if game:
        parts.append(chain(session, ctx))
    parts.extend(turn_article(session.index, turn, ctx, game, figures) for turn in session.turns)
    return element(
        "section",
        "".join(parts),
        class_="kiroku-session",
        id=f"s{session.index}",
        data_search_exclude="",
    )


def chain(session: Session, ctx: PageContext) -> str:
    """The played words of a session in order; each link between words shows the mora they
    share, and a link whose morae differ (or a word ending in ん) is marked as a rule break."""
    items: list[str] = []
    for shown in session_chain(session):
        played = shown.word
        css = "kiroku-chain-word kiroku-speaker-" + (shown.speaker or "user")
        if shown.chain_broken or shown.repeated:
            css += " kiroku-break"
        if shown.ends_in_n:
            css += " kiroku-break kiroku-ends-n"
        title = phrase("rule_break", ctx.lang) if shown.chain_broken else None
        content = (
            mora(played.first_mora, "kiroku-mora-in", title)
            + element("a", word(played, ctx), href=f"#{shown.anchor}")
            + mora(played.last_mora, "kiroku-mora-out")
        )
        items.append(element("li", content, class_=css))
    if not items:
        return element("p", ctx.say("no_played"), class_="kiroku-muted kiroku-chain-empty")
    return element(
        "div",
        element("h3", ctx.say("chain")) + element("ol", "".join(items), class_="kiroku-chain"),
        class_="kiroku-chain-box",
    )


def turn_article(
    session: int,
    turn: Turn,
    ctx: PageContext,
    game: bool = True,
    figures: SessionFigures | None = None,
) -> str:
    """One message with its permanent anchor, copy-link and copy-quote buttons, labels and annotations
    (in a game, the words it played; in a conversation, what it repeats and its figures)."""
    anchor = turn_anchor(session, turn.index)
    speaker = turn.name or phrase(f"speaker_{turn.speaker}", ctx.lang)
    head = (
        text_element("span", speaker, class_="kiroku-speaker")
        + text_element(
            "a",
            f"#{anchor}",
            class_="kiroku-anchor",
            href=f"#{anchor}",
            title=phrase("link_to_turn", ctx.lang),
        )
        + copy_controls(anchor, ctx)
    )
    head += badges(turn, ctx)
    original = element(
        "div",
        text_element("div", phrase("original", ctx.lang), class_="kiroku-caption")
        + (
            marked_block(turn.text, figures.repeats_of(anchor), ctx)
            + turn_figures_line(figures.figures_of(anchor), ctx)
            if figures is not None
            else formatted_block(turn.text, "kiroku-text", "ja")
        ),
        class_="kiroku-original",
    )
    columns = original
    if ctx.lang == "en":
        if turn.translation_en is not None and turn.translation_en.current is not None:
            translated = revised_block(turn.translation_en, "kiroku-text", "en")
        else:
            translated = element("p", ctx.say("not_translated"), class_="kiroku-untranslated")
        columns += element(
            "div",
            text_element("div", phrase("translation", ctx.lang), class_="kiroku-caption")
            + translated,
            class_="kiroku-translation",
        )
    parts = [
        element("header", head, class_="kiroku-turn-head"),
        element("div", columns, class_="kiroku-columns"),
    ]
    if game:
        parts.append(played_list(turn, ctx))
    if turn.reasoning:
        parts.append(
            element(
                "details",
                element("summary", ctx.say("reasoning")) + formatted_block(turn.reasoning),
                class_="kiroku-reasoning",
            )
        )
    if turn.attachments:
        listed = "".join(
            text_element(
                "li",
                " · ".join(x for x in (a.kind, a.name, a.description) if x),
            )
            for a in turn.attachments
        )
        parts.append(
            element(
                "div", ctx.say("attachments") + element("ul", listed), class_="kiroku-attachments"
            )
        )
    if turn.alternatives:
        listed = "".join(
            text_element("div", alternative.speaker, class_="kiroku-role")
            + formatted_block(alternative.text, "kiroku-text", "ja")
            for alternative in turn.alternatives
        )
        parts.append(
            element(
                "details",
                element("summary", ctx.say("alternatives")) + listed,
                class_="kiroku-alternatives",
            )
        )
    if turn.note is not None and turn.note.current is not None:
        parts.append(
            element(
                "div",
                text_element("div", phrase("note", ctx.lang), class_="kiroku-caption")
                + revised_block(turn.note, "kiroku-text"),
                class_="kiroku-note",
            )
        )
    return element(
        "article", "".join(parts), class_=f"kiroku-turn kiroku-speaker-{turn.speaker}", id=anchor
    )
