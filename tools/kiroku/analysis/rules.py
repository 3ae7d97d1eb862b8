"""The rules of shiritori as checks over one game, each a pure function giving its findings."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from kiroku.analysis import talk
from kiroku.analysis.morae import DEFAULT_RULES, MoraRules, ends_in_n, follows
from kiroku.schema import PlayedWord, Speaker

RULE_IDS = (
    "ends-in-n",
    "chain-broken",
    "word-repeated",
    "turn-initiation-failure",
    "first-token-commitment",
    "generation-verification-gap",
    "rule-representation-failure",
    "confidence-collapse",
)
"""Label ids the analysis suggests; each is defined in `logs/taxonomy.yaml`."""


@dataclass(frozen=True)
class Move:
    """One turn or trial as the game sees it: who spoke and which words they played."""

    anchor: str
    """`s1-t3` for a chat turn, `trial-7` for a batch trial."""
    speaker: Speaker
    words: tuple[PlayedWord, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A rule break at one move; it becomes a `Suggestion` with `by="rule:<rule>"`."""

    anchor: str
    rule: str
    reason: str


def _name(word: PlayedWord) -> str:
    if word.reading and word.reading != word.surface:
        return f"{word.surface} ({word.reading})"
    return word.surface


def check_ends_in_n(move: Move, rules: MoraRules = DEFAULT_RULES) -> Finding | None:
    """The word committed to ends in ん, so its player loses."""
    if not move.words or not move.words[0].reading:
        return None
    word = move.words[0]
    if not ends_in_n(word.reading or "", rules):
        return None
    return Finding(move.anchor, "ends-in-n", f"{_name(word)} ends in ん: the player loses")


def check_chain_broken(
    move: Move, previous: PlayedWord | None, rules: MoraRules = DEFAULT_RULES
) -> Finding | None:
    """The word does not start with the previous word's last mora (the "rule cascade")."""
    if not move.words or previous is None or previous.last_mora is None:
        return None
    word = move.words[0]
    if word.first_mora is not None and follows(
        previous.reading, previous.last_mora, word.first_mora, rules
    ):
        return None
    return Finding(
        move.anchor,
        "chain-broken",
        f"{_name(word)} starts with {word.first_mora}, "
        f"but {_name(previous)} ends in {previous.last_mora}",
    )


def check_word_repeated(move: Move, earlier: Collection[str]) -> Finding | None:
    """The word was already played in this game; `earlier` holds readings, so ミカン is みかん."""
    if not move.words:
        return None
    word = move.words[0]
    if (word.reading or word.surface) in earlier:
        return Finding(move.anchor, "word-repeated", f"{_name(word)} was already played")
    return None


def check_turn_initiation(
    move: Move,
    text: str,
    previous: PlayedWord | None,
    previous_speaker: Speaker | None,
    rules: MoraRules = DEFAULT_RULES,
) -> Finding | None:
    """The model plays no word although the other side just played: it hands the move back.

    A word ending in ん ends the game, so a model that only declares the result is right; so is
    one that calls out the other side's rule break or declares a loss.
    """
    if move.speaker != "model" or move.words or previous is None:
        return None
    if previous_speaker == "model" or ends_in_n(previous.reading or "", rules):
        return None
    if talk.calls_out(text) or talk.declares_loss(text):
        return None
    return Finding(
        move.anchor,
        "turn-initiation-failure",
        f"after {_name(previous)} it is the model's move, but it plays no word and hands it back",
    )


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def check_first_token_commitment(move: Move) -> Finding | None:
    """A correction that starts again with the first word's prefix (みかん → みかさ)."""
    if len(move.words) < 2 or not move.words[0].reading:
        return None
    first = move.words[0]
    needed = len(first.first_mora or "")
    for correction in move.words[1:]:
        prefix = _common_prefix(first.reading or "", correction.reading or "")
        if len(prefix) > needed:
            return Finding(
                move.anchor,
                "first-token-commitment",
                f"the correction {_name(correction)} starts again with {prefix}, "
                f"like {_name(first)}",
            )
    return None
