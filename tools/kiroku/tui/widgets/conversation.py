"""A chat log's turns as a conversation, drawn line by line so 10,000 turns cost no more than 40."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kiroku.tui.literal import fold, visible
from kiroku.tui.messages import UnitSelected
from kiroku.tui.widgets.turn_entry import UnitEntry

GUTTER = 1
INDENT = 2

# Row kinds of a turn's block.
HEADER, TEXT, PLAYED, BADGES, BLANK = range(5)

MOVE_BINDINGS: list[BindingType] = [
    Binding("j,down", "move(1)", "Next", id="next", key_display="j/↓"),
    Binding("k,up", "move(-1)", "Previous", id="previous", key_display="k/↑"),
    Binding("g,home", "jump_to('first')", "First", id="first", show=False),
    Binding("G,end", "jump_to('last')", "Last", id="last", show=False),
    Binding("pagedown,space", "page(1)", "Page down", id="page_down", show=False),
    Binding("pageup", "page(-1)", "Page up", id="page_up", show=False),
]


class Conversation(ScrollView, can_focus=True, inherit_bindings=False):
    """Turns with speaker, text, played word and labels; the cursor marks the current turn.

    Only the rows on screen are ever turned into segments (`render_line`); a turn's rows are
    laid out as plain strings once per width, and rebuilt alone when its annotations change.
    """

    BINDINGS: ClassVar[list[BindingType]] = MOVE_BINDINGS

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "conversation--anchor",
        "conversation--user",
        "conversation--model",
        "conversation--cursor",
        "conversation--played",
        "conversation--label",
        "conversation--suggestion",
        "conversation--rule-break",
    }

    def __init__(
        self,
        count: int,
        entry_for: Callable[[int], UnitEntry],
        speaker_name: Callable[[str], str],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.count = count
        self.entry_for = entry_for
        self.speaker_name = speaker_name
        self.cursor = 0
        self._entries: list[UnitEntry | None] = [None] * count
        self._rows: list[list[tuple[int, str]] | None] = [None] * count
        self._offsets: list[int] = []
        self._layout_width = -1
        self._strip_cache: dict[tuple[int, int, bool], Strip] = {}

    # -- layout ---------------------------------------------------------------------------

    def entry(self, position: int) -> UnitEntry:
        cached = self._entries[position]
        if cached is None:
            cached = self._entries[position] = self.entry_for(position)
        return cached

    def _block(self, position: int) -> list[tuple[int, str]]:
        rows = self._rows[position]
        if rows is None:
            entry = self.entry(position)
            width = max(self._layout_width - GUTTER - INDENT, 8)
            rows = [(HEADER, "")]
            for line in visible(entry.text).split("\n"):
                rows.extend((TEXT, piece) for piece in fold(line, width))
            if entry.played:
                rows.extend((PLAYED, piece) for piece in fold("▸ " + visible(entry.played), width))
            if entry.labels or entry.suggestions:
                rows.append((BADGES, ""))
            rows.append((BLANK, ""))
            self._rows[position] = rows
        return rows

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0:
            return
        if width != self._layout_width:
            self._layout_width = width
            self._rows = [None] * self.count
        offsets, total = [], 0
        for position in range(self.count):
            offsets.append(total)
            total += len(self._block(position))
        self._offsets = offsets
        self.virtual_size = Size(width, total)
        self._strip_cache = {}

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self.scroll_to_cursor()

    def on_mount(self) -> None:
        self._relayout()

    def refresh_unit(self, position: int) -> None:
        """Redraw one unit after its annotations changed (its height may have changed)."""
        self._entries[position] = None
        self._rows[position] = None
        self._relayout()
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------

    def block_region(self, position: int) -> Region:
        if not self._offsets:
            return Region(0, 0, 0, 0)
        top = self._offsets[position]
        return Region(0, top, self._layout_width, len(self._block(position)))

    def position_at(self, line: int) -> int | None:
        if not self._offsets or line < 0:
            return None
        position = bisect_right(self._offsets, line) - 1
        if position >= self.count or line >= self._offsets[position] + len(self._block(position)):
            return None
        return position

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        position = self.position_at(line)
        if position is None:
            return Strip.blank(width, self.rich_style)
        row = line - self._offsets[position]
        key = (position, row, position == self.cursor)
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._draw(position, row, position == self.cursor)
            if len(self._strip_cache) > 2000:
                self._strip_cache.clear()
            self._strip_cache[key] = strip
        return strip.crop_extend(0, width, self.rich_style)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"conversation--{name}", partial=True)

    def _draw(self, position: int, row: int, selected: bool) -> Strip:
        kind, text = self._block(position)[row]
        entry = self.entry(position)
        base = self.rich_style + (self._style("cursor") if selected else Style())
        speaker = self._style(entry.speaker)
        gutter = Segment("▌" if selected else " ", base + speaker)
        indent = Segment(" " * INDENT, base)
        segments = [gutter]
        if kind == HEADER:
            segments.append(Segment(entry.anchor, base + self._style("anchor")))
            who = self.speaker_name(entry.speaker)
            if entry.name:
                who = f"{who} · {entry.name}"
            segments.append(Segment(" " + visible(who), base + speaker + Style(bold=True)))
            if entry.rule_break:
                segments.append(Segment(" ⚠", base + self._style("rule-break")))
            if entry.annotated_text:
                segments.append(Segment(" ✎", base))
        elif kind == TEXT:
            segments += [indent, Segment(text, base)]
        elif kind == PLAYED:
            style = self._style("rule-break") if entry.rule_break else self._style("played")
            segments += [indent, Segment(text, base + style)]
        elif kind == BADGES:
            segments.append(indent)
            for label in entry.labels:
                segments += [
                    Segment(f"✓{visible(label)}", base + self._style("label")),
                    Segment(" ", base),
                ]
            for suggestion in entry.suggestions:
                segments += [
                    Segment(f"?{visible(suggestion)}", base + self._style("suggestion")),
                    Segment(" ", base),
                ]
        else:
            segments.append(Segment("", base))
        width = max(self._layout_width, 1)
        return Strip(segments).adjust_cell_length(width, base)

    # -- cursor ----------------------------------------------------------------------------

    def select(self, position: int) -> None:
        """Move the cursor, keep it in view and tell the screen."""
        if not self.count:
            return
        position = max(0, min(position, self.count - 1))
        changed = position != self.cursor
        self.cursor = position
        self.scroll_to_cursor()
        self.refresh()
        if changed:
            self.post_message(UnitSelected(position))

    def scroll_to_cursor(self) -> None:
        if self._offsets:
            self.scroll_to_region(self.block_region(self.cursor), animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.select(self.cursor + step)

    def action_jump_to(self, where: str) -> None:
        self.select(0 if where == "first" else self.count - 1)

    def action_page(self, direction: int) -> None:
        target = self.scroll_offset.y + direction * max(self.scrollable_content_region.height, 1)
        found = self.position_at(max(0, min(target, self.virtual_size.height - 1)))
        self.select(found if found is not None else (self.count - 1 if direction > 0 else 0))

    def on_click(self, event: events.Click) -> None:
        position = self.position_at(self.scroll_offset.y + event.y)
        if position is not None:
            self.focus()
            self.select(position)
