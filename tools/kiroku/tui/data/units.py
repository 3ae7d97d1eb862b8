"""Naming and reading the annotatable units (turns or trials) of a document."""

from __future__ import annotations

from kiroku.analysis import verdicts
from kiroku.schema import Annotations, BatchLog, ChatLog, Session, Suggestion, Trial, Turn

Document = ChatLog | BatchLog


def anchors(doc: Document) -> list[str]:
    """The permanent anchor of every unit in document order: `s1-t3` for turns, `trial-7`."""
    if isinstance(doc, ChatLog):
        return [f"s{s.index}-t{t.index}" for s in doc.sessions for t in s.turns]
    return [f"trial-{trial.trial}" for trial in doc.trials]


def has_details(session: Session) -> bool:
    """The session carries something of its own to show: a title, a date, notes or context."""
    return bool(session.title or session.date or session.notes or session.context)


def session_breaks(doc: Document) -> dict[int, list[Session]]:
    """The sessions to head, keyed by the position of the unit they are shown above.

    A reader of game 2 must be able to tell it from game 1, so every session of a log with
    several gets a heading; a lone session only when it has details of its own. A session
    without turns is shown above the next session's first turn, and any at the very end are
    keyed by the number of units (below the last one). Batches have no sessions.
    """
    if not isinstance(doc, ChatLog):
        return {}
    several = len(doc.sessions) > 1
    breaks: dict[int, list[Session]] = {}
    position = 0
    for session in doc.sessions:
        if several or has_details(session):
            breaks.setdefault(position, []).append(session)
        position += len(session.turns)
    return breaks


def unit_text(unit: Annotations) -> str:
    """What the unit says: a turn's message or a trial's output."""
    if isinstance(unit, Turn):
        return unit.text
    if isinstance(unit, Trial):
        return unit.output
    return ""


def played_words(unit: Annotations) -> list[str]:
    """The words the unit played, as the analysis decided (a person's correction winning)."""
    return [word.surface for word in verdicts.played_words(unit)]


def unconfirmed(unit: Annotations) -> list[Suggestion]:
    """Suggestions no person has turned into a label or turned down yet (all stay recorded)."""
    settled = {label.id for label in unit.labels} | {r.id for r in unit.rejected}
    return [s for s in unit.suggestions if s.id not in settled]


def dismissed(unit: Annotations) -> list[Suggestion]:
    """Suggestions a person turned down (and did not label anyway)."""
    labelled = {label.id for label in unit.labels}
    rejected = {r.id for r in unit.rejected}
    return [s for s in unit.suggestions if s.id in rejected and s.id not in labelled]


def is_rule_break(unit: Annotations, rule_break_ids: frozenset[str]) -> bool:
    """A label or open suggestion in the `rule-break` group, as the analysis decided."""
    return verdicts.is_rule_break(unit, rule_break_ids)
