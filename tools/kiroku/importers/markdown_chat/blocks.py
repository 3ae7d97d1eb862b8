"""The markdown cut into top-level blocks (rules, headings, paragraphs, speaker labels)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kiroku.importers.markdown_chat.speakers import Speakers

BlockKind = Literal["rule", "heading", "speaker", "paragraph", "comment", "other"]


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@cache
def _block_markdown() -> MarkdownIt:
    """Block structure only: inline markup is parsed later, just where Kiroku reads it."""
    return MarkdownIt("commonmark").enable("table").disable("inline")


@dataclass(frozen=True)
class SpeakerLabel:
    """A bold `**Name:**` at the start of a line, and where the text after it begins."""

    name: str
    body_column: int


@dataclass(frozen=True)
class Block:
    """One top-level markdown block (or part of a paragraph), located by 0-based source lines."""

    kind: BlockKind
    start: int
    end: int
    """Exclusive end line."""
    level: int = 0
    text: str = ""
    """Plain text of a heading or paragraph (markup dropped)."""
    style: Literal["bold", "italic", ""] = ""
    """A paragraph written wholly in bold or wholly in italics."""
    label: SpeakerLabel | None = None


def plain(children: list[Token]) -> str:
    """The visible text of inline tokens, as a title or note would be read aloud."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.children:
            parts.append(plain(child.children))
    return "".join(parts).strip()


def inline_children(source: str) -> list[Token]:
    """The inline tokens of one line or paragraph of markdown."""
    tokens = _markdown().parseInline(source)
    children = tokens[0].children if tokens and tokens[0].children else []
    return [c for c in children if not (c.type == "text" and c.content == "")]


def wrapping_style(children: list[Token]) -> Literal["bold", "italic", ""]:
    """`bold` or `italic` when one emphasis span covers the whole paragraph."""
    children = [c for c in children if not (c.type == "text" and c.content == "")]
    if len(children) < 3:
        return ""
    opening, closing = children[0].type, children[-1].type
    pairs = {("strong_open", "strong_close"): "bold", ("em_open", "em_close"): "italic"}
    style = pairs.get((opening, closing))
    if style is None:
        return ""
    depth = 0
    for position, child in enumerate(children):
        if child.type == opening:
            depth += 1
        elif child.type == closing:
            depth -= 1
            if depth == 0 and position != len(children) - 1:
                return ""
    return "bold" if style == "bold" else "italic"


def label_of(line: str) -> SpeakerLabel | None:
    """The `**Name:**` (or `**Name**:`) label opening a line, read from its inline tokens."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if indent > 3 or not stripped.startswith(("**", "__")):
        return None
    markup = stripped[:2]
    close = stripped.find(markup, len(markup))
    if close < 0:
        return None
    # Whether `**` opens or closes depends only on its neighbours, so the label and the one
    # character after it parse as they do in the whole line, at a fraction of the cost.
    children = inline_children(stripped[: close + len(markup) + 1])
    if (
        len(children) < 3
        or children[0].type != "strong_open"
        or children[1].type != "text"
        or children[2].type != "strong_close"
    ):
        return None
    label = children[1].content.strip()
    if stripped[len(markup) : close].strip() != label:
        return None
    rest = stripped[close + len(markup) :]
    if label.endswith((":", "：")):
        name = label[:-1].strip()
    elif rest.startswith((":", "：")):
        name, rest = label, rest[1:]
    else:
        return None
    if not name or len(name) > 60:
        return None
    body = rest.lstrip(" \t")
    return SpeakerLabel(name, len(line) - len(body))


def blocks(lines: list[str], offset: int, speakers: Speakers) -> list[Block]:
    """The top-level blocks of the markdown after the front matter, in source order."""
    tokens = _block_markdown().parse("\n".join(lines[offset:]))
    found: list[Block] = []
    for position, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        start, end = token.map[0] + offset, token.map[1] + offset
        if token.type == "hr":
            found.append(Block("rule", start, end))
        elif token.type == "paragraph_open":
            found.extend(_paragraph_blocks(lines, start, end, speakers))
        elif token.type == "heading_open" and token.markup == "-":
            # A paragraph directly above `---` is a setext heading to markdown; here it is a rule.
            found.extend(_paragraph_blocks(lines, start, end - 1, speakers))
            found.append(Block("rule", end - 1, end))
        elif token.type == "heading_open":
            level = 1 if token.markup == "=" else len(token.markup)
            text = plain(inline_children(tokens[position + 1].content))
            found.append(Block("heading", start, end, level=level, text=text))
        elif token.type == "html_block" and token.content.lstrip().startswith("<!--"):
            found.append(Block("comment", start, end))
        else:
            found.append(Block("other", start, end))
    return found


def _paragraph_blocks(lines: list[str], start: int, end: int, speakers: Speakers) -> list[Block]:
    """A paragraph, cut wherever a line opens with a speaker label (turns written line by line)."""
    labels: dict[int, SpeakerLabel] = {}
    for number in range(start, end):
        label = label_of(lines[number])
        if label is not None and speakers.role(label.name) in ("user", "model", None):
            labels[number] = label
    cuts = sorted({start, *labels})
    found: list[Block] = []
    for first, last in zip(cuts, [*cuts[1:], end], strict=True):
        if first in labels:
            found.append(Block("speaker", first, last, label=labels[first]))
            continue
        children = inline_children("\n".join(line.strip() for line in lines[first:last]))
        found.append(
            Block("paragraph", first, last, text=plain(children), style=wrapping_style(children))
        )
    return found
