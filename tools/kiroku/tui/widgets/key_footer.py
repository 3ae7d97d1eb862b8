"""The footer of keys, leaving out whole the keys it has no room for instead of cutting one."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 110
"""Below this many columns the keys are packed closer (Textual's compact footer)."""


def key_width(key: FooterKey, compact: bool) -> int:
    """The cells `key` takes as Textual's footer draws it (`FooterKey.DEFAULT_CSS`): compact,
    `k desc` and a margin of one; otherwise ` k desc ` with a space before the key."""
    described = cell_len(key.key_display) + (
        cell_len(key.description) + 1 if key.description else 0
    )
    return described + 1 if compact else described + 2


class KeyFooter(Footer):
    """At 80 columns Textual's footer ended in half a key (`u Un`), the rest past the edge.

    The keys are shown in order while they fit and none after the first that would not:
    `?`, the first key, lists them all. Which keys fit is decided as the footer is composed
    (from the widths of their words), so no screen ever shows a key cut in half.
    """

    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__(show_command_palette=show_command_palette)
        self._composed_for = 0

    def compose(self) -> ComposeResult:
        width = self.size.width or self.app.size.width
        self._composed_for = width
        compact = width < NARROW
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        keys = list(super().compose())
        docked = [key for key in keys if key.has_class("-command-palette")]
        room = width - sum(
            key_width(key, compact) + 1 for key in docked if isinstance(key, FooterKey)
        )
        used, cut = 0, False
        for key in keys:
            if key in docked:
                continue
            if isinstance(key, FooterKey) and not cut:
                size = key_width(key, compact)
                cut = used + size - (1 if compact else 0) > room
                used += size
            if not cut:
                yield key
        yield from docked

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._composed_for and self._bindings_ready:
            self.call_after_refresh(self.recompose)
