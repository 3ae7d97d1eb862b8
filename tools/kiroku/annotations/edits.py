"""Each annotation operation as a pure function from one unit's state to the next, with who and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from kiroku.schema import (
    Annotations,
    Label,
    PlayedOverride,
    PlayedWord,
    Rejection,
    RemovedLabel,
    Review,
    RevisedText,
    Suggestion,
    TextVersion,
)

TextField = Literal["translation_en", "note"]


@dataclass(frozen=True)
class UnitState:
    """Everything an edit may change on one unit.

    `played` and `suggestions` belong to the analysis: they are here so that a correction and
    the rules checked again after it are one step, undone together.
    """

    labels: tuple[Label, ...] = ()
    removed_labels: tuple[RemovedLabel, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    reviewed: tuple[Review, ...] = ()
    played_override: PlayedOverride | None = None
    translation_en: RevisedText | None = None
    note: RevisedText | None = None
    played: tuple[PlayedWord, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def by_person(self) -> UnitState:
        """Only what people wrote: what a merge compares to tell whose work would be lost."""
        return replace(self, played=(), suggestions=())


def state_of(unit: Annotations) -> UnitState:
    return UnitState(
        labels=tuple(unit.labels),
        removed_labels=tuple(unit.removed_labels),
        rejected=tuple(unit.rejected),
        reviewed=tuple(unit.reviewed),
        played_override=unit.played_override,
        translation_en=unit.translation_en,
        note=unit.note,
        played=tuple(unit.played),
        suggestions=tuple(unit.suggestions),
    )


def apply_state(unit: Annotations, state: UnitState) -> None:
    unit.labels = list(state.labels)
    unit.removed_labels = list(state.removed_labels)
    unit.rejected = list(state.rejected)
    unit.reviewed = list(state.reviewed)
    unit.played_override = state.played_override
    unit.translation_en = state.translation_en
    unit.note = state.note
    unit.played = list(state.played)
    unit.suggestions = list(state.suggestions)


def has_label(state: UnitState, label_id: str, who: str) -> bool:
    """Whether `who` has set this label on the unit (another annotator's does not count)."""
    return any(label.id == label_id and label.by == who for label in state.labels)


def label_on(state: UnitState, label_id: str, who: str, at: dt.datetime) -> UnitState:
    """Add `who`'s label; annotators label independently, so another's label is no reason not to."""
    if has_label(state, label_id, who):
        return state
    return replace(state, labels=(*state.labels, Label(id=label_id, by=who, at=at)))


def label_off(state: UnitState, label_id: str, who: str, at: dt.datetime) -> UnitState:
    """Switch a label off, keeping it in `removed_labels` with who removed it and when.

    `who`'s own label goes; when only other annotators set it, theirs go (she asked for it off).
    """
    mine = [lb for lb in state.labels if lb.id == label_id and lb.by == who]
    going = mine or [lb for lb in state.labels if lb.id == label_id]
    if not going:
        return state
    removed = tuple(RemovedLabel(**lb.model_dump(), removed_by=who, removed_at=at) for lb in going)
    return replace(
        state,
        labels=tuple(lb for lb in state.labels if lb not in going),
        removed_labels=(*state.removed_labels, *removed),
    )


def toggle_label(state: UnitState, label_id: str, who: str, at: dt.datetime) -> UnitState:
    """`who`'s label off if she set it, else on."""
    if has_label(state, label_id, who):
        return label_off(state, label_id, who, at)
    return label_on(state, label_id, who, at)


def accept(state: UnitState, suggestion_id: str, who: str, at: dt.datetime) -> UnitState:
    """The suggestion becomes `who`'s label; the suggestion itself stays recorded."""
    return label_on(state, suggestion_id, who, at)


def dismiss(state: UnitState, suggestion_id: str, who: str, at: dt.datetime) -> UnitState:
    """Record that `who` turned the suggestion down; neither `s` nor the analysis brings it back."""
    if any(r.id == suggestion_id and r.by == who for r in state.rejected):
        return state
    rejection = Rejection(id=suggestion_id, by=who, at=at)
    return replace(state, rejected=(*state.rejected, rejection))


def revise_text(
    state: UnitState, field: TextField, text: str, who: str, at: dt.datetime
) -> UnitState:
    """A new version of the translation or the note; the one it replaces is kept in `earlier`.

    An empty text removes it, as a version of its own (`text: null`), so the removal has an
    author too. The same text again changes nothing.
    """
    value = text if text.strip() else None
    current: RevisedText | None = getattr(state, field)
    if (current.current if current is not None else None) == value:
        return state
    earlier: list[TextVersion] = []
    if current is not None:
        earlier = [*current.earlier, TextVersion(text=current.text, by=current.by, at=current.at)]
    revised = RevisedText(text=value, by=who, at=at, earlier=earlier)
    if field == "note":
        return replace(state, note=revised)
    return replace(state, translation_en=revised)


def correct_played(
    state: UnitState, words: list[str], who: str, at: dt.datetime, *, talk: bool = False
) -> UnitState:
    """A person's word on what the unit played: `words=[]` means no word (kept, not cleared);
    `talk=True` says the turn is talk about the game, not a move."""
    override = PlayedOverride(words=[] if talk else list(words), talk=talk, by=who, at=at)
    old = state.played_override
    if old is not None and (old.words, old.talk) == (override.words, override.talk):
        return state
    return replace(state, played_override=override)


def clear_played(state: UnitState) -> UnitState:
    """Back to what the analysis finds in the text."""
    return replace(state, played_override=None)


def mark_reviewed(state: UnitState, who: str, at: dt.datetime) -> UnitState:
    """`who` read the unit through (whether or not it needs a label)."""
    if any(review.by == who for review in state.reviewed):
        return state
    return replace(state, reviewed=(*state.reviewed, Review(by=who, at=at)))


def unmark_reviewed(state: UnitState, who: str) -> UnitState:
    return replace(state, reviewed=tuple(r for r in state.reviewed if r.by != who))


def is_reviewed_by(state: UnitState, who: str) -> bool:
    return any(review.by == who for review in state.reviewed)


def split_words(text: str) -> list[str]:
    """Words typed in the played-word box: separated by spaces, 、 or commas."""
    for separator in ("、", ",", "，", "\u3000"):
        text = text.replace(separator, " ")
    return text.split()
