"""A DataTable that never shows cells cut to the width they had before it measured them."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.geometry import Size
from textual.widgets import DataTable

CellType = TypeVar("CellType")


class MeasuredTable(DataTable[CellType], Generic[CellType]):
    """Redraws every line once new cells have widened (or narrowed) the columns.

    DataTable measures new rows when it is next idle. Textual 8 keys the lines it has drawn
    on its update count, which that measuring leaves alone: a line drawn in between (a busy
    machine, a large listing) kept its columns cut to their headers until the cursor moved.
    A change of column widths always changes the table's virtual width, so this watches it.
    """

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        if old.width != new.width:
            self.notify_style_update()  # the public way to drop every cached line
