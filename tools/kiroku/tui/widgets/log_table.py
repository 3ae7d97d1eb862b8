"""The list of logs: one row per log with model, date, kind, size and labelling progress."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from kiroku.tui.catalogue import Catalogue
from kiroku.tui.data.summary import LogSummary
from kiroku.tui.literal import literal
from kiroku.tui.messages import OpenLog
from kiroku.tui.widgets.measured_table import MeasuredTable

COLUMNS = ("id", "units", "progress", "suggestions", "kind", "model", "date", "title")
"""How far each log has come stands right after its id: at 80 columns a long batch id left no
room for it (the list showed id, model, date and kind only). The title, longest, goes last."""


class LogTable(MeasuredTable[Text]):
    """Rows are keyed by the log's path; Enter or a click opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next", id="next", key_display="j/↓", show=False),
        Binding("k", "cursor_up", "Previous", id="previous", key_display="k/↑", show=False),
        Binding("g", "scroll_top", "First", id="first", show=False),
        Binding("G", "scroll_bottom", "Last", id="last", show=False),
    ]

    def __init__(self, catalogue: Catalogue, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.catalogue = catalogue

    def on_mount(self) -> None:
        for column in COLUMNS:
            self.add_column(Text(self.catalogue(f"col.{column}")), key=column)

    def show(self, summaries: list[LogSummary]) -> None:
        """List `summaries`, the cursor staying on the log it was on (back from that log, or
        after a filter changed), else on the row it was at."""
        t = self.catalogue
        row = self.cursor_row
        current = self.current_path()
        self.clear()
        for summary in summaries:
            done = summary.done == summary.units and summary.units > 0
            progress = Text(f"{summary.done}/{summary.units}", style="green" if done else "")
            self.add_row(
                literal(summary.id),
                Text(str(summary.units), justify="right"),
                progress,
                Text(str(summary.unconfirmed or ""), style="yellow", justify="right"),
                Text(t(f"kind.{summary.kind}")),
                literal(summary.model),
                Text(summary.date),
                literal(summary.title.pick(t.lang) or ""),
                key=str(summary.path),
            )
        keys = [str(summary.path) for summary in summaries]
        if current is not None and str(current) in keys:
            row = keys.index(str(current))
        if summaries:
            self.move_cursor(row=min(row, len(summaries) - 1), animate=False)

    def current_path(self) -> Path | None:
        """The log under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return Path(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenLog(Path(event.row_key.value)))
