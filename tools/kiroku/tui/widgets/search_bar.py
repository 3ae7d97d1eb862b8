"""The search box of the open log: typing finds, Enter or ↓ the next match, ↑ the previous."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from kiroku.tui.widgets.text_boxes import TextBox


class SearchBar(TextBox):
    """Hidden until `/`; Esc hides it again and gives the keys back to the log."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "step(1)", "Next match", id="next_match", show=False),
        Binding("up", "step(-1)", "Previous match", id="previous_match", show=False),
        Binding("escape", "close", "Close search", id="close_search"),
    ]

    @dataclass
    class Step(Message):
        """Go to the next (1) or previous (-1) match of the query."""

        step: int

    class Closed(Message):
        """The search box was closed; the query stays for `>` and `<`."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Step(1))

    def action_step(self, step: int) -> None:
        self.post_message(self.Step(step))

    def action_close(self) -> None:
        self.post_message(self.Closed())
