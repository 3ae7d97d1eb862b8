"""A person's edits to a log's annotations, with undo and redo; no files, no widgets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from kiroku.schema import Annotations, Label, PlayedOverride, Rejection, Suggestion
from kiroku.tui.data.units import Document, anchors, unconfirmed


@dataclass(frozen=True)
class AnnotationState:
    """The person-editable annotations of one unit; suggestions and `played` are never edited."""

    labels: tuple[Label, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    played_override: PlayedOverride | None = None
    translation_en: str | None = None
    note: str | None = None


def state_of(unit: Annotations) -> AnnotationState:
    return AnnotationState(
        labels=tuple(unit.labels),
        rejected=tuple(unit.rejected),
        played_override=unit.played_override,
        translation_en=unit.translation_en,
        note=unit.note,
    )


def apply_state(unit: Annotations, state: AnnotationState) -> None:
    unit.labels = list(state.labels)
    unit.rejected = list(state.rejected)
    unit.played_override = state.played_override
    unit.translation_en = state.translation_en
    unit.note = state.note


def toggle_label(
    state: AnnotationState, label_id: str, who: str, at: dt.datetime
) -> AnnotationState:
    """Remove the label if the unit has it, else add it with who set it and when."""
    if any(label.id == label_id for label in state.labels):
        return replace(state, labels=tuple(lb for lb in state.labels if lb.id != label_id))
    return replace(state, labels=(*state.labels, Label(id=label_id, by=who, at=at)))


def accept_suggestion(
    state: AnnotationState, suggestion: Suggestion, who: str, at: dt.datetime
) -> AnnotationState:
    """The suggestion becomes a person's label; the suggestion itself stays recorded."""
    if any(label.id == suggestion.id for label in state.labels):
        return state
    return replace(state, labels=(*state.labels, Label(id=suggestion.id, by=who, at=at)))


def reject_suggestion(
    state: AnnotationState, suggestion: Suggestion, who: str, at: dt.datetime
) -> AnnotationState:
    """Record that a person turned the suggestion down; the suggestion itself stays recorded."""
    if any(r.id == suggestion.id for r in state.rejected):
        return state
    return replace(state, rejected=(*state.rejected, Rejection(id=suggestion.id, by=who, at=at)))


def with_text(state: AnnotationState, field_name: str, text: str) -> AnnotationState:
    """Set `translation_en` or `note`; an empty text removes it rather than storing ``""``."""
    value = text if text.strip() else None
    if field_name == "translation_en":
        return replace(state, translation_en=value)
    if field_name == "note":
        return replace(state, note=value)
    raise ValueError(f"not a text annotation: {field_name}")


def with_played_override(
    state: AnnotationState, words: list[str], who: str, at: dt.datetime
) -> AnnotationState:
    """Correct the played words; no words removes the correction."""
    if not words:
        return replace(state, played_override=None)
    return replace(state, played_override=PlayedOverride(words=words, by=who, at=at))


def split_words(text: str) -> list[str]:
    """Words typed in the played-word box: separated by spaces, 、 or commas."""
    for separator in ("、", ",", "，", "\u3000"):
        text = text.replace(separator, " ")
    return text.split()


@dataclass(frozen=True)
class Change:
    """One undoable edit: which unit, its annotations before and after, and what it was."""

    position: int
    before: AnnotationState
    after: AnnotationState
    what: str
    """Catalogue key describing the edit, e.g. `change.label_on`."""
    values: dict[str, str] = field(default_factory=dict)


class LogEditor:
    """The open document with its edit history; `revision` grows with every applied change."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.units: list[Annotations] = doc.units()
        self.anchors: list[str] = anchors(doc)
        self.done: list[Change] = []
        self.undone: list[Change] = []
        self.revision = 0

    def state(self, position: int) -> AnnotationState:
        return state_of(self.units[position])

    def change(
        self, position: int, after: AnnotationState, what: str, **values: str
    ) -> Change | None:
        """Apply a new state to a unit and record it; `None` when nothing would change."""
        before = self.state(position)
        if after == before:
            return None
        record = Change(position, before, after, what, values)
        apply_state(self.units[position], after)
        self.done.append(record)
        self.undone.clear()
        self.revision += 1
        return record

    def undo(self) -> Change | None:
        if not self.done:
            return None
        record = self.done.pop()
        apply_state(self.units[record.position], record.before)
        self.undone.append(record)
        self.revision += 1
        return record

    def redo(self) -> Change | None:
        if not self.undone:
            return None
        record = self.undone.pop()
        apply_state(self.units[record.position], record.after)
        self.done.append(record)
        self.revision += 1
        return record

    def find(self, start: int, wanted: str) -> int | None:
        """The next unit after `start` that is `unlabelled` or has an `unconfirmed` suggestion."""
        for position in range(start + 1, len(self.units)):
            unit = self.units[position]
            if wanted == "unlabelled" and not unit.labels:
                return position
            if wanted == "unconfirmed" and unconfirmed(unit):
                return position
        return None
