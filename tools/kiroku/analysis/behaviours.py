"""The study's failure behaviours, seen across a game's turns: each a pure function of readings.

- after a model's word ending in ん, in the same turn or its next one before the user answers:
  the loss acknowledged is a `generation-verification-gap` (it can judge the word, but only after
  producing it); the game carried on from ん is a `rule-representation-failure`;
- `confidence-collapse`: after a correct loss and a mild pushback (`いやいや`), the model doubts
  or reverses its own correct judgement.
(`turn-initiation-failure`, a move handed back, is a check of one move: see `rules.py`.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kiroku.analysis import talk
from kiroku.analysis.morae import DEFAULT_RULES, MoraRules, ends_in_n
from kiroku.analysis.rules import Finding

if TYPE_CHECKING:
    from kiroku.analysis.game import Play, Reading


def judge_n(text: str) -> str | None:
    """The behaviour a text shows about a word ending in ん just produced, if any."""
    if talk.acknowledges_n(text):
        return "generation-verification-gap"
    if talk.carries_on_from_n(text):
        return "rule-representation-failure"
    return None


_REASONS = {
    "generation-verification-gap": "{word} ends in ん, and the model says so only after playing it",
    "rule-representation-failure": "{word} ends in ん, yet the model carries on as if it were legal",
}


def after_words_ending_in_n(
    readings: Sequence[Reading], plays: Sequence[Play], rules: MoraRules = DEFAULT_RULES
) -> list[Finding]:
    """What the model did about each word ending in ん it played: acknowledged it, or carried on."""
    found: list[Finding] = []
    for index, reading in enumerate(readings):
        if reading.role != "move" or reading.speaker != "model" or not reading.words:
            continue
        word = reading.words[0]
        if not ends_in_n(word.reading or "", rules):
            continue
        text = plays[index].text
        at = text.find(word.surface)
        anchor, behaviour = (
            reading.anchor,
            judge_n(text[at + len(word.surface) :] if at >= 0 else text),
        )
        following = plays[index + 1] if index + 1 < len(plays) else None
        if behaviour is None and following is not None and following.speaker == "model":
            anchor, behaviour = following.anchor, judge_n(following.text)
        if behaviour is not None:
            found.append(Finding(anchor, behaviour, _REASONS[behaviour].format(word=word.surface)))
    return found


def confidence_collapse(
    play: Play, before: Play | None, after_correct_loss: bool
) -> Finding | None:
    """After a correct loss the model judged, a mild pushback makes it doubt that judgement."""
    if not after_correct_loss or play.speaker != "model" or before is None:
        return None
    if before.speaker != "user" or not talk.is_pushback(before.text) or not talk.doubts(play.text):
        return None
    return Finding(
        play.anchor,
        "confidence-collapse",
        f"after a correct loss and only 「{before.text.strip()}」, the model doubts its judgement",
    )
