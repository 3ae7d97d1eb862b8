"""The open document with its edit history: every change, one unit or many, is one undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace

from kiroku.annotations import edits
from kiroku.annotations.agreement import disagreeing_positions
from kiroku.annotations.edits import UnitState, apply_state, state_of
from kiroku.annotations.units import (
    Document,
    anchors,
    session_range,
    session_ranges,
    unconfirmed,
)
from kiroku.schema import Annotations, BatchLog, ChatLog


@dataclass(frozen=True)
class Change:
    """One undoable edit: the units it touched, each one's state before and after, and what it was."""

    before: dict[int, UnitState]
    after: dict[int, UnitState]
    what: str
    """Catalogue key describing the edit, e.g. `change.label_on`."""
    values: dict[str, str] = field(default_factory=dict)

    @property
    def position(self) -> int:
        """The first unit it touched: where undo takes the cursor."""
        return min(self.after)


def rechecked(doc: Document, position: int, now: dt.datetime) -> dict[int, UnitState]:
    """The played words and rule suggestions of the game holding `position`, checked again by
    `kiroku.analysis` (a correction there may change what every later move chains to).

    Only that game is copied and analysed (a chat session, or one trial); what people wrote
    is left as it is, so a dismissed suggestion stays dismissed.
    """
    from kiroku.analysis.suggest import annotate

    units = doc.units()
    if doc.experiment != "shiritori":
        return {position: state_of(units[position])}  # not a game: no played words to check
    span = session_range(doc, position)
    part: Document
    if isinstance(doc, ChatLog):
        session = doc.sessions[session_ranges(doc).index(span)]
        part = doc.model_copy(update={"sessions": [session]})
    else:
        assert isinstance(doc, BatchLog)
        span = range(position, position + 1)
        part = doc.model_copy(update={"trials": [doc.trials[position]]})
    fresh = annotate(part, now).units()
    return {
        where: replace(
            state_of(units[where]),
            played=tuple(fresh[offset].played),
            suggestions=tuple(fresh[offset].suggestions),
        )
        for offset, where in enumerate(span)
    }


class LogEditor:
    """The open document with its edit history; `revision` grows with every applied change."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.units: list[Annotations] = doc.units()
        self.anchors: list[str] = anchors(doc)
        self.done: list[Change] = []
        self.undone: list[Change] = []
        self.revision = 0

    def rebase(self, doc: Document) -> None:
        """Carry on from `doc` (the file merged with these edits); the history is kept while the
        units are the same ones, so undo still works after a merge."""
        same = anchors(doc) == self.anchors
        self.doc = doc
        self.units = doc.units()
        self.anchors = anchors(doc)
        if not same:
            self.done.clear()
            self.undone.clear()
        self.revision += 1

    def state(self, position: int) -> UnitState:
        return state_of(self.units[position])

    def change_many(self, after: dict[int, UnitState], what: str, **values: str) -> Change | None:
        """Apply new states to several units as one step; `None` when nothing would change."""
        before = {p: self.state(p) for p in after}
        changed = {p: s for p, s in after.items() if s != before[p]}
        if not changed:
            return None
        record = Change({p: before[p] for p in changed}, changed, what, values)
        self._apply(record.after)
        self.done.append(record)
        self.undone.clear()
        self.revision += 1
        return record

    def change(self, position: int, after: UnitState, what: str, **values: str) -> Change | None:
        """Apply a new state to one unit and record it; `None` when nothing would change."""
        return self.change_many({position: after}, what, **values)

    def edit(
        self,
        positions: Iterable[int],
        operation: Callable[[UnitState], UnitState],
        what: str,
        **values: str,
    ) -> Change | None:
        """Run one operation over several units as one undo step."""
        return self.change_many({p: operation(self.state(p)) for p in positions}, what, **values)

    def _apply(self, states: dict[int, UnitState]) -> None:
        for position, state in states.items():
            apply_state(self.units[position], state)

    def undo(self) -> Change | None:
        if not self.done:
            return None
        record = self.done.pop()
        self._apply(record.before)
        self.undone.append(record)
        self.revision += 1
        return record

    def redo(self) -> Change | None:
        if not self.undone:
            return None
        record = self.undone.pop()
        self._apply(record.after)
        self.done.append(record)
        self.revision += 1
        return record

    # -- operations a person asks for by name ------------------------------------------------

    def decide_all(
        self,
        rule: str,
        positions: Iterable[int],
        decision: str,
        who: str,
        at: dt.datetime,
    ) -> Change | None:
        """Accept (`decision="accept"`) or dismiss every open `rule` suggestion among `positions`."""
        wanted = [p for p in positions if any(s.id == rule for s in unconfirmed(self.units[p]))]
        operation = edits.accept if decision == "accept" else edits.dismiss
        what = "change.accept_all" if decision == "accept" else "change.reject_all"
        return self.edit(
            wanted, lambda s: operation(s, rule, who, at), what, label=rule, count=str(len(wanted))
        )

    def correct_played(
        self,
        position: int,
        words: list[str] | None,
        who: str,
        at: dt.datetime,
        *,
        talk: bool = False,
    ) -> Change | None:
        """Correct what a unit played (`None` clears the correction) and check its game again:
        the correction and the suggestions that follow from it are one undo step."""
        state = self.state(position)
        if words is None:
            after = edits.clear_played(state)
        else:
            after = edits.correct_played(state, words, who, at, talk=talk)
        if after == state:
            return None
        apply_state(self.units[position], after)
        try:
            states = rechecked(self.doc, position, at)
        finally:
            apply_state(self.units[position], state)
        states[position] = replace(
            after, played=states[position].played, suggestions=states[position].suggestions
        )
        return self.change_many(states, "change.played")

    def rest_of_session(self, position: int) -> range:
        """From `position` to the end of its session (or of the batch)."""
        span = session_range(self.doc, position)
        return range(position, span.stop)

    def find(self, start: int, wanted: str, among: Collection[int] | None = None) -> int | None:
        """The next unit after `start` (of `among`, if given) that is `unlabelled`, has an
        `unconfirmed` suggestion, or is a `disagreement` (annotators labelled it differently)."""
        disagreeing = set(disagreeing_positions(self.doc)) if wanted == "disagreement" else set()
        for position in range(start + 1, len(self.units)):
            if among is not None and position not in among:
                continue
            unit = self.units[position]
            if wanted == "unlabelled" and not unit.labels:
                return position
            if wanted == "unconfirmed" and unconfirmed(unit):
                return position
            if wanted == "disagreement" and position in disagreeing:
                return position
        return None
