"""Document text rendered as the chat page showed it: markdown, with raw HTML and unsafe links off."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kiroku.site.html import NEL_PLACEHOLDER, REPLACEMENT

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
def rendered_markdown(text: str) -> str | None:
    """The HTML of `text` rendered as markdown, one line; None when the text holds no markdown
    (shown exactly as recorded, it looks the same). Cached: both languages show each text."""
    tokens = _MD.parse(text)
    if _is_plain(tokens):
        return None
    return _one_line(_render(tokens).strip("\n"))
