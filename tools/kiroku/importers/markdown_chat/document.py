"""A markdown chat log built into its `ChatLog`: model, title, experiment, date and id."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiroku.errors import ParseError
from kiroku.importers.base import RawInput, as_date, declared_fields, slugify
from kiroku.importers.markdown_chat.blocks import blocks
from kiroku.importers.markdown_chat.front_matter import declared_speakers, read_front_matter
from kiroku.importers.markdown_chat.reader import Reader
from kiroku.importers.markdown_chat.speakers import Speakers, model_family, model_from_title
from kiroku.schema import ChatLog

NAME = "markdown-chat"

SLUG_STOP_WORDS = frozenset(
    {"log", "logs", "chat", "transcript", "the", "a", "an", "with", "and", "in", "of", "on"}
)
JAPANESE_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def _bilingual(value: str) -> dict[str, str]:
    return {"ja": value} if JAPANESE_TEXT.search(value) else {"en": value}


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


def parse(raw: RawInput) -> list[ChatLog]:
    lines = raw.lines_text.split("\n")
    if not raw.lines_text.strip():
        raise ParseError("empty file", raw.path)
    front, offset = read_front_matter(lines, raw.path)
    metadata = {**raw.sidecar, **front}
    speakers = Speakers(declared_speakers(metadata, raw.path))
    reader = Reader(lines, raw.path, speakers)
    reader.read(blocks(lines, offset, speakers))
    if not reader.sessions:
        raise ParseError(
            "no turns found: a turn starts with **Me:** or **<Model>:**", raw.path, offset + 1
        )
    header = reader.header
    declared = declared_fields(metadata)
    model_name = header.model or model_from_title(header.title)
    model_name = model_name or next(
        (model_from_title(s.title) for s in reader.sessions if model_from_title(s.title)), None
    )
    model_turn = next(
        (t.name for s in reader.sessions for t in s.turns if t.speaker == "model"), None
    )
    if model_name is None and model_turn is not None and model_family(model_turn) is not None:
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
