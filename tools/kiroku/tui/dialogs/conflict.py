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


def state_text(state: UnitState, catalogue: Catalogue) -> Text:
    """What people wrote on a unit, line by line, as the conflict dialog compares it."""
    t = catalogue
    lines: list[tuple[str, str]] = []
    for label in state.labels:
        lines.append((t("panel.labels"), f"✓ {label.id}  {label.by} {label.at:%Y-%m-%d %H:%M}"))
    for rejection in state.rejected:
        lines.append((t("panel.suggestions"), f"✗ {rejection.id}  {rejection.by}"))
    for review in state.reviewed:
        lines.append(("", "✓ " + t("panel.reviewed", who=review.by)))
    if state.played_override is not None:
        words = " ".join(state.played_override.words) or t("panel.no_word")
        lines.append((t("panel.played"), f"{words}  {state.played_override.by}"))
    for name, revised in (
        (t("panel.translation"), state.translation_en),
        (t("panel.note"), state.note),
    ):
        if revised is not None and revised.current is not None:
            lines.append((name, f"{revised.current}  — {revised.by or '?'}"))
    text = Text()
    if not lines:
        return Text(t("panel.empty"), style="dim")
    for heading, value in lines:
        if heading:
            text.append(heading + ": ", style="bold")
        text.append_text(literal(value))
        text.append("\n")
    text.rstrip()
    return text


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
                    yield Static(state_text(self.conflict.mine, t), id="conflict-mine")
                with Vertical(classes="conflict-side"):
                    yield Static(Text(t("conflict.theirs"), style="bold"))
                    yield Static(state_text(self.conflict.theirs, t), id="conflict-theirs")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("[m] " + t("conflict.keep")), id="mine", variant="primary")
                yield Button(Text("[d] " + t("conflict.take")), id="theirs", variant="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose("mine" if event.button.id == "mine" else "theirs")

    def action_choose(self, choice: Side) -> None:
        self.dismiss(choice)
