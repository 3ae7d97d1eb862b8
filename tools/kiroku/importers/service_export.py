"""What the ChatGPT and Claude export importers share: streaming conversations.json, ids, dates."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timezone
from pathlib import Path
from typing import IO, Any

import ijson

from kiroku.errors import ParseError
from kiroku.importers.base import RawInput, parse_offset, slugify

CONVERSATIONS = "conversations.json"
ZIP_MAGIC = b"PK\x03\x04"
SHIRITORI_WORDS = ("しりとり", "シリトリ", "尻取り", "shiritori")
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_LINE_SEARCH_LIMIT = 20_000_000
"""Below this size a broken export is re-read whole to name the line of the error."""


def is_zip(path: Path, head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC) or path.suffix.lower() == ".zip"


def _member(archive: zipfile.ZipFile, where: Path) -> zipfile.ZipInfo:
    """The `conversations.json` of an export zip (the shallowest one, if folders nest it)."""
    found = [
        info
        for info in archive.infolist()
        if info.filename.rsplit("/", 1)[-1] == CONVERSATIONS and not info.is_dir()
    ]
    if not found:
        raise ParseError(f"this zip has no {CONVERSATIONS}: is it a chat service export?", where)
    return min(found, key=lambda info: info.filename.count("/"))


@contextmanager
def open_conversations(raw: RawInput) -> Iterator[tuple[IO[bytes], Path]]:
    """A binary stream of the conversations JSON and a name for error messages.

    Reads through `raw.open()` rather than `raw.data`, so a zip member is inflated as it is
    read and nothing beyond the conversation being parsed is held in memory.
    """
    with raw.open() as source:
        if not is_zip(raw.path, source.read(4)):
            source.seek(0)
            yield source, raw.path
            return
        source.seek(0)
        try:
            archive = zipfile.ZipFile(source)
        except zipfile.BadZipFile as error:
            raise ParseError(f"broken zip file: {error}", raw.path) from None
        with archive:
            member = _member(archive, raw.path)
            with archive.open(member) as stream:
                yield stream, Path(f"{raw.path}!{member.filename}")


def _peek_start(stream: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The first non-blank byte and a stream that still yields everything after a BOM.

    Zip members cannot seek, so the bytes read to find it are given back by a wrapper.
    """
    head = stream.read(3).removeprefix(b"\xef\xbb\xbf")
    while not head.strip():
        more = stream.read(64)
        if not more:
            break
        head += more
    stripped = head.lstrip()
    return stripped[:1], io.BufferedReader(_Prefixed(head, stream))


class _Prefixed(io.RawIOBase):
    """A stream that first gives back bytes already read from another."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            size = min(len(buffer), len(self._prefix))
            buffer[:size] = self._prefix[:size]
            self._prefix = self._prefix[size:]
            return size
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _error_line(raw: RawInput, where: Path) -> int | None:
    """The line of a JSON syntax error, found by re-reading a small plain file whole."""
    if where != raw.path or raw.size > _LINE_SEARCH_LIMIT:
        return None
    try:
        json.loads(raw.text)
    except json.JSONDecodeError as error:
        return error.lineno
    except ParseError:
        return None
    return None


def iter_conversations(raw: RawInput) -> Iterator[tuple[int, dict[str, Any], Path]]:
    """Each conversation object of the export with its 1-based position, one at a time."""
    with open_conversations(raw) as (stream, where):
        first, stream = _peek_start(stream)
        position = 0
        try:
            if first != b"[":
                raise ParseError(f"{CONVERSATIONS} must be a JSON list of conversations", where, 1)
            for conversation in ijson.items(stream, "item", use_float=True):
                position += 1
                if not isinstance(conversation, dict):
                    raise ParseError(f"conversation {position} is not a JSON object", where)
                yield position, conversation, where
        except ijson.JSONError as error:
            reason = str(error).strip().split("\n", 1)[0]
            raise ParseError(
                f"invalid JSON in conversation {position + 1}: {reason}",
                where,
                _error_line(raw, where),
            ) from None
        if position == 0:
            raise ParseError("the export holds no conversations", where)


def first_keys(head: bytes) -> set[str]:
    """The keys of the first conversation that appear within `head` (a truncated export)."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    keys: set[str] = set()
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(head)):
            if prefix == "" and event != "start_array":
                return set()
            if prefix == "item" and event == "map_key":
                keys.add(str(value))
            elif (prefix, event) in (("", "end_array"), ("item", "end_map")):
                break
    except ijson.JSONError:
        pass
    return keys


def export_head(path: Path, head: bytes) -> bytes:
    """The first bytes of the conversations JSON: `head` itself, or read from inside the zip."""
    if not is_zip(path, head):
        return head
    try:
        with zipfile.ZipFile(path) as archive:
            member = _member(archive, path)
            with archive.open(member) as stream:
                return stream.read(len(head) or 4096)
    except (OSError, zipfile.BadZipFile, ParseError):
        return b""


def timezone_of(raw: RawInput) -> timezone:
    """The clock dates are shown in: the sidecar's `timezone`, else UTC as the export records."""
    value = raw.sidecar.get("timezone")
    return parse_offset(value, raw.path) if value is not None else UTC


def from_unix(value: Any, tz: timezone) -> datetime | None:
    """A Unix time as a date; None when it is missing or no date (NaN, year 10,000 and beyond),
    like an unreadable ISO date: a broken date is not a reason to refuse a conversation."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value, tz)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value: Any, tz: timezone) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(tz)


def bilingual_title(title: str) -> dict[str, str]:
    """A conversation title on the side of its language (titles are not translated here)."""
    return {"ja": title} if _JAPANESE.search(title) else {"en": title}


def mentions_shiritori(*texts: str | None) -> bool:
    return any(word in text.lower() for text in texts if text for word in SHIRITORI_WORDS)


def log_slug(service: str, model: str | None, title: str, day: str | None, item: str) -> str:
    """A readable id: service or model, then the title in ASCII, else the date, else the id."""
    lead = slugify(model) if model else service
    tail = slugify(title) if slugify(title) != "log" else ""
    if not tail:
        tail = day or slugify(item)[:12]
    return slugify(lead, tail)[:80].strip("-")


def unique(slug: str, used: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`... if an earlier conversation of the export has it."""
    candidate, number = slug, 1
    while candidate in used:
        number += 1
        candidate = f"{slug}-{number}"
    used.add(candidate)
    return candidate


def as_text(value: Any) -> str:
    """A field that should be text: non-text values (numbers, objects) become their JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def as_list(value: Any) -> list[Any]:
    """A field that should be a list; anything else counts as empty rather than crashing."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    """A field that should be an object; anything else counts as empty."""
    return value if isinstance(value, dict) else {}


def _first_user_line(turns: list[dict[str, Any]]) -> str:
    for turn in turns:
        if turn["speaker"] == "user" and turn["text"].strip():
            return str(turn["text"]).strip().split("\n", 1)[0][:60]
    return ""


def conversation_data(
    raw: RawInput,
    *,
    format_name: str,
    service: str,
    model: str | None,
    title: str,
    created: datetime | None,
    item: str,
    turns: list[dict[str, Any]],
    context: list[dict[str, Any]],
    used: set[str],
) -> dict[str, Any]:
    """The document fields of one exported conversation, the same for every service."""
    day = created.date() if created else None
    shown_title = title or _first_user_line(turns) or f"{service} conversation {day or item}"
    texts = [turn["text"] for turn in turns]
    data: dict[str, Any] = {
        "id": unique(
            log_slug(service.lower(), model, title, str(day) if day else None, item), used
        ),
        "experiment": "shiritori" if mentions_shiritori(title, *texts) else "conversation",
        "title": bilingual_title(shown_title),
        "model": {
            "name": f"{service} ({model})" if model else service,
            "id": model,
            "interface": "web",
        },
        "date": day,
        "source": raw.source_fields(format_name, item=item),
        "sessions": [{"index": 1, "date": day, "context": context, "turns": turns}],
    }
    if isinstance(raw.sidecar.get("tags"), list):
        data["tags"] = raw.sidecar["tags"]
    return data
