"""How the annotator shows a log's units: session headings and rule breaks (the rest is the library's)."""

from __future__ import annotations

from kiroku.analysis import verdicts
from kiroku.annotations.units import (
    Document,
    anchors,
    dismissed,
    unconfirmed,
    unit_text,
)
from kiroku.schema import Annotations, ChatLog, Session

__all__ = [
    "Document",
    "anchors",
    "dismissed",
    "has_details",
    "is_rule_break",
    "played_words",
    "session_breaks",
    "unconfirmed",
    "unit_text",
]


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


def played_words(unit: Annotations) -> list[str]:
    """The words the unit played, as the analysis decided (a person's correction winning)."""
    return [word.surface for word in verdicts.played_words(unit)]


def is_rule_break(unit: Annotations, rule_break_ids: frozenset[str]) -> bool:
    """A label or open suggestion in the `rule-break` group, as the analysis decided."""
    return verdicts.is_rule_break(unit, rule_break_ids)
