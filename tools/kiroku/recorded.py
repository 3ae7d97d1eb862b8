"""What re-parsing a log's raw file must give again: the log without what people and the analysis added."""

from __future__ import annotations

from typing import Any

from kiroku.schema import ANNOTATION_FIELDS, Annotations, ChatLog, LogDocument

__all__ = ["keyed_units", "recorded", "recorded_document"]


def keyed_units(doc: LogDocument) -> dict[str, Annotations]:
    if isinstance(doc, ChatLog):
        return {
            f"s{session.index}-t{turn.index}": turn
            for session in doc.sessions
            for turn in session.turns
        }
    return {f"trial-{trial.trial}": trial for trial in doc.trials}


def recorded(unit: Annotations) -> dict[str, Any]:
    """A turn or trial without what was added to it: the evidence itself."""
    return unit.model_dump(mode="json", exclude=set(ANNOTATION_FIELDS))


def recorded_document(doc: LogDocument) -> dict[str, Any]:
    """What re-parsing the raw file must give again (metadata a person may edit left out)."""
    data = doc.model_dump(mode="json", exclude={"id", "title", "notes", "tags", "model", "date"})
    units = [recorded(unit) for unit in keyed_units(doc).values()]
    data.pop("sessions", None)
    data.pop("trials", None)
    if isinstance(doc, ChatLog):
        data["sessions"] = [
            s.model_dump(mode="json", exclude={"turns", "title", "date"}) for s in doc.sessions
        ]
    data["units"] = units
    return data
