"""The rules of shiritori as checks over one game, each a pure function giving its findings."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from kiroku.analysis.morae import DEFAULT_RULES, MoraRules, ends_in_n, same_mora
from kiroku.schema import PlayedWord, Speaker

RULE_IDS = ("ends-in-n", "chain-broken", "word-repeated", "wrong-player", "first-token-commitment")
"""Label ids the rules suggest; each is defined in `logs/taxonomy.yaml`."""


@dataclass(frozen=True)
class Move:
    """One turn or trial as the game sees it: who spoke and which words they played."""

    anchor: str
    """`s1-t3` for a chat turn, `trial-7` for a batch trial."""
    speaker: Speaker
    words: tuple[PlayedWord, ...] = ()


@dataclass(frozen=True)
class Game:
    """One game: a chat session, or a trial continuing the game its prompt laid out."""

    moves: tuple[Move, ...]
    opening: tuple[PlayedWord, ...] = ()
    """Words played before the first move (a batch prompt's game); the last is the prior word."""
    opening_speaker: Speaker = "user"


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
    if word.first_mora is not None and same_mora(word.first_mora, previous.last_mora, rules):
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


def check_wrong_player(
    move: Move,
    previous: PlayedWord | None,
    previous_speaker: Speaker | None,
    rules: MoraRules = DEFAULT_RULES,
) -> Finding | None:
    """The model plays no word although the other side just played: it waits for its own turn.

    A word ending in ん ends the game, so a model that only declares the result is right.
    """
    if move.speaker != "model" or move.words or previous is None:
        return None
    if previous_speaker == "model" or ends_in_n(previous.reading or "", rules):
        return None
    return Finding(
        move.anchor,
        "wrong-player",
        f"after {_name(previous)} it is the model's turn, but it plays no word",
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


def check_game(game: Game, rules: MoraRules = DEFAULT_RULES) -> list[Finding]:
    """Every rule break in a game, in move order; the chain continues from a move's last word."""
    findings: list[Finding] = []
    earlier = {word.reading or word.surface for word in game.opening}
    previous = game.opening[-1] if game.opening else None
    previous_speaker: Speaker | None = game.opening_speaker if game.opening else None
    for move in game.moves:
        checks = (
            check_ends_in_n(move, rules),
            check_chain_broken(move, previous, rules),
            check_word_repeated(move, earlier),
            check_wrong_player(move, previous, previous_speaker, rules),
            check_first_token_commitment(move),
        )
        findings.extend(finding for finding in checks if finding is not None)
        if move.words:
            earlier.update(word.reading or word.surface for word in move.words)
            previous, previous_speaker = move.words[-1], move.speaker
    return findings
