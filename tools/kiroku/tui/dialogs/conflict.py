"""Asking which version of a unit to keep when it changed both here and on disk: both shown."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiroku.annotations.edits import UnitState
from kiroku.annotations.merge import Side, UnitConflict
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.literal import literal

FIELDS = ("labels", "rejected", "reviewed", "played", "translation", "note")
"""What people write on a unit, in the order the dialog shows it."""


def state_fields(state: UnitState, catalogue: Catalogue) -> dict[str, list[str]]:
    """Each field of what people wrote on a unit, as the lines the dialog shows for it."""
    t = catalogue
    fields: dict[str, list[str]] = {name: [] for name in FIELDS}
    for label in state.labels:
        fields["labels"].append(f"✓ {label.id}  {label.by} {label.at:%Y-%m-%d %H:%M}")
    for rejection in state.rejected:
        fields["rejected"].append(f"✗ {rejection.id}  {rejection.by}")
    for review in state.reviewed:
        fields["reviewed"].append("✓ " + t("panel.reviewed", who=review.by))
    if state.played_override is not None:
        words = " ".join(state.played_override.words) or t("panel.no_word")
        fields["played"].append(f"{words}  {state.played_override.by}")
    for name, revised in (("translation", state.translation_en), ("note", state.note)):
        if revised is not None and revised.current is not None:
            fields[name].append(f"{revised.current}  — {revised.by or '?'}")
    return fields


def _heading(name: str, catalogue: Catalogue) -> str:
    keys = {
        "labels": "panel.labels",
        "rejected": "panel.suggestions",
        "played": "panel.played",
        "translation": "panel.translation",
        "note": "panel.note",
    }
    return catalogue(keys[name]) if name in keys else ""


def state_text(state: UnitState, catalogue: Catalogue, other: UnitState | None = None) -> Text:
    """What people wrote on a unit, line by line; beside `other` (the other side), the fields
    the two differ in come first and the ones they share after, dimmed.

    At 80×24 the sides showed a long translation the same on both first, and the note that
    was the conflict lay below the fold of each side."""
    t = catalogue
    mine = state_fields(state, t)
    theirs = state_fields(other, t) if other is not None else None
    differing = [f for f in FIELDS if theirs is None or mine[f] != theirs[f]]
    shared = [f for f in FIELDS if f not in differing and mine[f]]
    text = Text()
    for name in differing:
        if not mine[name] and theirs is None:
            continue
        heading = _heading(name, t)
        if heading:
            text.append(heading + ": ", style="bold")
        if not mine[name]:
            text.append(t("panel.empty"), style="dim")
            text.append("\n")
        for index, value in enumerate(mine[name]):
            if index and heading:
                text.append(heading + ": ", style="bold")
            text.append_text(literal(value))
            text.append("\n")
    if shared:
        if differing:
            text.append(t("conflict.same") + "\n", style="dim italic")
        for name in shared:
            heading = _heading(name, t)
            for value in mine[name]:
                text.append_text(literal(f"{heading}: {value}" if heading else value, "dim"))
                text.append("\n")
    text.rstrip()
    return text if text.plain else Text(t("panel.empty"), style="dim")


class ConflictDialog(ModalScreen[Side]):
    """Never dismissed without a choice: a silent default would clobber someone's edit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", show=False),
        Binding("d", "choose('theirs')", show=False),
    ]

    def __init__(
        self, path: str, conflict: UnitConflict, catalogue: Catalogue, remaining: int = 0
    ) -> None:
        super().__init__()
        self.path = path
        self.conflict = conflict
        self.catalogue = catalogue
        self.remaining = remaining

    def compose(self) -> ComposeResult:
        t = self.catalogue
        with Vertical(id="conflict", classes="dialog"):
            yield Static(Text(t("conflict.title"), style="bold red"), classes="dialog-title")
            body = t("conflict.body", path=self.path, anchor=self.conflict.anchor)
            if self.remaining:
                body += " " + t("conflict.remaining", count=self.remaining)
            yield Static(literal(body))
            with Horizontal(id="conflict-sides"):
                with Vertical(classes="conflict-side"):
                    yield Static(Text(t("conflict.mine"), style="bold"))
                    yield Static(
                        state_text(self.conflict.mine, t, self.conflict.theirs), id="conflict-mine"
                    )
                with Vertical(classes="conflict-side"):
                    yield Static(Text(t("conflict.theirs"), style="bold"))
                    yield Static(
                        state_text(self.conflict.theirs, t, self.conflict.mine),
                        id="conflict-theirs",
                    )
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("[m] " + t("conflict.keep")), id="mine", variant="primary")
                yield Button(Text("[d] " + t("conflict.take")), id="theirs", variant="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose("mine" if event.button.id == "mine" else "theirs")

    def action_choose(self, choice: Side) -> None:
        self.dismiss(choice)
