"""The label palette: type to filter the taxonomy, Enter toggles the highlighted label."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kiroku.taxonomy import LabelKind, Taxonomy
from kiroku.tui.bindings import translate_bindings
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.literal import literal


def matches(kind: LabelKind, query: str) -> bool:
    """Every typed word appears in the id, the group, a name or a description (either language)."""
    texts = [
        kind.id,
        kind.group,
        kind.name.ja,
        kind.name.en,
        kind.description.ja,
        kind.description.en,
    ]
    haystack = " ".join(text or "" for text in texts).lower()
    return all(word in haystack for word in query.lower().split())


class LabelPalette(ModalScreen[str | None]):
    """Dismisses with the chosen label id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Close", id="close"),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
    ]

    def __init__(self, taxonomy: Taxonomy, active: set[str], catalogue: Catalogue) -> None:
        super().__init__()
        self.taxonomy = taxonomy
        self.active = active
        self.catalogue = catalogue
        translate_bindings(self, catalogue)

    def compose(self) -> ComposeResult:
        with Vertical(id="palette", classes="dialog"):
            yield Static(
                Text(self.catalogue("palette.title"), style="bold"), classes="dialog-title"
            )
            yield Input(placeholder=self.catalogue("palette.filter"), id="palette-filter")
            yield OptionList(id="palette-options")

    def on_mount(self) -> None:
        self._fill("")

    def _prompt(self, kind: LabelKind) -> Text:
        prompt = Text()
        prompt.append("✓ " if kind.id in self.active else "  ", style="green bold")
        other = "en" if self.catalogue.lang == "ja" else "ja"
        prompt.append_text(literal(kind.id, "bold"))
        prompt.append_text(literal(f"  {kind.name.pick(self.catalogue.lang) or ''}"))
        prompt.append_text(literal(f" / {kind.name.pick(other) or ''}", "dim"))
        return prompt

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(self._prompt(kind), id=kind.id)
            for kind in self.taxonomy.labels
            if matches(kind, query)
        )
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(current + step, options.option_count - 1))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
