"""Document text rendered as the chat page showed it: markdown, with raw HTML and unsafe links off."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kiroku.site.html import NEL_PLACEHOLDER, REPLACEMENT, escape

SAFE_SCHEMES = ("http:", "https:", "mailto:")
"""The only links a transcript may carry onto the site: a `javascript:`, `data:` or `file:`
link, and a relative one (which would point into this site), stay plain text."""

_PLAIN_BLOCKS = frozenset({"paragraph_open", "paragraph_close", "inline"})
_PLAIN_INLINE = frozenset({"text", "softbreak"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HEADING_SHIFT = 3
"""A `# heading` in a turn is a heading inside that turn: h1 becomes h4, never above h6."""


def _safe_link(url: str) -> bool:
    candidate = url.strip().lower()
    return bool(_SCHEME.match(candidate)) and candidate.startswith(SAFE_SCHEMES)


def _parser() -> MarkdownIt:
    """CommonMark as the chat UIs render it: a line break is a line break, GFM tables and
    strikethrough; no raw HTML, no images (they would load from the network), no HTML
    entities' effect on what the original shows (the original is one click away)."""
    md = MarkdownIt(
        "commonmark", {"html": False, "xhtmlOut": False, "breaks": True, "linkify": False}
    )
    md.enable(["table", "strikethrough"])
    md.disable(["image", "html_inline", "html_block"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


_MD = _parser()

MARK = "k-m"
"""The element holding a markdown delimiter (`**`, `` ` ``) inside `marked_markdown`'s HTML:
hidden while the text is shown formatted, shown with the raw text (a short custom element,
inert like a `span`: a turn has many)."""

_INLINE_TAGS = {
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "em_open": "<em>",
    "em_close": "</em>",
    "s_open": "<s>",
    "s_close": "</s>",
}
_WHITESPACE = re.compile(r"\s*")


def _is_plain(tokens: list[Token]) -> bool:
    """The text has no markdown in it: only paragraphs of literal text, each inline exactly
    its source (no escapes, entities or emphasis), so the exact text shows the same."""
    for token in tokens:
        if token.type not in _PLAIN_BLOCKS:
            return False
        if token.type == "inline":
            children = token.children or []
            if any(child.type not in _PLAIN_INLINE for child in children):
                return False
            shown = "".join(child.content if child.type == "text" else "\n" for child in children)
            if shown != token.content:
                return False
    return True


_CONTROL = {code: f"&#{code};" for code in [*range(0x20), 0x7F, 0x2028, 0x2029]}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _one_line(html: str) -> str:
    """Rendered HTML written as `kiroku.site.html.escape` writes text: line breaks and control
    characters as references, NEL as its placeholder, lone surrogates as U+FFFD; markdown-it
    has already escaped `&`, `<`, `>` and `"`."""
    out = html.replace(">\n<", "><").translate(_CONTROL).replace("\x85", NEL_PLACEHOLDER)
    return _SURROGATE.sub(REPLACEMENT, out)


def _render(tokens: list[Token]) -> str:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + _HEADING_SHIFT, 6)
            token.tag = f"h{level}"
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "link_open":
                    child.attrSet("rel", "nofollow noopener noreferrer")
    return _MD.renderer.render(tokens, _MD.options, {})


@functools.lru_cache(maxsize=8192)
def _tokens(text: str) -> list[Token]:
    return _MD.parse(text)


class _Marked:
    """The exact text written piece by piece, checked against the source as it goes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.html: list[str] = []

    def take(self, piece: str, mark: bool, before: str = "") -> bool:
        """Write `piece` (a delimiter in a `MARK`, else text), after any whitespace markdown
        dropped before it (paragraph breaks, a line's leading spaces) and then `before` (an
        opening tag); False if the source does not go on with it."""
        if not self.text.startswith(piece, self.position):
            gap = _WHITESPACE.match(self.text, self.position)
            end = gap.end() if gap else self.position
            if end == self.position or not self.text.startswith(piece, end):
                return False
            self.html.append(escape(self.text[self.position : end]))
            self.position = end
        self.html.append(before)
        self.html.append(f"<{MARK}>{escape(piece)}</{MARK}>" if mark else escape(piece))
        self.position += len(piece)
        return True

    def finish(self) -> str | None:
        rest = self.text[self.position :]
        if rest.strip():
            return None
        return "".join(self.html) + escape(rest)


def marked_markdown(text: str) -> str | None:
    """Text whose markdown is only paragraphs and inline emphasis (bold, italics, strikes,
    code), as HTML holding the exact text once: the delimiters in `MARK` elements, the line
    breaks as written (for a `white-space: pre-wrap` block). Formatted, the marks are hidden;
    raw, they are shown and the emphasis undone, so the page need not carry the text twice.
    None for any other markdown, or when the pieces would not give back the text exactly."""
    if rendered_markdown(text) is None:
        return None
    marked = _Marked(text)
    for token in _tokens(text):
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type != "inline":
            return None
        for child in token.children or []:
            if child.type == "text":
                ok = marked.take(child.content, mark=False)
            elif child.type == "softbreak":
                ok = (
                    True  # the source's own line break is taken as whitespace before the next piece
                )
            elif child.type in _INLINE_TAGS:
                opening = child.type.endswith("_open")
                tag = _INLINE_TAGS[child.type]
                ok = marked.take(child.markup, mark=True, before=tag if opening else "")
                if not opening:
                    marked.html.append(tag)
            elif child.type == "code_inline":
                ok = (
                    marked.take(child.markup, mark=True, before="<code>")
                    and marked.take(child.content, mark=False)
                    and marked.take(child.markup, mark=True)
                )
                marked.html.append("</code>")
            else:
                return None
            if not ok:
                return None
    return marked.finish()


def plain_words(text: str) -> str:
    """The words of `text` as its rendering shows them, without markup: the text of every
    inline piece, a space for each line break and after each block. From the same (cached)
    parse as the page's rendering, so a search excerpt or a preview costs no second parse."""
    parts: list[str] = []
    for token in _tokens(text):
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type in ("text", "code_inline", "html_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        parts.append(" ")
    return "".join(parts)


@functools.lru_cache(maxsize=8192)
def rendered_markdown(text: str) -> str | None:
    """The HTML of `text` rendered as markdown, one line; None when the text holds no markdown
    (shown exactly as recorded, it looks the same). Cached: both languages show each text."""
    tokens = _tokens(text)
    if _is_plain(tokens):
        return None
    return _one_line(_render([token.copy() for token in tokens]).strip("\n"))
