"""A game's chain of played words, read from what the analysis stored on each turn."""

from __future__ import annotations

from dataclasses import dataclass

from kiroku.schema import ChatLog
from kiroku.tui.data.units import is_rule_break, played_words


@dataclass(frozen=True)
class ChainLink:
    """The words one turn played, in the order it played them."""

    position: int
    """The turn's position among the log's units (what the cursor counts)."""
    speaker: str
    words: tuple[str, ...]
    broken: bool
    """The turn broke a rule, as its labels or open suggestions say."""


def word_chains(doc: ChatLog, rule_break_ids: frozenset[str]) -> list[list[ChainLink]]:
    """Per session (one game each), the turns that played a word; the rest are not links.

    Nothing is judged here: the words are `played` (or a person's correction) and a break is
    what the analysis or a person recorded on the turn.
    """
    chains: list[list[ChainLink]] = []
    position = 0
    for session in doc.sessions:
        links: list[ChainLink] = []
        for turn in session.turns:
            words = played_words(turn)
            if words:
                broken = is_rule_break(turn, rule_break_ids)
                links.append(ChainLink(position, turn.speaker, tuple(words), broken))
            position += 1
        chains.append(links)
    return chains
