"""Writing played words and rule suggestions onto a document's turns and trials."""

from __future__ import annotations

import re
from datetime import datetime

from kiroku.analysis.morae import DEFAULT_RULES, MoraRules
from kiroku.analysis.played_word import describe, effective_words
from kiroku.analysis.rules import Finding, Game, Move, check_game
from kiroku.schema import Annotations, BatchLog, ChatLog, Condition, PlayedWord, Suggestion

Document = ChatLog | BatchLog

RULE_PREFIX = "rule:"
"""Suggestions whose `by` starts so are the rules' own: the only ones `annotate` rewrites."""

_PROMPT_MOVE = re.compile(r"^\s*[A-ZＡ-Ｚ]\s*[:：]\s*(\S+)\s*$", re.MULTILINE)


def opening_words(condition: Condition, rules: MoraRules = DEFAULT_RULES) -> tuple[PlayedWord, ...]:
    """The game a batch prompt lays out (`A: りんご` lines), ending with the prior word."""
    surfaces = _PROMPT_MOVE.findall(condition.user_prompt)
    if condition.prior_word and (not surfaces or surfaces[-1] != condition.prior_word):
        surfaces.append(condition.prior_word)
    return tuple(describe(surface, "prompt", rules=rules) for surface in surfaces)


def games(
    doc: Document, rules: MoraRules = DEFAULT_RULES
) -> list[tuple[Game, dict[str, Annotations]]]:
    """Each game in a document with its units by anchor: a chat session, or one batch trial."""
    if isinstance(doc, ChatLog):
        found = []
        for session in doc.sessions:
            units: dict[str, Annotations] = {}
            moves = []
            for turn in session.turns:
                anchor = f"s{session.index}-t{turn.index}"
                units[anchor] = turn
                moves.append(Move(anchor, turn.speaker, tuple(effective_words(turn, rules))))
            found.append((Game(tuple(moves)), units))
        return found
    opening = opening_words(doc.condition, rules)
    return [
        (
            Game((Move(f"trial-{t.trial}", "model", tuple(effective_words(t, rules))),), opening),
            {f"trial-{t.trial}": t},
        )
        for t in doc.trials
    ]


def merge_suggestions(
    existing: list[Suggestion], findings: list[Finding], now: datetime
) -> list[Suggestion]:
    """Other tools' suggestions kept as they are; the rules' replaced, keeping the first `at`."""
    kept = [s for s in existing if not s.by.startswith(RULE_PREFIX)]
    previous = {(s.id, s.by): s for s in existing if s.by.startswith(RULE_PREFIX)}
    fresh = []
    for finding in findings:
        by = f"{RULE_PREFIX}{finding.rule}"
        before = previous.get((finding.rule, by))
        at = before.at if before is not None else now
        fresh.append(Suggestion(id=finding.rule, by=by, at=at, reason=finding.reason))
    return kept + fresh


def annotate(doc: Document, now: datetime, rules: MoraRules = DEFAULT_RULES) -> Document:
    """A copy of `doc` with played words and rule suggestions; human fields are left as they are.

    Only shiritori logs are analysed; a conversation log comes back unchanged.
    """
    result = doc.model_copy(deep=True)
    if result.experiment != "shiritori":
        return result
    for game, units in games(result, rules):
        findings = check_game(game, rules)
        words = {move.anchor: move.words for move in game.moves}
        by_anchor: dict[str, list[Finding]] = {}
        for finding in findings:
            by_anchor.setdefault(finding.anchor, []).append(finding)
        for anchor, unit in units.items():
            unit.played = list(words[anchor])
            unit.suggestions = merge_suggestions(unit.suggestions, by_anchor.get(anchor, []), now)
    return result
