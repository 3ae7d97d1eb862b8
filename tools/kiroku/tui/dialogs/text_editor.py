"""Editing a translation or note in a TextArea (any script, Japanese included)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from kiroku.tui.bindings import translate_bindings
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.dialogs.discard import Decision, DiscardDialog
from kiroku.tui.widgets.text_boxes import TextEditorArea


class TextEditor(ModalScreen[str | None]):
    """Dismisses with the edited text (Ctrl+S) or None (Esc; asked first if it was changed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save_text", priority=True),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, title: str, text: str, catalogue: Catalogue) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.catalogue = catalogue
        translate_bindings(self, catalogue)

    def compose(self) -> ComposeResult:
        with Vertical(id="editor", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield TextEditorArea(self.text, id="editor-text", soft_wrap=True)
            yield Static(Text(self.catalogue("editor.hint"), style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.text:
            self.dismiss(None)
            return
        self.app.push_screen(DiscardDialog(self.catalogue), self._decided)

    def _decided(self, decision: Decision | None) -> None:
        if decision == "save":
            self.action_save()
        elif decision == "discard":
            self.dismiss(None)
