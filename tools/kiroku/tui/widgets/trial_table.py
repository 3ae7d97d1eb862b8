"""A batch's trials as a table: trial number, first word, labels and open suggestions."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.coordinate import Coordinate

from kiroku.tui.bindings import move_bindings
from kiroku.tui.literal import literal
from kiroku.tui.widgets.measured_table import MeasuredTable
from kiroku.tui.widgets.turn_entry import UnitEntry

COLUMNS = ("trial", "first_word", "labels", "suggestions")


class TrialTable(MeasuredTable[Text]):
    """DataTable already draws only visible rows, so a 10,000-trial batch stays quick."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *move_bindings(),  # the conversation's moves, without space for a page
    ]

    def __init__(
        self,
        count: int,
        entry_for: Callable[[int], UnitEntry],
        first_word: Callable[[int], str],
        headers: dict[str, str],
        *,
        on_cursor: Callable[[int], None] | None = None,
        id: str | None = None,
    ) -> None:
        """`on_cursor(row)` is told at once when the cursor moves (as `Conversation.select`)."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.on_cursor = on_cursor
        self.count = count
        self.entry_for = entry_for
        self.first_word = first_word
        self.headers = headers

    def on_mount(self) -> None:
        for column in COLUMNS:
            self.add_column(Text(self.headers[column]), key=column)
        for position in range(self.count):
            self.add_row(*self._cells(position), key=str(position))

    def _cells(self, position: int) -> list[Text]:
        entry = self.entry_for(position)
        word = literal(self.first_word(position), "bold red" if entry.rule_break else "")
        if entry.corrected:
            word.append(" ✎")
        labels = literal(" ".join(f"✓{label}" for label in entry.labels), "green")
        suggestions = literal(" ".join(f"?{s}" for s in entry.suggestions), "yellow")
        if entry.dismissed:
            suggestions.append_text(
                literal(" ".join(f"✗{s}" for s in entry.dismissed), "dim strike")
            )
        return [Text(entry.anchor), word, labels, suggestions]

    def refresh_unit(self, position: int) -> None:
        for column, cell in zip(COLUMNS, self._cells(position), strict=True):
            self.update_cell(str(position), column, cell, update_width=True)

    @property
    def cursor(self) -> int:
        return self.cursor_row

    def select(self, position: int) -> None:
        if self.count:
            self.move_cursor(row=max(0, min(position, self.count - 1)), animate=False)

    def action_move(self, step: int) -> None:
        self.select(self.cursor_row + step)

    def action_jump_to(self, where: str) -> None:
        self.select(0 if where == "first" else self.count - 1)

    def action_page(self, direction: int) -> None:
        """A screenful of trials on (or back), the cursor moving with it."""
        self.select(self.cursor_row + direction * max(self.scrollable_content_region.height - 1, 1))

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if old.row != new.row and self.on_cursor is not None:
            self.on_cursor(new.row)
