"""What the analysis decided about each unit, as the site and the terminal app show it.

`kiroku analyse` (and the annotator after a correction) stores on every unit the words it played
(the move first) and its suggestions; the faces read those decisions here and never judge a word
themselves, so a correction みかさ after みかん is a rule break nowhere unless the analysis said so.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiroku.analysis.morae import DEFAULT_RULES, MoraRules, ends_in_n
from kiroku.analysis.played_word import describe
from kiroku.analysis.suggest import anchor_of
from kiroku.schema import Annotations, PlayedWord, Session, Speaker

MOVE_RULES = ("ends-in-n", "chain-broken", "word-repeated")
"""The rule breaks a move can carry, shown on its word."""


@dataclass(frozen=True)
class ShownWord:
    """A played word with what the analysis (or a person) decided about it."""

    word: PlayedWord
    anchor: str
    speaker: Speaker | None
    is_move: bool
    """The word committed to; later words of the same unit are corrections."""
    ends_in_n: bool
    """The move ends in ん (a correction ending in ん is no new loss)."""
    chain_broken: bool
    repeated: bool

    @property
    def breaks_a_rule(self) -> bool:
        return self.ends_in_n or self.chain_broken or self.repeated


def has_rule(unit: Annotations, rule: str) -> bool:
    """Whether a person labelled the unit so, or the analysis suggested it and nobody turned it down."""
    if any(label.id == rule for label in unit.labels):
        return True
    rejected = {r.id for r in unit.rejected}
    return any(s.id == rule and s.id not in rejected for s in unit.suggestions)


def played_words(unit: Annotations, rules: MoraRules = DEFAULT_RULES) -> list[PlayedWord]:
    """The words a unit played as last analysed; a person's newer correction shown at once."""
    override = unit.played_override
    if override is None or [w.surface for w in unit.played] == override.words:
        return list(unit.played)
    stored = {w.surface: w for w in unit.played}
    return [stored.get(s) or describe(s, "person", rules=rules) for s in override.words]


def word_ends_in_n(word: PlayedWord, rules: MoraRules = DEFAULT_RULES) -> bool:
    """A played word ends in ん (by its reading, under the study's rules)."""
    if word.reading:
        return ends_in_n(word.reading, rules)
    return word.last_mora == "ん"


def unit_words(
    unit: Annotations, anchor: str, speaker: Speaker | None = None, rules: MoraRules = DEFAULT_RULES
) -> list[ShownWord]:
    """A unit's played words with the analysis's decisions on its move."""
    shown = []
    for index, word in enumerate(played_words(unit, rules)):
        move = index == 0
        shown.append(
            ShownWord(
                word=word,
                anchor=anchor,
                speaker=speaker,
                is_move=move,
                ends_in_n=move and has_rule(unit, "ends-in-n"),
                chain_broken=move and has_rule(unit, "chain-broken"),
                repeated=move and has_rule(unit, "word-repeated"),
            )
        )
    return shown


def session_chain(session: Session, rules: MoraRules = DEFAULT_RULES) -> list[ShownWord]:
    """Every word a session played, in order, as the strip of the game's chain."""
    return [
        shown
        for turn in session.turns
        for shown in unit_words(turn, anchor_of(session.index, turn.index), turn.speaker, rules)
    ]


def is_rule_break(unit: Annotations, rule_break_ids: frozenset[str]) -> bool:
    """A label, or a suggestion nobody turned down, in the `rule-break` group."""
    return any(has_rule(unit, rule) for rule in rule_break_ids)
