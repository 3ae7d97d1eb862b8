"""Reading a document's games and writing played words and suggestions onto its turns and trials."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime

from kiroku.analysis.conversation import is_conversation
from kiroku.analysis.conversation_suggest import annotate_conversation
from kiroku.analysis.game import Chain, Play, Reading, read_session
from kiroku.analysis.morae import DEFAULT_RULES, MoraRules
from kiroku.analysis.played_word import describe, played_words, unit_text
from kiroku.analysis.rules import Finding
from kiroku.schema import (
    Annotations,
    BatchLog,
    ChatLog,
    Condition,
    LogDocument,
    PlayedWord,
    Speaker,
    Suggestion,
    Trial,
)

RULE_PREFIX = "rule:"
"""Suggestions whose `by` starts so are the analysis's own: the only ones `annotate` rewrites."""

_PROMPT_MOVE = re.compile(r"^\s*[A-ZＡ-Ｚ]\s*[:：]\s*(\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class UnitAnalysis:
    """What the analysis decided about one turn or trial: its reading and its findings."""

    unit: Annotations
    reading: Reading
    findings: tuple[Finding, ...]


def anchor_of(session: int, turn: int) -> str:
    """The permanent anchor of a chat turn, `s1-t3`."""
    return f"s{session}-t{turn}"


def trial_anchor(trial: int) -> str:
    """The permanent anchor of a batch trial, `trial-7`."""
    return f"trial-{trial}"


def opening_words(condition: Condition, rules: MoraRules = DEFAULT_RULES) -> tuple[PlayedWord, ...]:
    """The game a batch prompt lays out (`A: りんご` lines), ending with the prior word."""
    return _opening_words(condition.user_prompt, condition.prior_word, rules)


def _opening_words(
    user_prompt: str, prior_word: str | None, rules: MoraRules
) -> tuple[PlayedWord, ...]:
    surfaces = _PROMPT_MOVE.findall(user_prompt)
    if prior_word and (not surfaces or surfaces[-1] != prior_word):
        surfaces.append(prior_word)
    return tuple(describe(surface, "prompt", rules=rules) for surface in surfaces)


@functools.lru_cache(maxsize=256)
def _opening_chain(user_prompt: str, prior_word: str | None, rules: MoraRules) -> Chain:
    """Where a batch's game stands when its prompt hands over (a condition's batches share it)."""
    opening = _opening_words(user_prompt, prior_word, rules)
    return Chain().after(opening, "user") if opening else Chain()


_TRIAL = trial_anchor(0)
"""The anchor a remembered trial reading is made with, and replaced by each trial's own."""


@functools.lru_cache(maxsize=512)
def _trial_reading(
    output: str, user_prompt: str, prior_word: str | None, rules: MoraRules
) -> tuple[Reading, tuple[Finding, ...]]:
    """How a trial that played no corrected words reads after its prompt, remembered: a
    trial is a game of one move from the prompt's chain, so its reading depends on its
    output and the prompt alone, and a batch's outputs say the same thing again and again."""
    start = _opening_chain(user_prompt, prior_word, rules)
    play = Play(_TRIAL, "model", output, tuple(played_words(output, rules)))
    readings, findings = read_session([play], rules, start)
    (reading,) = readings
    return reading, tuple(findings)


def _trial_analysis(trial: Trial, condition: Condition, rules: MoraRules) -> UnitAnalysis:
    """A batch trial in its game; a person's correction of its words is read afresh."""
    anchor = trial_anchor(trial.trial)
    if trial.played_override is not None:
        start = _opening_chain(condition.user_prompt, condition.prior_word, rules)
        readings, findings = read_session([play_of(anchor, trial, "model", rules)], rules, start)
        return _joined([(anchor, trial)], readings, findings)[0]
    was, found = _trial_reading(trial.output, condition.user_prompt, condition.prior_word, rules)
    # each trial gets its own word objects, as when they were described for it alone
    words = tuple(word.model_copy() for word in was.words)
    reading = Reading(anchor, was.speaker, was.role, words, was.game, was.previous)
    return UnitAnalysis(trial, reading, tuple(Finding(anchor, f.rule, f.reason) for f in found))


def play_of(
    anchor: str, unit: Annotations, speaker: Speaker, rules: MoraRules = DEFAULT_RULES
) -> Play:
    """A turn or trial as the game reads it: a person's correction wins over the text's words."""
    override = unit.played_override
    if override is not None:
        words = tuple(describe(word, "person", rules=rules) for word in override.words)
        return Play(anchor, speaker, unit_text(unit), words, talk=override.talk, by_person=True)
    return Play(anchor, speaker, unit_text(unit), tuple(played_words(unit_text(unit), rules)))


def analyse(doc: LogDocument, rules: MoraRules = DEFAULT_RULES) -> list[UnitAnalysis]:
    """Every unit of a shiritori document, read in its game, in document order.

    A chat session is a sequence of games; a batch trial continues the game its prompt laid out.
    The one place that decides which words a unit played and which rules it broke.
    """
    result: list[UnitAnalysis] = []
    if isinstance(doc, ChatLog):
        for session in doc.sessions:
            units: list[tuple[str, Annotations]] = [
                (anchor_of(session.index, t.index), t) for t in session.turns
            ]
            plays = [
                play_of(anchor_of(session.index, t.index), t, t.speaker, rules)
                for t in session.turns
            ]
            readings, findings = read_session(plays, rules)
            result.extend(_joined(units, readings, findings))
        return result
    return [_trial_analysis(trial, doc.condition, rules) for trial in doc.trials]


def _joined(
    units: list[tuple[str, Annotations]], readings: list[Reading], findings: list[Finding]
) -> list[UnitAnalysis]:
    by_anchor: dict[str, list[Finding]] = {}
    for finding in findings:
        by_anchor.setdefault(finding.anchor, []).append(finding)
    return [
        UnitAnalysis(unit, reading, tuple(by_anchor.get(anchor, ())))
        for (anchor, unit), reading in zip(units, readings, strict=True)
    ]


def merge_suggestions(
    existing: list[Suggestion], findings: tuple[Finding, ...] | list[Finding], now: datetime
) -> list[Suggestion]:
    """Other tools' suggestions kept as they are; the analysis's replaced, keeping the first `at`."""
    kept = [s for s in existing if not s.by.startswith(RULE_PREFIX)]
    previous = {(s.id, s.by): s for s in existing if s.by.startswith(RULE_PREFIX)}
    fresh = []
    for finding in findings:
        by = f"{RULE_PREFIX}{finding.rule}"
        before = previous.get((finding.rule, by))
        at = before.at if before is not None else now
        fresh.append(Suggestion(id=finding.rule, by=by, at=at, reason=finding.reason))
    return kept + fresh


def annotate(
    doc: ChatLog | BatchLog, now: datetime, rules: MoraRules = DEFAULT_RULES, copy: bool = True
) -> ChatLog | BatchLog:
    """A copy of `doc` with played words and suggestions; human fields are left as they are.

    A conversation (a chat that is not a game) gets its own suggestions instead
    (`analysis/conversation_suggest.py`). With `copy=False`, `doc` itself is annotated and
    returned (a caller done with it saves the copy: a fifth of a first `kiroku analyse`).
    """
    result = doc.model_copy(deep=True) if copy else doc
    if is_conversation(result):
        return annotate_conversation(result, now)
    if result.experiment != "shiritori":
        return result
    for analysed in analyse(result, rules):
        analysed.unit.played = list(analysed.reading.words)
        analysed.unit.suggestions = merge_suggestions(
            analysed.unit.suggestions, analysed.findings, now
        )
    return result
