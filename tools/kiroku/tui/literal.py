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


FORMAT_MARKS = {
    0x00AD: "SHY",
    0x061C: "ALM",
    0x180E: "MVS",
    0x200B: "ZWSP",
    0x200C: "ZWNJ",
    0x200D: "ZWJ",
    0x200E: "LRM",
    0x200F: "RLM",
    0x2028: "LSEP",
    0x2029: "PSEP",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2060: "WJ",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
    0xFEFF: "BOM",
}
"""Invisible characters that change how a terminal lays text out, by their usual short names.

Shown raw, a right-to-left override makes the terminal reverse what follows, and a soft
hyphen or zero-width space hides that two strings differ. Others of their kind (invisible
operators, interlinear annotation, deprecated format controls) show as `⟨U+2061⟩`.
"""
OTHER_FORMAT = [*range(0x2061, 0x2065), *range(0x206A, 0x2070), *range(0xFFF9, 0xFFFC)]


def _mark(code: int) -> str:
    return f"⟨{FORMAT_MARKS.get(code) or f'U+{code:04X}'}⟩"


_TABLE = {
    code: _visible_char(chr(code)) for code in [*range(0x20), *range(0x7F, 0xA0)] if code != 0x0A
}
_TABLE.update({code: _mark(code) for code in [*FORMAT_MARKS, *OTHER_FORMAT, 0xE0001]})
del _TABLE[0x200D]
_SURROGATE = re.compile("[\ud800-\udfff]")
_JOINER_OR_TAGS = re.compile("\u200d|[\U000e0020-\U000e007f]+")
"""A joiner, or a run of tag characters: invisible, but after 🏴 they spell a subdivision flag
(Scotland's is 🏴 and the tags `gbsct` with a cancel tag)."""
_EMOJI_MODIFIERS = frozenset(["\ufe0e", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400))])


def _pictographic(char: str) -> bool:
    """An emoji, roughly: enough to tell a joined family (👨‍👩‍👧) from a joiner in words."""
    code = ord(char)
    if 0x1F000 <= code < 0x1FB00 or 0x2600 <= code < 0x27C0 or 0x2B00 <= code < 0x2C00:
        return True
    return 0x2300 <= code < 0x2400 or code in (0x00A9, 0x00AE, 0x203C, 0x2049)


def _joiner_or_tags(match: re.Match[str]) -> str:
    """A joiner between two emoji, or tags after 🏴, belong to one picture: kept as they are."""
    text, start, end = match.string, match.start(), match.end()
    before = start - 1
    while before >= 0 and text[before] in _EMOJI_MODIFIERS:
        before -= 1
    after = text[end] if end < len(text) else ""
    if match.group() == "\u200d":
        if before >= 0 and _pictographic(text[before]) and after and _pictographic(after):
            return match.group()
        return _mark(0x200D)
    if before >= 0 and text[before] == "\U0001f3f4" and match.group().endswith("\U000e007f"):
        return match.group()
    return "".join(_mark(ord(char)) for char in match.group())


def visible(text: str) -> str:
    """`text` with control characters shown as symbols (␛, ␀, \\x85), newlines kept, and
    invisible format characters as marks (`⟨RLO⟩`, `⟨ZWJ⟩`, `⟨SHY⟩`).

    Escape sequences in a transcript must never reach the terminal: they would recolour or
    move the screen instead of showing what the model wrote. Emoji keep their joiners.
    """
    shown = text.translate(_TABLE)
    if _JOINER_OR_TAGS.search(shown):
        shown = _JOINER_OR_TAGS.sub(_joiner_or_tags, shown)
    if _SURROGATE.search(shown):
        shown = _SURROGATE.sub(lambda match: _visible_char(match.group()), shown)
    return shown


def literal(text: str, style: str | Style = "") -> Text:
    """A Rich Text of document text: square brackets stay brackets, nothing is interpreted."""
    return Text(visible(text), style=style)


def fold(line: str, width: int, breaks: str = " ") -> list[str]:
    """Cut one line into pieces of at most `width` cells, preferring to break after a space
    (or after any character of `breaks`: a label id breaks after its hyphens).

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
        if line[begin:end] in breaks:
            after_space = end
        used += size
        index += 1
    pieces.append(line[start:])
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """Visible `text` as display lines of at most `width` cells."""
    return [piece for line in visible(text).split("\n") for piece in fold(line, width)]
