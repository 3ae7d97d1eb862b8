"""A game's chain of played words, as `analysis.verdicts.session_chain` gives it to every face."""

from __future__ import annotations

from dataclasses import dataclass

from kiroku.analysis.verdicts import ShownWord, session_chain
from kiroku.annotations.units import turn_anchor
from kiroku.schema import ChatLog


@dataclass(frozen=True)
class ChainLink:
    """The words one turn played, in the order it played them."""

    position: int
    """The turn's position among the log's units (what the cursor counts)."""
    speaker: str
    words: tuple[str, ...]
    broken: bool
    """The turn's move broke a rule (ends in ん, chain broken, repeated), as the site marks it."""


def word_chains(doc: ChatLog) -> list[list[ChainLink]]:
    """Per session (one game each), the turns that played a word; the rest are not links.

    Nothing is judged here: the words and their rule breaks are what `session_chain` decided
    (the site's strip reads the same), a person's correction and labels included.
    """
    chains: list[list[ChainLink]] = []
    position = 0
    for session in doc.sessions:
        shown_by_anchor: dict[str, list[ShownWord]] = {}
        for shown in session_chain(session):
            shown_by_anchor.setdefault(shown.anchor, []).append(shown)
        links: list[ChainLink] = []
        for turn in session.turns:
            shown_words = shown_by_anchor.get(turn_anchor(session.index, turn.index))
            if shown_words:
                words = tuple(shown.word.surface for shown in shown_words)
                broken = any(shown.breaks_a_rule for shown in shown_words)
                links.append(ChainLink(position, turn.speaker, words, broken))
            position += 1
        chains.append(links)
    return chains
