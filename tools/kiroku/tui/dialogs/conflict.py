"""Asking what to do when the log changed on disk: reload, or keep mine and save anyway."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiroku.tui.catalogue import Catalogue

Choice = Literal["reload", "keep"]


class ConflictDialog(ModalScreen[Choice]):
    """Never dismissed without a choice: a silent default would clobber someone's edit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('reload')", show=False),
        Binding("m", "choose('keep')", show=False),
    ]

    def __init__(self, path: str, catalogue: Catalogue) -> None:
        super().__init__()
        self.path = path
        self.catalogue = catalogue

    def compose(self) -> ComposeResult:
        t = self.catalogue
        with Vertical(id="conflict", classes="dialog"):
            yield Static(Text(t("conflict.title"), style="bold red"), classes="dialog-title")
            yield Static(Text(t("conflict.body", path=self.path)))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("[r] " + t("conflict.reload")), id="reload", variant="warning")
                yield Button(Text("[m] " + t("conflict.keep")), id="keep", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose("reload" if event.button.id == "reload" else "keep")

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)
