"""Writing document text into HTML so that it is shown literally, whatever it contains."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_LINE_BREAKS = {"\n", "\r", "\u2028", "\u2029"}

NEL_PLACEHOLDER = "&kiroku-nel;"
"""Stands for U+0085 (NEL) in generated markdown. Python's `str.splitlines()`, which MkDocs
plugins run over page sources, treats NEL as a line break, and as a character reference the
HTML parser would turn it into "…"; so it travels as this string (which `escape` never makes
from text: text's own `&` becomes `&amp;`) and `restore_nel` puts it back in the HTML."""


def escape(text: str) -> str:
    """Text as HTML character data, safe in element content and in quoted attributes.

    Transcript text never goes through markdown: it is written into raw HTML blocks, which
    markdown leaves alone as long as they are one line each. So line breaks, tabs and other
    control characters become character references (the browser turns them back into the same
    characters), and markdown's own placeholder characters (STX/ETX) cannot appear raw.
    C1 controls (U+0080..U+009F) stay raw: as references the HTML parser would remap them;
    NEL among them becomes `NEL_PLACEHOLDER`. A lone surrogate (a broken emoji in a JSON
    export, kept as is in the log) cannot be written in UTF-8 at all: it is shown as U+FFFD.
    """
    return _SPECIAL.sub(_reference, text)


_SPECIAL = re.compile("[&<>\"'\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]")
"""The characters `escape` writes otherwise; all other text is copied as it is (most text
has none, and a pass in Python over every character was most of a page's rendering)."""


def _reference(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    if char in _ENTITIES:
        return _ENTITIES[char]
    if char == "\x85":
        return NEL_PLACEHOLDER
    if 0xD800 <= code <= 0xDFFF:
        return REPLACEMENT
    return f"&#{code};"


def encodable(text: str) -> str:
    """Text that UTF-8 can encode: each lone surrogate becomes U+FFFD, as `escape` shows it."""
    return _SURROGATE.sub(REPLACEMENT, text)


def restore_nel(html: str) -> str:
    """Rendered HTML with NEL characters back where `escape` left placeholders."""
    return html.replace(NEL_PLACEHOLDER, "\x85")


def attrs(**values: str | None) -> str:
    """` name="value"` pairs, escaped; `class_` stands for `class`, `None` values are left out."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = name.rstrip("_").replace("_", "-")
        parts.append(f' {key}="{escape(value)}"')
    return "".join(parts)


_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})


def element(tag: str, content: str = "", **values: str | None) -> str:
    """`<tag ...>content</tag>`; `content` must already be HTML (escape text first)."""
    if tag in _VOID:
        return f"<{tag}{attrs(**values)}>"
    return f"<{tag}{attrs(**values)}>{content}</{tag}>"


def text_element(tag: str, text: str, **values: str | None) -> str:
    """An element holding `text` shown literally."""
    return element(tag, escape(text), **values)


PAGE_TITLE_ID = "title"


def titled_block(title: str, body: str, **values: str | None) -> str:
    """A generated page: its `<h1>` (`title` already HTML) first, outside any wrapper and with
    an id, which Material's search needs to take it for the page's title (otherwise it also
    took it for the first words of the page); then `body` in a `div`."""
    return block([element("h1", title, id=PAGE_TITLE_ID), element("div", body, **values)])


def block(parts: Iterable[str]) -> str:
    """A raw HTML block for a markdown page: one line, blank lines around it."""
    return "\n\n" + "".join(parts) + "\n\n"
