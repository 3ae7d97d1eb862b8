"""Correcting the word a turn played: words, no word at all, talk rather than a move, or undo it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kiroku.annotations.edits import split_words
from kiroku.tui.bindings import translate_bindings
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.widgets.text_boxes import TextBox


@dataclass(frozen=True)
class PlayedChoice:
    """What the person said the unit played.

    `words=[]`: no word was played here (a correction that is kept); `talk`: the turn is talk,
    not a move; `words=None`: remove the correction, back to what the analysis finds.
    """

    words: list[str] | None
    talk: bool = False


class PlayedWordDialog(ModalScreen[PlayedChoice | None]):
    """Dismisses with the person's choice, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+t", "talk", "Talk, not a move", id="played_talk"),
        Binding("ctrl+d", "clear", "Remove correction", id="played_clear"),
    ]

    def __init__(self, title: str, words: str, catalogue: Catalogue) -> None:
        super().__init__()
        self.title_text = title
        self.words = words
        self.catalogue = catalogue
        translate_bindings(self, catalogue)

    def compose(self) -> ComposeResult:
        with Vertical(id="played", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield TextBox(self.words, id="played-input")
            yield Static(Text(self.catalogue("played.hint"), style="dim"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(PlayedChoice(split_words(event.value)))

    def action_talk(self) -> None:
        self.dismiss(PlayedChoice([], talk=True))

    def action_clear(self) -> None:
        self.dismiss(PlayedChoice(None))

    def action_cancel(self) -> None:
        self.dismiss(None)
