"""The line above the footer naming the label on each number key, ✓ on those the unit has."""

from __future__ import annotations

from collections.abc import Mapping, Set

from rich.text import Text

from kiroku.tui.literal import literal


def label_keys_text(keys: Mapping[str, str], active: Set[str]) -> Text:
    """`1 ends-in-n  2 chain-broken  …`; the keys bold, a label the unit carries in green."""
    line = Text(no_wrap=True, overflow="ellipsis")
    for key, label_id in keys.items():
        if line.plain:
            line.append("  ")
        line.append(key, style="bold")
        on = label_id in active
        line.append_text(literal(f" {'✓' if on else ''}{label_id}", "green" if on else "dim"))
    return line
