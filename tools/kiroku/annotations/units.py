"""Naming and reading the annotatable units (turns or trials) of a document."""

from __future__ import annotations

from kiroku.errors import KirokuError
from kiroku.schema import Annotations, BatchLog, ChatLog, Suggestion, Trial, Turn

Document = ChatLog | BatchLog


def turn_anchor(session: int, turn: int) -> str:
    """The permanent anchor of a turn, `s1-t3`."""
    return f"s{session}-t{turn}"


def trial_anchor(trial: int) -> str:
    """The permanent anchor of a trial, `trial-7`."""
    return f"trial-{trial}"


def anchors(doc: Document) -> list[str]:
    """The permanent anchor of every unit in document order: `s1-t3` for turns, `trial-7`."""
    if isinstance(doc, ChatLog):
        return [turn_anchor(s.index, t.index) for s in doc.sessions for t in s.turns]
    return [trial_anchor(trial.trial) for trial in doc.trials]


def position_of(doc: Document, anchor: str) -> int:
    """Where the unit with this anchor is in `doc.units()`; a clear error when there is none."""
    try:
        return anchors(doc).index(anchor)
    except ValueError:
        shape = "s<session>-t<turn>" if isinstance(doc, ChatLog) else "trial-<n>"
        raise KirokuError(f"{doc.id} has no unit {anchor!r} (its units are {shape})") from None


def session_ranges(doc: Document) -> list[range]:
    """The positions of each session's turns; a batch is one range of all its trials."""
    if isinstance(doc, BatchLog):
        return [range(len(doc.trials))]
    ranges, start = [], 0
    for session in doc.sessions:
        ranges.append(range(start, start + len(session.turns)))
        start += len(session.turns)
    return ranges


def session_range(doc: Document, position: int) -> range:
    """The positions of the session holding `position` (all trials for a batch)."""
    for found in session_ranges(doc):
        if position in found:
            return found
    return range(0)


def session_number_range(doc: Document, number: int) -> range:
    """The positions of session `number` (1-based); an error naming the log if it has none."""
    ranges = session_ranges(doc) if isinstance(doc, ChatLog) else []
    if not 1 <= number <= len(ranges):
        raise KirokuError(f"{doc.id} has no session {number} (it has {len(ranges)})")
    return ranges[number - 1]


def unit_text(unit: Annotations) -> str:
    """What the unit says: a turn's message or a trial's output."""
    if isinstance(unit, Turn):
        return unit.text
    if isinstance(unit, Trial):
        return unit.output
    return ""


def unconfirmed(unit: Annotations) -> list[Suggestion]:
    """Suggestions no person has turned into a label or turned down yet (all stay recorded)."""
    settled = {label.id for label in unit.labels} | {r.id for r in unit.rejected}
    return [s for s in unit.suggestions if s.id not in settled]


def dismissed(unit: Annotations) -> list[Suggestion]:
    """Suggestions a person turned down (and did not label anyway)."""
    labelled = {label.id for label in unit.labels}
    rejected = {r.id for r in unit.rejected}
    return [s for s in unit.suggestions if s.id in rejected and s.id not in labelled]


def is_done(unit: Annotations) -> bool:
    """A unit counts as annotated once someone labelled it or marked it reviewed."""
    return bool(unit.labels or unit.reviewed)


def progress(units: list[Annotations]) -> tuple[int, int]:
    """(units reviewed or labelled, all units): how far a log's annotation has come."""
    return sum(1 for unit in units if is_done(unit)), len(units)
