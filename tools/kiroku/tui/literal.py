"""Document text as literal terminal text: never markup, control characters made visible."""

from __future__ import annotations

import re

from rich.cells import cell_len, split_graphemes
from rich.style import Style
from rich.text import Text

TAB = "    "


def _visible_char(char: str) -> str:
    code = ord(char)
    if char == "\t":
        return TAB
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0 or 0xD800 <= code < 0xE000:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


_TABLE = {
    code: _visible_char(chr(code)) for code in [*range(0x20), *range(0x7F, 0xA0)] if code != 0x0A
}
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` with control characters shown as symbols (␛, ␀, \\x85), newlines kept.

    Escape sequences in a transcript must never reach the terminal: they would recolour or
    move the screen instead of showing what the model wrote.
    """
    shown = text.translate(_TABLE)
    if _SURROGATE.search(shown):
        shown = _SURROGATE.sub(lambda match: _visible_char(match.group()), shown)
    return shown


def literal(text: str, style: str | Style = "") -> Text:
    """A Rich Text of document text: square brackets stay brackets, nothing is interpreted."""
    return Text(visible(text), style=style)


def fold(line: str, width: int) -> list[str]:
    """Cut one line into pieces of at most `width` cells, preferring to break after a space.

    Nothing is dropped: the pieces joined give `line` back, so what is shown is what was said.
    Widths are Rich's own, grapheme by grapheme, so an emoji with a variation selector (🐿️)
    or a joined family is never split and each piece measures what Rich will draw.
    """
    width = max(width, 2)
    if cell_len(line) <= width:
        return [line]
    spans, _ = split_graphemes(line)
    pieces: list[str] = []
    start, used, after_space = 0, 0, -1
    index = 0
    while index < len(spans):
        begin, end, size = spans[index]
        if used + size > width and begin > start:
            cut = after_space if after_space > start else begin
            pieces.append(line[start:cut])
            start, used, after_space = cut, cell_len(line[cut:begin]), -1
            continue
        if line[begin:end] == " ":
            after_space = end
        used += size
        index += 1
    pieces.append(line[start:])
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """Visible `text` as display lines of at most `width` cells."""
    return [piece for line in visible(text).split("\n") for piece in fold(line, width)]
