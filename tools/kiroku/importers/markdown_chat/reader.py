"""One walk over the blocks: the log's header, its sessions, their turns, the notes between."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiroku.errors import ParseError
from kiroku.importers.markdown_chat.blocks import (
    Block,
    inline_children,
    label_of,
    plain,
    wrapping_style,
)
from kiroku.importers.markdown_chat.dates import DATE_LABEL, parse_date, title_and_date
from kiroku.importers.markdown_chat.speakers import METADATA_LABELS, Speakers

SESSION_HEADING = re.compile(
    r"(session|game|round|match|part|セッション|ゲーム|対局|ラウンド|回戦|局)\s*\d|"
    r"第\s*\d+\s*[局回戦]|\d+\s*(回戦|局目)",
    re.IGNORECASE,
)
META_LINE = re.compile(
    r"^\s*(?P<label>date|日付|model|モデル)\s*[:：]\s*(?P<value>.*)$", re.IGNORECASE
)


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


def is_session_heading(block: Block) -> bool:
    return block.level == 1 or bool(
        SESSION_HEADING.search(block.text) or DATE_LABEL.search(block.text)
    )


def _notes_until_break(blocks: list[Block], position: int) -> bool:
    """True if only italic paragraphs stand between `position` and the next break or the end."""
    for block in blocks[position:]:
        if block.kind == "rule" or (block.kind == "heading" and is_session_heading(block)):
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
                if self.turn is None or is_session_heading(block):
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
        title, when = title_and_date(text, self.path, line + 1)
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
            label = label_of(line)
            if label is not None and self.speakers.role(label.name) == "meta":
                self._metadata(label.name, line[label.body_column :], number)
                continue
            meta = META_LINE.match(line)
            if meta:
                self._metadata(meta.group("label"), meta.group("value"), number)
                continue
            children = inline_children(line)
            if wrapping_style(children) == "bold":
                self._title(plain(children), number, strong=True)
                continue
            if line.strip():
                self._no_speaker(number)

    def _metadata(self, label: str, value: str, line: int) -> None:
        if METADATA_LABELS[label.casefold()] == "model":
            if not self.sessions:
                self.header.model = self.header.model or value.strip() or None
            return
        when = parse_date(value, self.path, line + 1)
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
