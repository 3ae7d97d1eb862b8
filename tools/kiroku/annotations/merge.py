"""Merging the annotator's edits with a file changed on disk, unit by unit, losing nobody's work."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from kiroku.annotations.edits import UnitState, apply_state, state_of
from kiroku.annotations.units import Document, anchors
from kiroku.errors import KirokuError

Side = Literal["mine", "theirs"]
States = dict[str, UnitState]
"""Unit states by anchor (`s1-t3`, `trial-7`)."""


def states_of(doc: Document) -> States:
    """Every unit's state by anchor: what a later merge compares against."""
    return dict(zip(anchors(doc), (state_of(unit) for unit in doc.units()), strict=True))


@dataclass(frozen=True)
class UnitConflict:
    """A unit a person changed in the app and someone changed on disk, differently."""

    anchor: str
    mine: UnitState
    theirs: UnitState


@dataclass
class Merge:
    """The file on disk with every change of the app that did not collide already applied."""

    doc: Document
    conflicts: list[UnitConflict] = field(default_factory=list)
    brought_over: list[str] = field(default_factory=list)
    """Anchors of the units whose changes from the app were applied without asking."""

    def resolve(self, choices: dict[str, Side]) -> Document:
        """The merged document once each conflicting unit has its side chosen."""
        missing = [c.anchor for c in self.conflicts if c.anchor not in choices]
        if missing:
            raise ValueError(f"no choice for {', '.join(missing)}")
        units = dict(zip(anchors(self.doc), self.doc.units(), strict=True))
        for conflict in self.conflicts:
            if choices[conflict.anchor] == "mine":
                apply_state(units[conflict.anchor], conflict.mine)
        return self.doc


def merge(base: States, mine: States, theirs: Document) -> Merge:
    """Bring the app's changes (`mine` against `base`) into the file as it is now (`theirs`).

    What people wrote is compared per unit: changed only in the app, it is applied; changed
    only on disk, it is kept; changed on both sides to different states, the unit is a
    conflict for a person to decide. The analysis' fields (played words, suggestions) follow
    the side that changed them, the app's when both did. Units and everything else in the
    file (texts, titles, hand-written comments) are the file's.
    """
    result = theirs.model_copy(deep=True)
    units = dict(zip(anchors(result), result.units(), strict=True))
    merged = Merge(result)
    for anchor, state in mine.items():
        before = base.get(anchor)
        if before is None or state == before:
            continue
        unit = units.get(anchor)
        if unit is None:
            raise KirokuError(
                f"{anchor} was changed in the annotator but is no longer in the file on disk"
            )
        on_disk = state_of(unit)
        machine = (state.played, state.suggestions)
        if machine == (before.played, before.suggestions):
            machine = (on_disk.played, on_disk.suggestions)
        person_mine, person_disk = state.by_person(), on_disk.by_person()
        if person_mine == before.by_person() or person_mine == person_disk:
            person = person_disk
        elif person_disk == before.by_person():
            person = person_mine
            merged.brought_over.append(anchor)
        else:
            mine_whole = replace(person_mine, played=machine[0], suggestions=machine[1])
            merged.conflicts.append(UnitConflict(anchor, mine_whole, on_disk))
            continue
        apply_state(unit, replace(person, played=machine[0], suggestions=machine[1]))
    return merged
