"""Asking before typed text is thrown away: save it, discard it, or go on editing."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiroku.tui.bindings import translate_bindings
from kiroku.tui.catalogue import Catalogue

Decision = Literal["save", "discard"]


class DiscardDialog(ModalScreen[Decision | None]):
    """Esc (or `k`) goes back to the text: only an explicit `d` loses what was typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "decide('save')", "Save", id="save_text"),
        Binding("d", "decide('discard')", "Discard", id="discard"),
        Binding("escape,k", "keep_editing", "Keep editing", id="keep_editing"),
    ]

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue
        translate_bindings(self, catalogue)

    def compose(self) -> ComposeResult:
        t = self.catalogue
        with Vertical(id="discard", classes="dialog"):
            yield Static(Text(t("discard.title"), style="bold"), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("[s] " + t("discard.save")), id="save", variant="primary")
                yield Button(Text("[d] " + t("discard.discard")), id="discard", variant="error")
                yield Button(Text("[Esc] " + t("discard.keep")), id="keep")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "keep":
            self.action_keep_editing()
        else:
            self.action_decide("save" if event.button.id == "save" else "discard")

    def action_decide(self, decision: Decision) -> None:
        self.dismiss(decision)

    def action_keep_editing(self) -> None:
        self.dismiss(None)
