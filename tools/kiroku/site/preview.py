"""What a link to a log shows where it is pasted: a one-line description (the chain, else the first turn)."""

from __future__ import annotations

import re
from collections import Counter

from kiroku.analysis.verdicts import played_words
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.markdown_text import plain_words
from kiroku.site.phrases import phrase

Document = ChatLog | BatchLog

LIMIT = 200
"""Characters of a description: previews in posts and chats show about this much."""

_SPACE = re.compile(r"\s+")
_SURROGATES = re.compile("[\ud800-\udfff]")


_MARKDOWN_HINT = re.compile(r"[*_`#>\[\]~|<]|^\s*(?:[-+]|\d+[.)])\s", re.M)
"""Text without any of these has no markdown to take out."""


def plain_text(text: str) -> str:
    """A turn's text as a reader sees it rendered, without its markdown (`**みかん**` is みかん,
    a list item its words): what a preview or a search excerpt shows on one line."""
    if not _MARKDOWN_HINT.search(text):
        return text
    return plain_words(text)


def one_line(text: str) -> str:
    """Text as one line of plain words (a preview shows no line breaks or markup)."""
    return _SPACE.sub(" ", _SURROGATES.sub("\ufffd", text)).strip()


def clipped(text: str, limit: int = LIMIT) -> str:
    """At most `limit` characters, cut at a space where there is one near the end."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip(" ,.;:、。→") + "…"


def description(doc: Document, lang: str) -> str:
    """The log in one line: a game by the words played in order; a batch by its first words
    and how often each came first; any other log by its first turn's text."""
    if isinstance(doc, BatchLog):
        firsts = Counter(words[0].surface for trial in doc.trials if (words := played_words(trial)))
        counted = ", ".join(f"{word} {count}" for word, count in firsts.most_common())
        trials = f"{len(doc.trials)} {phrase('trials', lang)}"
        if not counted:
            return clipped(one_line(f"{trials}: {doc.condition.user_prompt}"))
        return clipped(f"{trials} · {phrase('first_word_counts', lang)}: {counted}")
    games = [
        " → ".join(word.surface for turn in session.turns for word in played_words(turn))
        for session in doc.sessions
    ]
    chains = [chain for chain in games if chain]
    if doc.experiment == "shiritori" and chains:
        return clipped(one_line(f"{phrase('shiritori', lang)}: " + " / ".join(chains)))
    first = next((turn.text for session in doc.sessions for turn in session.turns), "")
    return clipped(one_line(plain_text(first))) or doc.title.pick(lang) or doc.id
