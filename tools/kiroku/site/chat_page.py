"""The page of a conversation log: its sessions as conversations, the chain of played words."""

from __future__ import annotations

from kiroku.analysis.conversation import SessionFigures
from kiroku.analysis.verdicts import played_words, session_chain
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
    date_element,
    formatted_block,
    played_list,
    revised_block,
    source_labels,
    text_block,
    title_of,
    word_item,
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
    translated = ctx.lang == "en" and any(t.translation_text() is not None for t in doc.units())
    if ctx.lang == "en" and not translated:
        parts.append(element("p", ctx.say("none_translated"), class_="kiroku-untranslated"))
    parts.extend(
        session_section(
            session, ctx, game, view.sessions.get(session.index) if view else None, translated
        )
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
    translated: bool = False,
) -> str:
    """A session's heading, notes and context, its chain of played words when it is a game
    (a free conversation plays none), a conversation's `figures`, then its turns (beside
    their translation when the log is `translated`)."""
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
    parts.extend(
        turn_article(session.index, turn, ctx, game, figures, translated) for turn in session.turns
    )
    return element(
        "section",
        "".join(parts),
        class_="kiroku-session",
        id=f"s{session.index}",
        data_search_exclude="",
    )


def chain(session: Session, ctx: PageContext) -> str:
    """The played words of a session in order, each a link to its turn: between two words the
    mora the first hands on, and where the next does not take it up (or a word ends in ん)
    the rule break marked (`word_item`)."""
    items = "".join(word_item(shown, ctx, in_chain=True) for shown in session_chain(session))
    if not items:
        return element("p", ctx.say("no_played"), class_="kiroku-muted kiroku-chain-empty")
    return element(
        "div",
        element("h3", ctx.say("chain")) + element("ol", items, class_="kiroku-chain", lang="ja"),
        class_="kiroku-chain-box",
    )


def turn_article(
    session: int,
    turn: Turn,
    ctx: PageContext,
    game: bool = True,
    figures: SessionFigures | None = None,
    translated: bool = False,
) -> str:
    """One message with its permanent anchor (the bundled script adds the copy-link and
    copy-quote buttons after it), labels and annotations (in a game, the words it played; in a
    conversation, what it repeats and its figures). A turn playing one word has it in the
    session's chain; one that corrected itself lists its words, the move first. In a `translated` log its English
    translation (or "not yet translated") stands in a column beside it, each captioned; else
    the text stands alone, uncaptioned."""
    anchor = turn_anchor(session, turn.index)
    speaker = turn.name or phrase(f"speaker_{turn.speaker}", ctx.lang)
    head = text_element("span", speaker, class_="kiroku-speaker") + text_element(
        "a",
        f"#{anchor}",
        class_="kiroku-anchor",
        href=f"#{anchor}",
        title=phrase("link_to_turn", ctx.lang),
    )
    head += badges(turn, ctx)
    original = element(
        "div",
        (
            text_element("div", phrase("original", ctx.lang), class_="kiroku-caption")
            if translated
            else ""
        )
        + (
            marked_block(turn.text, figures.repeats_of(anchor), ctx)
            + turn_figures_line(figures.figures_of(anchor), ctx)
            if figures is not None
            else formatted_block(turn.text, "kiroku-text", "ja")
        ),
        class_="kiroku-original",
    )
    columns = original
    if translated:
        if turn.translation_en is not None and turn.translation_en.current is not None:
            translation = revised_block(turn.translation_en, "kiroku-text", "en")
        else:
            translation = element("p", ctx.say("not_translated"), class_="kiroku-untranslated")
        columns += element(
            "div",
            text_element("div", phrase("translation", ctx.lang), class_="kiroku-caption")
            + translation,
            class_="kiroku-translation",
        )
    parts = [
        element("header", head, class_="kiroku-turn-head"),
        element("div", columns, class_="kiroku-columns") if translated else original,
    ]
    if game and len(played_words(turn)) > 1:
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
