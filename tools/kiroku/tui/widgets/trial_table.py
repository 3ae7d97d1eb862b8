"""A batch's trials as a table: trial number, first word, labels and open suggestions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.coordinate import Coordinate
from textual.widgets.data_table import RowKey

from kiroku.tui.bindings import move_bindings
from kiroku.tui.column_fit import Cells, ColumnNeed, cut, fit_widths, wrap_words
from kiroku.tui.literal import literal
from kiroku.tui.widgets.measured_table import MeasuredTable
from kiroku.tui.widgets.turn_entry import UnitEntry

COLUMNS = ("trial", "first_word", "labels", "suggestions")
FIRST_WORD_CAP = 12
"""Cells the first word keeps on a narrow screen: a long one (an output line) ends in `…`."""
CORRECTED = " ✎"


@dataclass(frozen=True)
class TrialCells:
    """One trial's cells before they are fitted to the columns' widths."""

    anchor: Text
    word: Text
    corrected: bool
    labels: list[Text]
    suggestions: list[Text]
    """Open suggestions (`?`), then dismissed ones (`✗`, struck through)."""

    def widths(self) -> tuple[int, int, int, int]:
        """Each cell's width on one line."""
        word = cell_len(self.word.plain) + (len(CORRECTED) if self.corrected else 0)
        return (cell_len(self.anchor.plain), word, _joined(self.labels), _joined(self.suggestions))

    def pattern(self) -> Cells:
        """The words of its two wrapping cells: trials alike in them wrap alike."""
        return tuple(w.plain for w in self.labels), tuple(w.plain for w in self.suggestions)


def _joined(words: list[Text]) -> int:
    return sum(cell_len(word.plain) for word in words) + max(len(words) - 1, 0)


def _line(words: list[Text]) -> Text:
    return Text(" ").join(words)


class TrialTable(MeasuredTable[Text]):
    """DataTable already draws only visible rows, so a 10,000-trial batch stays quick.

    Where the columns do not fit the table's width (80 columns, the side panel open), the
    labels and suggestions wrap, each label whole or broken after a hyphen, and a long first
    word ends in `…`: a Suggested column pushed past the screen's edge hid what the analysis
    suggested.
    """

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
        self.trials: list[TrialCells] = []
        self.widths: list[int] | None = None
        """The columns' fitted widths; None: each as wide as its widest cell."""
        self._widths_seen: list[Counter[int]] = [Counter() for _ in COLUMNS]
        self._patterns: Counter[Cells] = Counter()
        self._wrapped: dict[tuple[Cells, int, int], tuple[Text, Text, int]] = {}
        """Wrapped label and suggestion cells by their words and widths (never changed once
        made: a table does not alter the texts it draws)."""
        self._filled = False
        self._pending_row = 0
        """The row `select` chose before the rows were added."""
        self._rebuilding = False

    def on_mount(self) -> None:
        for position in range(self.count):
            self.trials.append(self._trial(position))
            self._count(self.trials[-1], 1)

    def on_resize(self, event: events.Resize) -> None:
        """The rows are added once the table knows its width (then again when the fitted
        widths change): a 10,000-trial batch at 80 columns is not laid out twice on opening."""
        widths = self._fitted()
        if not self._filled or widths != self.widths:
            self._fill(widths)

    def _count(self, cells: TrialCells, step: int) -> None:
        """Count a trial's cell widths and patterns in (1) or out (-1): what fitting needs,
        kept as it goes so that an edit in a large batch does not measure every trial."""
        for seen, width in zip(self._widths_seen, cells.widths(), strict=True):
            seen[width] += step
            if not seen[width]:
                del seen[width]
        self._patterns[cells.pattern()] += step
        if not self._patterns[cells.pattern()]:
            del self._patterns[cells.pattern()]

    def _trial(self, position: int) -> TrialCells:
        entry = self.entry_for(position)
        word = literal(self.first_word(position), "bold red" if entry.rule_break else "")
        return TrialCells(
            anchor=Text(entry.anchor),
            word=word,
            corrected=entry.corrected,
            labels=[literal(f"✓{label}", "green") for label in entry.labels],
            suggestions=[
                *(literal(f"?{s}", "yellow") for s in entry.suggestions),
                *(literal(f"✗{s}", "dim strike") for s in entry.dismissed),
            ],
        )

    def _fitted(self) -> list[int] | None:
        """The widths that fit the columns into the table's width; None before it has one.

        The vertical scroll bar's width is kept for it, shown or not: rows that wrap would
        otherwise bring the bar that narrows the columns that made them wrap."""
        if not self.size.width:
            return None
        room = self.size.width - self.styles.scrollbar_size_vertical
        room -= 2 * self.cell_padding * len(COLUMNS)
        floors = [cell_len(self.headers[column]) for column in COLUMNS]
        natural = [
            max([floor, *seen]) for floor, seen in zip(floors, self._widths_seen, strict=True)
        ]
        needs = [
            ColumnNeed(natural[0], floors[0]),
            ColumnNeed(natural[1], floors[1], cap=FIRST_WORD_CAP),
            ColumnNeed(natural[2], floors[2], wraps=True),
            ColumnNeed(natural[3], floors[3], wraps=True),
        ]
        return fit_widths(room, needs, self._patterns)

    def _fill(self, widths: list[int] | None) -> None:
        """All columns and rows again at these widths, the cursor kept on its trial."""
        row = self.cursor_row if self._filled else self._pending_row
        self._filled = True
        self._wrapped.clear()
        self._rebuilding = True
        try:
            self.clear(columns=True)
            self.widths = widths
            for index, column in enumerate(COLUMNS):
                width = None if widths is None else widths[index]
                self.add_column(Text(self.headers[column]), key=column, width=width)
            for position in range(len(self.trials)):
                cells, height = self._cells(position)
                self.add_row(*cells, key=str(position), height=height)
            if self.trials:
                self.move_cursor(row=min(row, len(self.trials) - 1), animate=False)
        finally:
            self._rebuilding = False

    def _cells(self, position: int) -> tuple[list[Text], int]:
        """The row's cells at the current widths, and how many lines it takes."""
        trial = self.trials[position]
        mark = CORRECTED if trial.corrected else ""
        if self.widths is None:
            word = trial.word.copy()
            word.append(mark)
            return [trial.anchor, word, _line(trial.labels), _line(trial.suggestions)], 1
        _, word_width, labels_width, suggestions_width = self.widths
        word = cut(trial.word, word_width - len(mark)).copy()
        word.append(mark)
        key = (trial.pattern(), labels_width, suggestions_width)
        if key not in self._wrapped:  # most trials of a batch carry the same few labels
            labels = wrap_words(trial.labels, labels_width)
            suggestions = wrap_words(trial.suggestions, suggestions_width)
            height = max(1, len(labels), len(suggestions))
            self._wrapped[key] = Text("\n").join(labels), Text("\n").join(suggestions), height
        labels_cell, suggestions_cell, height = self._wrapped[key]
        return [trial.anchor, word, labels_cell, suggestions_cell], height

    def refresh_unit(self, position: int) -> None:
        self._count(self.trials[position], -1)
        self.trials[position] = self._trial(position)
        self._count(self.trials[position], 1)
        if not self._filled:
            return
        widths = self._fitted()
        if widths != self.widths:
            self._fill(widths)
            return
        cells, height = self._cells(position)
        self.rows[RowKey(str(position))].height = height  # read again by the update below
        for column, cell in zip(COLUMNS, cells, strict=True):
            self.update_cell(str(position), column, cell, update_width=True)

    @property
    def cursor(self) -> int:
        return self.cursor_row if self._filled else self._pending_row

    def select(self, position: int) -> None:
        if not self._filled:
            self._pending_row = max(0, min(position, self.count - 1))
        elif self.count:
            self.move_cursor(row=max(0, min(position, self.count - 1)), animate=False)

    def action_move(self, step: int) -> None:
        self.select(self.cursor + step)

    def action_jump_to(self, where: str) -> None:
        self.select(0 if where == "first" else self.count - 1)

    def action_page(self, direction: int) -> None:
        """A screenful of trials on (or back), the cursor moving with it: as many as fit in
        the lines below the header, however many lines each wrapped trial takes."""
        lines = self.scrollable_content_region.height - self.header_height
        row, step = self.cursor, 0
        while 0 <= row + direction * (step + 1) < self.row_count:
            lines -= self.rows[RowKey(str(row + direction * (step + 1)))].height
            if lines < 0:
                break
            step += 1
        self.select(row + direction * max(step, 1))

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if old.row != new.row and self.on_cursor is not None and not self._rebuilding:
            self.on_cursor(new.row)
