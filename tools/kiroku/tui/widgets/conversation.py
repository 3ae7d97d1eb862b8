"""A chat log's turns as a conversation, drawn line by line so 10,000 turns open as fast as 40."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from time import perf_counter
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from kiroku.tui.bindings import in_typed_order, move_bindings
from kiroku.tui.layout import BlockHeights, estimate_rows
from kiroku.tui.literal import fold, visible, wrap
from kiroku.tui.widgets.session_heading import SessionHeading, estimate_heading_rows
from kiroku.tui.widgets.turn_entry import UnitEntry

GUTTER = 1
INDENT = 2

KEPT_BLOCKS = 400
"""Wrapped blocks kept for drawing; a screen shows a few dozen at most."""
REFINE_EVERY = 0.02
REFINE_BUDGET = 0.008
"""Seconds between and within background measuring steps: keys are answered in between."""
RESIZE_EVERY = 25
"""Background steps between scrollbar updates: each one lays the whole screen out again."""

# Row kinds of a turn's block: the session headings shown above it, then the turn itself.
HEADER, TEXT, PLAYED, BADGES, BLANK = range(5)
SESSION_TITLE, SESSION_RULE, SESSION_NOTE, SESSION_CONTEXT, SESSION_REMARK, SESSION_GAP = range(
    5, 11
)
HEADING_KINDS = frozenset(range(5, 11))

MOVE_BINDINGS: list[Binding] = move_bindings("pagedown,space")
"""Moves run as their key arrives, in the order typed with the log's keys (`in_typed_order`)."""

SESSION_BINDINGS: list[Binding] = in_typed_order(
    Binding(
        "right_square_bracket",
        "session(1)",
        "Next session",
        id="next_session",
        key_display="]",
        show=False,
    ),
    Binding(
        "left_square_bracket",
        "session(-1)",
        "Previous session",
        id="previous_session",
        key_display="[",
        show=False,
    ),
)


class Conversation(ScrollView, can_focus=True, inherit_bindings=False):
    """Turns with speaker, text, played word and labels; the cursor marks the current turn.

    Where a session begins, its heading (number, title, date, notes) is drawn as the first
    rows of that turn's block: positions stay those of the turns, so every key, anchor and
    edit acts on turns alone, and the headings cost nothing until they are on screen.
    Only the rows on screen are ever turned into segments (`render_line`). Heights start as
    guesses from each text's length; the blocks on screen are wrapped before they are drawn,
    and the rest a few milliseconds at a time after the first paint, so opening a long log
    never waits for all of it. A block is rebuilt alone when its annotations change.
    """

    DEFAULT_CSS = """
    Conversation {
        scrollbar-gutter: stable;
    }
    """
    """Room for the scrollbar from the start: lines are folded for the width they are drawn in
    (when the scrollbar came later, a wide character folded last on a line was cut off)."""

    BINDINGS: ClassVar[list[BindingType]] = [*MOVE_BINDINGS, *SESSION_BINDINGS]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "conversation--anchor",
        "conversation--user",
        "conversation--model",
        "conversation--cursor",
        "conversation--played",
        "conversation--label",
        "conversation--suggestion",
        "conversation--dismissed",
        "conversation--rule-break",
        "conversation--session",
        "conversation--session-note",
        "conversation--session-context",
    }

    def __init__(
        self,
        count: int,
        entry_for: Callable[[int], UnitEntry],
        speaker_name: Callable[[str], str],
        sketch_for: Callable[[int], tuple[str, int]],
        *,
        headings: Mapping[int, tuple[SessionHeading, ...]] | None = None,
        on_cursor: Callable[[int], None] | None = None,
        id: str | None = None,
    ) -> None:
        """`sketch_for(position)` gives a unit's raw text and its rows besides header, text and
        the blank line (played word, badges): enough to guess its height without building it.
        `headings` are the session headings shown above a position (`count`: below the last).
        `on_cursor(row)` is told at once when the cursor moves (see `select`)."""
        super().__init__(id=id)
        self.count = count
        self.headings: Mapping[int, tuple[SessionHeading, ...]] = headings or {}
        self.session_starts = sorted(p for p in self.headings if p < count)
        self.entry_for = entry_for
        self.speaker_name = speaker_name
        self.sketch_for = sketch_for
        self.on_cursor = on_cursor
        self.cursor = 0
        self.painted = False
        """Set once the first screenful is drawn: from then on the log answers keys."""
        self._entries: dict[int, UnitEntry] = {}
        self._rows: dict[int, list[tuple[int, str]]] = {}
        self._heights = BlockHeights([])
        self._layout_width = -1
        self._strip_cache: dict[tuple[int, int, bool], Strip] = {}
        self._refiner: Timer | None = None
        self._settle_pending = False
        self._refine_steps = 0

    # -- layout ---------------------------------------------------------------------------

    def entry(self, position: int) -> UnitEntry:
        cached = self._entries.get(position)
        if cached is None:
            if len(self._entries) >= KEPT_BLOCKS:
                self._entries.clear()
            cached = self._entries[position] = self.entry_for(position)
        return cached

    @property
    def _text_width(self) -> int:
        return max(self._layout_width - GUTTER - INDENT, 8)

    def _heading_rows(self, position: int) -> list[tuple[int, str]]:
        rows: list[tuple[int, str]] = []
        width = self._text_width
        for heading in self.headings.get(position, ()):
            title = wrap("━━ " + heading.title, max(self._layout_width - GUTTER - 2, 8))
            rows.extend((SESSION_TITLE, piece) for piece in title[:-1])
            rows.append((SESSION_RULE, title[-1]))
            for note in heading.notes:
                rows.extend((SESSION_NOTE, piece) for piece in wrap(note, width))
            for line in heading.context:
                rows.extend((SESSION_CONTEXT, piece) for piece in wrap(line, width))
            if heading.remark:
                rows.extend((SESSION_REMARK, piece) for piece in wrap(heading.remark, width))
            rows.append((SESSION_GAP, ""))
        return rows

    def _wrap(self, position: int, entry: UnitEntry) -> list[tuple[int, str]]:
        width = self._text_width
        rows = self._heading_rows(position)
        rows.append((HEADER, ""))
        for line in visible(entry.text).split("\n"):
            rows.extend((TEXT, piece) for piece in fold(line, width))
        if entry.played:
            rows.extend((PLAYED, piece) for piece in fold("▸ " + visible(entry.played), width))
        if entry.labels or entry.suggestions or entry.dismissed:
            rows.append((BADGES, ""))
        rows.append((BLANK, ""))
        if position == self.count - 1:
            rows += self._heading_rows(self.count)
        return rows

    def _block(self, position: int) -> list[tuple[int, str]]:
        """The rows of a block being drawn; only the last few hundred drawn are kept."""
        rows = self._rows.get(position)
        if rows is None:
            if len(self._rows) >= KEPT_BLOCKS:
                self._rows.clear()
            rows = self._rows[position] = self._wrap(position, self.entry(position))
        return rows

    def _lead(self, position: int) -> int:
        """Rows of session headings above the turn itself in its block."""
        for row, (kind, _) in enumerate(self._block(position)):
            if kind == HEADER:
                return row
        return 0

    def _estimate(self, position: int) -> int:
        text, extra = self.sketch_for(position)
        rows = 2 + estimate_rows(text, self._text_width) + extra
        if self.headings:
            places = (position, self.count) if position == self.count - 1 else (position,)
            for place in places:
                for heading in self.headings.get(place, ()):
                    rows += estimate_heading_rows(heading, self._text_width)
        return rows

    def _measure(self, position: int) -> int:
        """Make one block's height exact; returns how far it moved the blocks below it.

        Blocks measured in the background are not kept: holding 10,000 wrapped turns would
        make the garbage collector's full passes long enough to stall keys.
        """
        if self._heights.is_exact(position):
            return 0
        rows = self._rows.get(position)
        if rows is None:
            rows = self._wrap(position, self.entry_for(position))
        height = len(rows)
        return self._heights.set_exact(position, height)

    def _update_size(self) -> None:
        size = Size(self._layout_width, self._heights.height())
        if size != self.virtual_size:
            self.virtual_size = size

    def _relayout(self) -> None:
        """New width: every height becomes a guess again, exact only for what is on screen."""
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0 or width == self._layout_width:
            return
        self._layout_width = width
        self._rows = {}
        self._strip_cache = {}
        self._heights = BlockHeights([self._estimate(p) for p in range(self.count)])
        self._measure_view()
        self._start_refining()

    def _measure_view(self) -> None:
        """Exact heights for the blocks on screen and the cursor's, before they are drawn.

        Blocks above the first one shown are never touched here, so the lines already on
        screen stay where they are.
        """
        if not self.count or self._layout_width <= 0:
            return
        self._measure(self.cursor)
        for _ in range(8):
            top = self.scroll_offset.y
            first = self._heights.position_at(top)
            if first is None:
                first = self.count - 1
            moved = False
            position = first
            bottom = top + max(self.scrollable_content_region.height, 1)
            while position < self.count and self._heights.start(position) < bottom:
                moved = self._measure(position) != 0 or moved
                position += 1
            if not moved:
                break
        self._update_size()

    def _start_refining(self) -> None:
        if self._refiner is not None:
            self._refiner.stop()
            self._refiner = None
        if self._heights.next_inexact() is not None:
            self._refiner = self.set_interval(REFINE_EVERY, self._refine)

    def _refine(self) -> None:
        """Measure guessed blocks for a few milliseconds, keeping the screen's top line still."""
        top = self.scroll_offset.y
        anchor = self._heights.position_at(top)
        into = top - self._heights.start(anchor) if anchor is not None else 0
        deadline = perf_counter() + REFINE_BUDGET
        position = self._heights.next_inexact()
        while position is not None and perf_counter() < deadline:
            self._measure(position)
            position = self._heights.next_inexact(position + 1)
        self._refine_steps += 1
        if position is None or self._refine_steps % RESIZE_EVERY == 0:
            self._update_size()
        if anchor is not None:
            target = self._heights.start(anchor) + into
            if target != top:
                self.scroll_to(y=target, animate=False, immediate=True)
        if position is None and self._refiner is not None:
            self._refiner.stop()
            self._refiner = None

    @property
    def laid_out(self) -> bool:
        """Every block's height is exact (the scrollbar is true to the whole log)."""
        return self._layout_width > 0 and self._heights.next_inexact() is None

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self._measure_view()
        self.scroll_to_cursor()

    def on_mount(self) -> None:
        self._relayout()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._measure_view()

    def refresh_unit(self, position: int) -> None:
        """Redraw one unit after its annotations changed (its height may have changed)."""
        self._entries.pop(position, None)
        self._rows.pop(position, None)
        self._strip_cache = {}
        if self._layout_width > 0:
            self._heights.forget(position)
            self._measure(position)
            self._measure_view()
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------

    def block_region(self, position: int) -> Region:
        if self._layout_width <= 0:
            return Region(0, 0, 0, 0)
        self._measure(position)
        self._update_size()
        top = self._heights.start(position)
        return Region(0, top, self._layout_width, len(self._block(position)))

    def position_at(self, line: int) -> int | None:
        if self._layout_width <= 0:
            return None
        return self._heights.position_at(line)

    def is_heading(self, position: int, line: int) -> bool:
        """The line belongs to a session heading (not to a turn) in the block at `position`."""
        rows = self._block(position)
        row = line - self._heights.start(position)
        return 0 <= row < len(rows) and rows[row][0] in HEADING_KINDS

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        position = self.position_at(line)
        if position is None:
            return Strip.blank(width, self.rich_style)
        self.painted = True
        if not self._heights.is_exact(position) and not self._settle_pending:
            self._settle_pending = True
            self.call_after_refresh(self._settle)
        row = line - self._heights.start(position)
        if row >= len(self._block(position)):
            return Strip.blank(width, self.rich_style)
        key = (position, row, position == self.cursor)
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._draw(position, row, position == self.cursor)
            if len(self._strip_cache) > 2000:
                self._strip_cache.clear()
            self._strip_cache[key] = strip
        return strip.crop_extend(0, width, self.rich_style)

    def _settle(self) -> None:
        """A guessed block reached the screen without being measured first: measure, redraw."""
        self._settle_pending = False
        self._measure_view()
        self.refresh()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"conversation--{name}", partial=True)

    def _draw_heading(self, kind: int, text: str) -> Strip:
        """A session heading's row: never part of the cursor, whichever turn it sits above."""
        base = self.rich_style
        width = max(self._layout_width, 1)
        segments = [Segment(" " * GUTTER, base)]
        if kind in (SESSION_TITLE, SESSION_RULE):
            style = base + self._style("session")
            segments.append(Segment(text, style))
            fill = width - GUTTER - cell_len(text) - 1
            if kind == SESSION_RULE and fill > 0:
                segments.append(Segment(" " + "━" * fill, style))
        elif kind == SESSION_NOTE:
            segments += [
                Segment(" " * INDENT, base),
                Segment(text, base + self._style("session-note")),
            ]
        elif kind in (SESSION_CONTEXT, SESSION_REMARK):
            style = base + self._style("session-context")
            segments += [Segment(" " * INDENT, base), Segment(text, style)]
        return Strip(segments).adjust_cell_length(width, base)

    def _draw(self, position: int, row: int, selected: bool) -> Strip:
        kind, text = self._block(position)[row]
        if kind in HEADING_KINDS:
            return self._draw_heading(kind, text)
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
            for suggestion in entry.dismissed:
                segments += [
                    Segment(f"✗{visible(suggestion)}", base + self._style("dismissed")),
                    Segment(" ", base),
                ]
        else:
            segments.append(Segment("", base))
        width = max(self._layout_width, 1)
        return Strip(segments).adjust_cell_length(width, base)

    # -- cursor ----------------------------------------------------------------------------

    def select(self, position: int) -> None:
        """Move the cursor, keep it in view and tell the screen at once.

        A message would arrive after keys typed right behind the move: `j` then `p` opened
        the played word of the turn the cursor was leaving."""
        if not self.count:
            return
        position = max(0, min(position, self.count - 1))
        changed = position != self.cursor
        self.cursor = position
        self.scroll_to_cursor()
        self.refresh()
        if changed and self.on_cursor is not None:
            self.on_cursor(position)

    def scroll_to_cursor(self) -> None:
        """Show the cursor's block, with the heading above it when both fit on screen."""
        if self._layout_width <= 0:
            return
        region = self.block_region(self.cursor)
        lead = self._lead(self.cursor)
        if lead and region.height > max(self.scrollable_content_region.height, 1):
            region = Region(region.x, region.y + lead, region.width, region.height - lead)
        self.scroll_to_region(region, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.select(self.cursor + step)

    def action_jump_to(self, where: str) -> None:
        self.select(0 if where == "first" else self.count - 1)

    def action_session(self, step: int) -> None:
        """To the first turn of the next session, or of this one (then the one before).

        The session is about to be read from its start: its heading goes to the top of the
        screen when heading and turn fit there together.
        """
        if step > 0:
            later = [p for p in self.session_starts if p > self.cursor]
            target = later[0] if later else self.cursor
        else:
            earlier = [p for p in self.session_starts if p < self.cursor]
            target = earlier[-1] if earlier else 0
        self.select(target)
        if self._layout_width > 0 and self.count:
            region = self.block_region(self.cursor)
            if region.height <= self.scrollable_content_region.height:
                self.scroll_to(y=region.y, animate=False, immediate=True)

    def action_page(self, direction: int) -> None:
        """A screenful on from the cursor, the view following by as much.

        Paging from the screen's edge instead left the cursor on the bottom line after the
        first press, so every later press found the next turn there and moved by one.
        """
        if not self.count or self._layout_width <= 0:
            return
        page = max(self.scrollable_content_region.height, 1)
        start = self._heights.start(self.cursor) + self._lead(self.cursor)
        line = max(0, min(start + direction * page, self.virtual_size.height - 1))
        found = self.position_at(line)
        if found is None:
            found = self.count - 1 if direction > 0 else 0
        if found == self.cursor:  # a turn taller than the screen: on to its neighbour
            found = max(0, min(self.cursor + direction, self.count - 1))
        self.scroll_to(y=self.scroll_offset.y + direction * page, animate=False, immediate=True)
        self.select(found)

    def on_click(self, event: events.Click) -> None:
        line = self.scroll_offset.y + event.y
        position = self.position_at(line)
        if position is not None and not self.is_heading(position, line):
            self.focus()
            self.select(position)
