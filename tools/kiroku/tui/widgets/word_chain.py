"""The strip above a chat's turns: the current game's played words, the cursor's one lit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from kiroku.tui.data.word_chain import ChainLink
from kiroku.tui.literal import visible

ARROW = " → "
MORE = "… "


def link_label(link: ChainLink) -> str:
    """`みかん`, or `みかん (→みかさ)` when the turn corrected itself."""
    first, *later = (visible(word) for word in link.words)
    return first + (f" (→{'→'.join(later)})" if later else "")


def current_link(links: Sequence[ChainLink], position: int) -> int | None:
    """The link of the turn at `position`, else of the last turn before it that played."""
    found = None
    for index, link in enumerate(links):
        if link.position > position:
            break
        found = index
    return found


def chain_line(
    links: Sequence[ChainLink], position: int, width: int, prefix: str, styles: dict[str, Style]
) -> Text:
    """One line of the chain that fits `width`, scrolled so the current word is always shown.

    `styles` names the look of `current`, `broken`, `user`, `model` and `muted` parts.
    """
    labels = [link_label(link) for link in links]
    current = current_link(links, position)
    focus = current if current is not None else 0
    start = 0
    budget = max(width * 2 // 3, 8)
    while start < focus and _cells(prefix, labels[start : focus + 1], start > 0) > budget:
        start += 1
    line = Text(prefix + " ", style=styles["muted"], no_wrap=True, overflow="ellipsis")
    if start:
        line.append(MORE, style=styles["muted"])
    for index in range(start, len(links)):
        piece = (ARROW if index > start else "") + labels[index]
        if cell_len(line.plain) + cell_len(piece) > width - 2 and index > focus:
            line.append(" …", style=styles["muted"])
            break
        if index > start:
            line.append(ARROW, style=styles["muted"])
        link = links[index]
        style = styles["broken"] if link.broken else styles[link.speaker]
        if index == current:
            style = style + styles["current"]
        line.append(labels[index], style=style)
        if link.broken:
            line.append("⚠", style=styles["broken"])
    return line


def _cells(prefix: str, labels: Sequence[str], cut: bool) -> int:
    return cell_len(prefix) + 1 + (cell_len(MORE) if cut else 0) + cell_len(ARROW.join(labels))


class WordChain(Widget):
    """Shows the game the cursor is in; each session of a chat is one game."""

    DEFAULT_CSS = """
    WordChain {
        height: 1;
        padding: 0 1;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "word-chain--current",
        "word-chain--broken",
        "word-chain--user",
        "word-chain--model",
        "word-chain--muted",
    }

    def __init__(
        self,
        chains: Sequence[Sequence[ChainLink]],
        session_starts: Sequence[int],
        prefixes: Sequence[str],
        *,
        id: str | None = None,
    ) -> None:
        """`chains[i]` is the game of the session starting at unit `session_starts[i]`,
        introduced by `prefixes[i]` (`出た言葉:` or `Game 2:`)."""
        super().__init__(id=id)
        self.chains = chains
        self.session_starts = session_starts
        self.prefixes = prefixes
        self.position = 0

    def show(self, position: int) -> None:
        self.position = position
        self.refresh()

    def _session(self) -> int:
        found = 0
        for index, start in enumerate(self.session_starts):
            if start <= self.position:
                found = index
        return found

    def render(self) -> Text:
        session = self._session()
        if session >= len(self.chains):
            return Text()
        styles = {
            name: self.get_component_rich_style(f"word-chain--{name}", partial=True)
            for name in ("current", "broken", "user", "model", "muted")
        }
        width = max(self.content_region.width, 10)
        return chain_line(
            self.chains[session], self.position, width, self.prefixes[session], styles
        )
