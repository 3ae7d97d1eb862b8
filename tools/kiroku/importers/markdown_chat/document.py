"""A markdown chat log built into its `ChatLog`: model, title, experiment, date and id."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiroku.errors import ParseError
from kiroku.importers.base import SIDECAR_SUFFIX, RawInput, file_name_id, slugify
from kiroku.importers.markdown_chat.blocks import blocks
from kiroku.importers.markdown_chat.front_matter import (
    KNOWN_KEYS,
    FrontMatter,
    read_front_matter,
    validated,
)
from kiroku.importers.markdown_chat.reader import Reader, SessionDraft
from kiroku.importers.markdown_chat.speakers import Speakers, model_family, model_from_title
from kiroku.importers.service_export import bilingual_title
from kiroku.schema import ChatLog

NAME = "markdown-chat"

SLUG_STOP_WORDS = frozenset(
    {"log", "logs", "chat", "transcript", "the", "a", "an", "with", "and", "in", "of", "on"}
)


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


def _sidecar_declarations(raw: RawInput) -> FrontMatter:
    """What the sidecar `<file>.meta.yaml` declares, checked as the front matter is."""
    where = raw.path.with_name(raw.path.name + SIDECAR_SUFFIX)
    declared = {k: v for k, v in raw.sidecar.items() if k in KNOWN_KEYS}
    return validated(declared, where, lambda location: _key_line(where, str(location[0])))


def _key_line(path: Path, key: str) -> int | None:
    """The line of a top-level `key:` in a YAML file (the sidecar is loaded without positions)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^['\"]?{re.escape(key)}['\"]?\s*:")
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)


def _model_name(title: str | None, sessions: list[SessionDraft]) -> str | None:
    """The model the log names: in its title, a session's title, else the first model speaker."""
    named = model_from_title(title) or next(
        (model_from_title(s.title) for s in sessions if model_from_title(s.title)), None
    )
    if named is not None:
        return named
    speaker = next((t.name for s in sessions for t in s.turns if t.speaker == "model"), None)
    return speaker if speaker is not None and model_family(speaker) is not None else None


def parse(raw: RawInput) -> list[ChatLog]:
    lines = raw.lines_text.split("\n")
    if not raw.lines_text.strip():
        raise ParseError("empty file", raw.path)
    front = read_front_matter(lines, raw.path)
    declarations = front.known.over(_sidecar_declarations(raw))
    speakers = Speakers(declarations.speakers)
    reader = Reader(lines, raw.path, speakers)
    reader.read(blocks(lines, front.body_start, speakers))
    if not reader.sessions:
        raise ParseError(
            "no turns found: a turn starts with **Me:** or **<Model>:**",
            raw.path,
            front.body_start + 1,
        )
    header = reader.header
    declared = declarations.declared()
    model = declared.get("model")
    if model is None:
        model_name = header.model or _model_name(header.title, reader.sessions)
        if model_name is None:
            raise ParseError(
                "cannot tell which model this log is from: declare `model:` in the front matter",
                raw.path,
                1,
            )
        model = {"name": model_name, "interface": "web"}
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
        "title": bilingual_title(title),
        "date": when,
        "source": {**raw.source_fields(NAME), "front_matter": front.published},
        "sessions": [
            {
                "index": number,
                "title": bilingual_title(session.title) if session.title else None,
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
    if "id" not in declared:
        slug_title = data["title"].get("en") or data["title"].get("ja") or title
        data["id"] = file_name_id(raw.archive_path) or _log_id(
            model["name"], slug_title, data["experiment"], data["date"]
        )
    try:
        return [ChatLog.model_validate(data)]
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(first["loc"])
        key = ".".join(str(part) for part in location)
        raise ParseError(f"{key}: {first['msg']}", raw.path, front.line_of(location)) from None
