"""The label palette: type to filter the taxonomy, toggle several labels, then close."""

from __future__ import annotations

from collections.abc import Callable
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
from kiroku.tui.widgets.text_boxes import TextBox


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


class PaletteFilter(TextBox):
    """The filter box leaves Space to the palette, which toggles the highlighted label."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key != "space" and super().check_consume_key(key, character)


Toggle = Callable[[str], set[str]]
"""Toggles one label on the current unit and returns the labels it has afterwards."""


class LabelPalette(ModalScreen[None]):
    """Several labels in one visit: Space or Tab toggles and stays, Enter or Esc closes.

    Space toggles even after a filter was typed, as the hint says: a label's id has no
    spaces, so a filter never needs one.

    Each toggle is applied at once through the log screen (saved, undoable one by one), so
    the ✓ marks always show what the unit really has.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="close"),
        Binding("space", "toggle_highlighted", "Toggle", id="toggle", priority=True),
        Binding("tab", "toggle_highlighted", "Toggle", id="toggle", show=False, priority=True),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
    ]

    def __init__(
        self,
        taxonomy: Taxonomy,
        active: set[str],
        catalogue: Catalogue,
        toggle: Toggle,
        experiment: str | None = None,
    ) -> None:
        """`experiment`: offer only the labels the taxonomy gives it (and any the unit has)."""
        super().__init__()
        self.taxonomy = taxonomy
        self.kinds = [
            kind
            for kind in taxonomy.labels
            if experiment is None or experiment in kind.experiments or kind.id in active
        ]
        self.active = active
        self.catalogue = catalogue
        self.toggle = toggle
        self.toggled = False
        translate_bindings(self, catalogue)

    def compose(self) -> ComposeResult:
        with Vertical(id="palette", classes="dialog"):
            yield Static(
                Text(self.catalogue("palette.title"), style="bold"), classes="dialog-title"
            )
            yield PaletteFilter(placeholder=self.catalogue("palette.filter"), id="palette-filter")
            yield OptionList(id="palette-options")
            yield Static(Text(self.catalogue("palette.hint"), style="dim"), classes="dialog-hint")

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

    def _fill(self, query: str, highlight: int = 0) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(self._prompt(kind), id=kind.id) for kind in self.kinds if matches(kind, query)
        )
        if options.option_count:
            options.highlighted = min(highlight, options.option_count - 1)

    def _highlighted(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_toggle_highlighted(self) -> None:
        """Toggle the highlighted label, redraw the marks and stay on the same line."""
        label_id = self._highlighted()
        if label_id is None:
            return
        self.active = self.toggle(label_id)
        self.toggled = True
        options = self.query_one(OptionList)
        position = options.highlighted or 0
        self._fill(self.query_one(Input).value, position)

    def _choose(self) -> None:
        """Enter: toggle the highlighted label if nothing was toggled yet, then close."""
        if not self.toggled:
            label_id = self._highlighted()
            if label_id is not None:
                self.toggle(label_id)
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        options = self.query_one(OptionList)
        options.highlighted = event.option_index
        self._choose()

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(current + step, options.option_count - 1))

    def action_close(self) -> None:
        self.dismiss(None)
