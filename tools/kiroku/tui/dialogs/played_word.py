"""Correcting the word a turn played: one line, words separated by spaces."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kiroku.tui.bindings import translate_bindings
from kiroku.tui.catalogue import Catalogue


class PlayedWordDialog(ModalScreen[str | None]):
    """Dismisses with the typed words (possibly empty: remove the correction) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, words: str, catalogue: Catalogue) -> None:
        super().__init__()
        self.title_text = title
        self.words = words
        self.catalogue = catalogue
        translate_bindings(self, catalogue)

    def compose(self) -> ComposeResult:
        with Vertical(id="played", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Input(self.words, id="played-input")
            yield Static(Text(self.catalogue("played.hint"), style="dim"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
