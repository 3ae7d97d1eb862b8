"""Importer for markdown chat logs as the researcher publishes them from chat web UIs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kiroku.errors import ParseError
from kiroku.importers.base import (
    DOCUMENT_KEYS,
    Document,
    Importer,
    RawInput,
    as_date,
    declared_fields,
    slugify,
)
from kiroku.schema import ChatLog

NAME = "markdown-chat"

USER_NAMES = frozenset({"me", "user", "you", "human", "ユーザー", "私", "わたし", "自分"})
"""Speaker names that always mean the researcher."""

MODEL_FAMILIES = {
    "claude": "Claude",
    "gemini": "Gemini",
    "grok": "Grok",
    "chatgpt": "ChatGPT",
    "gpt": "GPT",
    "copilot": "Copilot",
    "bard": "Bard",
    "llama": "Llama",
    "mistral": "Mistral",
    "deepseek": "DeepSeek",
    "qwen": "Qwen",
    "perplexity": "Perplexity",
}
"""First words of speaker names known to be language models (case-insensitive)."""

GENERIC_MODEL_NAMES = frozenset({"assistant", "ai", "bot", "アシスタント"})
"""Speaker names that mean "the model" without saying which one."""

MODEL_VARIANT_WORDS = frozenset(
    {"sonnet", "opus", "haiku", "pro", "flash", "ultra", "mini", "turbo", "nano", "thinking"}
)
"""Words after a family name in a title that still belong to the model's name."""

METADATA_LABELS = {"date": "date", "日付": "date", "model": "model", "モデル": "model"}
"""Labels (`Date:`, `**Model:**`) that describe the log instead of starting a turn."""

SPEAKER_ROLES = ("user", "model", "text")
"""What front matter `speakers:` may map a name to; `text` marks a bold label inside a turn."""

FRONT_MATTER_KEYS = (*DOCUMENT_KEYS, "speakers")

SLUG_STOP_WORDS = frozenset(
    {"log", "logs", "chat", "transcript", "the", "a", "an", "with", "and", "in", "of", "on"}
)

SESSION_HEADING = re.compile(
    r"(session|game|round|match|part|セッション|ゲーム|対局|ラウンド|回戦|局)\s*\d|"
    r"第\s*\d+\s*[局回戦]|\d+\s*(回戦|局目)",
    re.IGNORECASE,
)
DATE_LABEL = re.compile(r"(?:^|[\s(（\[—–|:-])(?:date|日付)\s*[:：]\s*(?P<date>.+)$", re.IGNORECASE)
META_LINE = re.compile(
    r"^\s*(?P<label>date|日付|model|モデル)\s*[:：]\s*(?P<value>.*)$", re.IGNORECASE
)
TITLE_TRAILER = " \t—–-|:：,、(（[「"
DATE_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%Y/%m/%d")
JAPANESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
JAPANESE_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")

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


@dataclass
class TurnDraft:
    speaker: str
    name: str
    start: int
    body_column: int
    end: int


@dataclass
class SessionDraft:
    """A session being read; it only becomes a `Session` once a turn arrives."""

    title: str | None = None
    date: date | None = None
    notes: list[str] = field(default_factory=list)
    turns: list[TurnDraft] = field(default_factory=list)


@dataclass
class Header:
    """What the top of the log says about the whole document."""

    title: str | None = None
    date: date | None = None
    model: str | None = None


def sniff(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".md", ".markdown")


def _plain(children: list[Token]) -> str:
    """The visible text of inline tokens, as a title or note would be read aloud."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.children:
            parts.append(_plain(child.children))
    return "".join(parts).strip()


def _inline_children(source: str) -> list[Token]:
    tokens = _markdown().parseInline(source)
    children = tokens[0].children if tokens and tokens[0].children else []
    return [c for c in children if not (c.type == "text" and c.content == "")]


def _wrapping_style(children: list[Token]) -> Literal["bold", "italic", ""]:
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


def _label_of(line: str) -> SpeakerLabel | None:
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
    children = _inline_children(stripped[: close + len(markup) + 1])
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


class Speakers:
    """Who a label names: the researcher, a model, a bold label of the text, or metadata."""

    def __init__(self, declared: dict[str, str]):
        self.declared = {name.casefold(): role for name, role in declared.items()}

    def role(self, name: str) -> str | None:
        key = name.casefold()
        if key in self.declared:
            return self.declared[key]
        if key in METADATA_LABELS:
            return "meta"
        if key in USER_NAMES:
            return "user"
        if key in GENERIC_MODEL_NAMES or _model_family(name) is not None:
            return "model"
        return None


def _model_family(name: str) -> str | None:
    first = re.split(r"[^0-9a-z]+", name.casefold().strip())
    return MODEL_FAMILIES.get(first[0]) if first else None


def _blocks(lines: list[str], offset: int, speakers: Speakers) -> list[Block]:
    """The top-level blocks of the markdown after the front matter, in source order."""
    tokens = _block_markdown().parse("\n".join(lines[offset:]))
    blocks: list[Block] = []
    for position, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        start, end = token.map[0] + offset, token.map[1] + offset
        if token.type == "hr":
            blocks.append(Block("rule", start, end))
        elif token.type == "paragraph_open":
            blocks.extend(_paragraph_blocks(lines, start, end, speakers))
        elif token.type == "heading_open" and token.markup == "-":
            # A paragraph directly above `---` is a setext heading to markdown; here it is a rule.
            blocks.extend(_paragraph_blocks(lines, start, end - 1, speakers))
            blocks.append(Block("rule", end - 1, end))
        elif token.type == "heading_open":
            level = 1 if token.markup == "=" else len(token.markup)
            text = _plain(_inline_children(tokens[position + 1].content))
            blocks.append(Block("heading", start, end, level=level, text=text))
        elif token.type == "html_block" and token.content.lstrip().startswith("<!--"):
            blocks.append(Block("comment", start, end))
        else:
            blocks.append(Block("other", start, end))
    return blocks


def _paragraph_blocks(lines: list[str], start: int, end: int, speakers: Speakers) -> list[Block]:
    """A paragraph, cut wherever a line opens with a speaker label (turns written line by line)."""
    labels: dict[int, SpeakerLabel] = {}
    for number in range(start, end):
        label = _label_of(lines[number])
        if label is not None and speakers.role(label.name) in ("user", "model", None):
            labels[number] = label
    cuts = sorted({start, *labels})
    blocks: list[Block] = []
    for first, last in zip(cuts, [*cuts[1:], end], strict=True):
        if first in labels:
            blocks.append(Block("speaker", first, last, label=labels[first]))
            continue
        children = _inline_children("\n".join(line.strip() for line in lines[first:last]))
        blocks.append(
            Block("paragraph", first, last, text=_plain(children), style=_wrapping_style(children))
        )
    return blocks


def _parse_date(text: str, path: Path, line: int) -> date:
    cleaned = text.strip().rstrip(".)）] ")
    match = JAPANESE_DATE.search(cleaned)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    else:
        simple = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned.replace(",", " "))
        simple = " ".join(simple.replace(".", " ").split()) if "-" not in simple else simple
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(simple, fmt).date()
            except ValueError:
                continue
    raise ParseError(
        f"cannot read the date {text.strip()!r}: write it like November 25, 2025 or 2025-11-25",
        path,
        line,
    )


def _title_and_date(text: str, path: Path, line: int) -> tuple[str | None, date | None]:
    """A title such as `Game 2 — Date: October 29, 2025` split into its title and its date."""
    match = DATE_LABEL.search(text)
    if match is None:
        return (text.strip() or None), None
    title = text[: match.start("date")]
    title = re.sub(r"(?:date|日付)\s*[:：]\s*$", "", title, flags=re.IGNORECASE)
    return (title.strip(TITLE_TRAILER) or None), _parse_date(match.group("date"), path, line)


def _is_session_heading(block: Block) -> bool:
    return block.level == 1 or bool(
        SESSION_HEADING.search(block.text) or DATE_LABEL.search(block.text)
    )


def _notes_until_break(blocks: list[Block], position: int) -> bool:
    """True if only italic paragraphs stand between `position` and the next break or the end."""
    for block in blocks[position:]:
        if block.kind == "rule" or (block.kind == "heading" and _is_session_heading(block)):
            return True
        if not (block.kind == "paragraph" and block.style == "italic"):
            return False
    return True


def _note_text(lines: list[str], block: Block) -> str:
    """The note as written, without the italic markers around it."""
    source = "\n".join(lines[block.start : block.end]).strip()
    return source[1:-1].strip()


class Reader:
    """Walks the blocks once, gathering the header, sessions, turns and notes."""

    def __init__(self, lines: list[str], path: Path, speakers: Speakers):
        self.lines = lines
        self.path = path
        self.speakers = speakers
        self.header = Header()
        self.sessions: list[SessionDraft] = []
        self.pending = SessionDraft()
        self.turn: TurnDraft | None = None

    def read(self, blocks: list[Block]) -> None:
        for position, block in enumerate(blocks):
            if block.kind == "rule":
                self.turn = None
            elif block.kind == "heading":
                if self.turn is None or _is_session_heading(block):
                    self.turn = None
                    self._title(block.text, block.start, strong=block.level == 1)
                else:
                    self.turn.end = block.end
            elif block.kind == "speaker":
                self._start_turn(block)
            elif (
                block.kind == "paragraph"
                and block.style == "italic"
                and (self.turn is None or _notes_until_break(blocks, position))
            ):
                target = self.pending if self.turn is None else self.sessions[-1]
                target.notes.append(_note_text(self.lines, block))
            elif self.turn is not None:
                self.turn.end = block.end
            elif block.kind == "comment":
                continue
            elif block.kind == "paragraph":
                self._preamble(block)
            else:
                self._no_speaker(block.start)
        if self.sessions:
            self.sessions[-1].notes.extend(self.pending.notes)

    def _start_turn(self, block: Block) -> None:
        assert block.label is not None
        name = block.label.name
        role = self.speakers.role(name)
        if role is None:
            raise ParseError(
                f"unknown speaker {name!r}: declare it in the front matter, e.g. "
                f"`speakers: {{{name}: model}}` (or `{name}: text` if it is a bold label "
                "inside a turn)",
                self.path,
                block.start + 1,
            )
        if self.turn is None:
            self.sessions.append(self.pending)
            self.pending = SessionDraft()
        self.turn = TurnDraft(role, name, block.start, block.label.body_column, block.end)
        self.sessions[-1].turns.append(self.turn)

    def _title(self, text: str, line: int, strong: bool) -> None:
        title, when = _title_and_date(text, self.path, line + 1)
        if strong and not self.sessions and self.header.title is None:
            self.header.title = title
            self.header.date = self.header.date or when
            return
        self.pending.title = self.pending.title or title
        self.pending.date = self.pending.date or when

    def _preamble(self, block: Block) -> None:
        """Title, date and model lines before the first turn of a session; anything else is wrong."""
        if block.style == "bold":
            self._title(block.text, block.start, strong=True)
            return
        for number in range(block.start, block.end):
            line = self.lines[number]
            label = _label_of(line)
            if label is not None and self.speakers.role(label.name) == "meta":
                self._metadata(label.name, line[label.body_column :], number)
                continue
            meta = META_LINE.match(line)
            if meta:
                self._metadata(meta.group("label"), meta.group("value"), number)
                continue
            children = _inline_children(line)
            if _wrapping_style(children) == "bold":
                self._title(_plain(children), number, strong=True)
                continue
            if line.strip():
                self._no_speaker(number)

    def _metadata(self, label: str, value: str, line: int) -> None:
        if METADATA_LABELS[label.casefold()] == "model":
            if not self.sessions:
                self.header.model = self.header.model or value.strip() or None
            return
        when = _parse_date(value, self.path, line + 1)
        if not self.sessions and self.pending.title is None:
            self.header.date = self.header.date or when
        else:
            self.pending.date = self.pending.date or when

    def _no_speaker(self, line: int) -> None:
        raise ParseError(
            "text with no speaker: a turn must start with **Me:** or **<Model>:** "
            "(a note between sessions is written in italics)",
            self.path,
            line + 1,
        )

    def turn_text(self, turn: TurnDraft) -> str:
        """The exact source of the turn's body, without its label and surrounding blank lines."""
        body = [self.lines[turn.start][turn.body_column :], *self.lines[turn.start + 1 : turn.end]]
        while body and not body[0].strip(" \t"):
            body.pop(0)
        while body and not body[-1].strip(" \t"):
            body.pop()
        return "\n".join(body)


def _front_matter(lines: list[str], path: Path) -> tuple[dict[str, Any], int]:
    """The YAML between `---` lines at the very top, and the line where the markdown starts.

    A `---` at the top that is not followed by a `key:` line is a rule before the first
    session, not front matter.
    """
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    if len(lines) < 2 or not re.match(r"^[a-z_]+\s*:", lines[1]):
        return {}, 0
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            break
    else:
        raise ParseError("front matter opened here is never closed with ---", path, 1)
    try:
        loaded: Any = YAML(typ="rt", pure=True).load("\n".join(lines[1:number]))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1
        raise ParseError(f"invalid front matter: {error.problem or error}", path, line) from None
    except YAMLError as error:
        raise ParseError(f"invalid front matter: {error}", path, 1) from None
    if not isinstance(loaded, dict):
        raise ParseError("front matter must be a YAML mapping", path, 2)
    key_lines = {key: loaded.lc.key(key)[0] + 2 for key in loaded}  # type: ignore[attr-defined]
    for key in loaded:
        if key not in FRONT_MATTER_KEYS:
            raise ParseError(
                f"unknown front matter key {key!r} (known: {', '.join(FRONT_MATTER_KEYS)})",
                path,
                key_lines[key],
            )
    front = _plain_data(loaded)
    front["_lines"] = key_lines
    return front, number + 1


def _plain_data(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value


def _declared_speakers(front: dict[str, Any], path: Path) -> dict[str, str]:
    speakers = front.get("speakers", {}) or {}
    line = front.get("_lines", {}).get("speakers")
    if not isinstance(speakers, dict):
        raise ParseError("`speakers` must map names to user, model or text", path, line)
    for name, role in speakers.items():
        if role not in SPEAKER_ROLES:
            raise ParseError(
                f"speaker {name!r} must be one of {', '.join(SPEAKER_ROLES)}, not {role!r}",
                path,
                line,
            )
    return {str(name): str(role) for name, role in speakers.items()}


def _bilingual(value: str) -> dict[str, str]:
    return {"ja": value} if JAPANESE_TEXT.search(value) else {"en": value}


def _model_from_title(title: str | None) -> str | None:
    if not title:
        return None
    words = title.replace("：", " ").split()
    for position, word in enumerate(words):
        if _model_family(word.strip(":,()（）「」")) is None:
            continue
        taken = [word.strip(":,()（）「」")]
        for following in words[position + 1 :]:
            following = following.strip(":,()（）「」")
            if following.casefold() in MODEL_VARIANT_WORDS or re.fullmatch(
                r"[0-9][0-9.]*[a-z]?", following
            ):
                taken.append(following)
            else:
                break
        return " ".join(taken)
    return None


def _log_id(model: str, title: str | None, experiment: str, when: date | None) -> str:
    model_words = {w.casefold() for w in re.findall(r"[A-Za-z0-9]+", model)}
    title_words = [
        w
        for w in re.findall(r"[A-Za-z0-9]+", title or "")
        if w.casefold() not in model_words and w.casefold() not in SLUG_STOP_WORDS
    ]
    if not title_words:
        title_words = [experiment]
    return slugify(model, *title_words, when.isoformat() if when else "")


def _validation_error(error: ValidationError, front: dict[str, Any], path: Path) -> ParseError:
    first = error.errors()[0]
    location = ".".join(str(p) for p in first["loc"])
    line = front.get("_lines", {}).get(str(first["loc"][0])) if first["loc"] else None
    return ParseError(f"{location}: {first['msg']}", path, line)


def parse(raw: RawInput) -> list[Document]:
    lines = raw.lines_text.split("\n")
    if not raw.lines_text.strip():
        raise ParseError("empty file", raw.path)
    front, offset = _front_matter(lines, raw.path)
    metadata = {**raw.sidecar, **front}
    speakers = Speakers(_declared_speakers(metadata, raw.path))
    reader = Reader(lines, raw.path, speakers)
    reader.read(_blocks(lines, offset, speakers))
    if not reader.sessions:
        raise ParseError(
            "no turns found: a turn starts with **Me:** or **<Model>:**", raw.path, offset + 1
        )
    header = reader.header
    declared = declared_fields(metadata)
    model_name = header.model or _model_from_title(header.title)
    model_name = model_name or next(
        (_model_from_title(s.title) for s in reader.sessions if _model_from_title(s.title)), None
    )
    model_turn = next(
        (t.name for s in reader.sessions for t in s.turns if t.speaker == "model"), None
    )
    if model_name is None and model_turn is not None and _model_family(model_turn) is not None:
        model_name = model_turn
    model = declared.get("model")
    if isinstance(model, str):
        model = {"name": model}
    if isinstance(model, dict):
        model = {"interface": "web", **model}
    elif model_name is not None:
        model = {"name": model_name, "interface": "web"}
    else:
        raise ParseError(
            "cannot tell which model this log is from: declare `model:` in the front matter",
            raw.path,
            1,
        )
    title = header.title or raw.path.stem.replace("_", " ").replace("-", " ")
    mentions = f"{title}\n{raw.lines_text}".casefold()
    experiment = (
        "shiritori"
        if any(word in mentions for word in ("しりとり", "shiritori", "シリトリ"))
        else "conversation"
    )
    when = header.date or next((s.date for s in reader.sessions if s.date), None)
    data: dict[str, Any] = {
        "experiment": experiment,
        "title": _bilingual(title),
        "date": when,
        "source": raw.source_fields(NAME),
        "sessions": [
            {
                "index": number,
                "title": _bilingual(session.title) if session.title else None,
                "date": session.date,
                "notes": session.notes,
                "turns": [
                    {
                        "index": position,
                        "speaker": turn.speaker,
                        "name": turn.name,
                        "text": reader.turn_text(turn),
                    }
                    for position, turn in enumerate(session.turns, 1)
                ],
            }
            for number, session in enumerate(reader.sessions, 1)
        ],
    }
    data.update(declared)
    data["model"] = model
    for key in ("title", "notes"):
        if isinstance(data.get(key), str):
            data[key] = _bilingual(data[key])
    try:
        data["date"] = as_date(data.get("date"))
    except ValueError:
        raise ParseError(
            f"date must be YYYY-MM-DD, not {data['date']!r}",
            raw.path,
            front.get("_lines", {}).get("date"),
        ) from None
    if "id" not in declared:
        slug_title = data["title"].get("en") or data["title"].get("ja") or title
        data["id"] = _log_id(model["name"], slug_title, data["experiment"], data["date"])
    try:
        return [ChatLog.model_validate(data)]
    except ValidationError as error:
        raise _validation_error(error, front, raw.path) from None


IMPORTER = Importer(
    name=NAME,
    description="Markdown chat log: **Me:** / **Model:** turns, sessions split by --- or ##",
    sniff=sniff,
    parse=parse,
)
