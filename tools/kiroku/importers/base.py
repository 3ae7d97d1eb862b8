"""The one interface every importer implements, and what they share: raw input and sidecars."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import IO, Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kiroku.errors import ParseError
from kiroku.schema import BatchLog, ChatLog, is_slug
from kiroku.textio import decode, normalize_newlines

Document = ChatLog | BatchLog

SIDECAR_SUFFIX = ".meta.yaml"
CHUNK = 1 << 20
"""Bytes read at a time when a raw file is streamed."""


class RawInput:
    """A raw file handed to an importer: its bytes, where it lives in the archive, its sidecar.

    The bytes are read only when an importer asks for `data`: the export importers stream the
    file through `open()` instead, so a 50 MB export is never held whole in memory.
    """

    def __init__(
        self,
        path: Path,
        archive_path: str,
        data: bytes | None = None,
        sha256: str | None = None,
        sidecar: dict[str, Any] | None = None,
        sidecar_path: str | None = None,
        sidecar_sha256: str | None = None,
    ) -> None:
        self.path = path
        """Where the bytes are read from (the original file or its archive copy)."""
        self.archive_path = archive_path
        """Its path in the archive, relative to the project root (stored in `Source.path`)."""
        self._data = data
        self._sha256 = sha256
        self.sidecar: dict[str, Any] = sidecar if sidecar is not None else {}
        """Metadata from `<file>.meta.yaml` beside it: what the raw file itself does not say."""
        self.sidecar_path = sidecar_path
        self.sidecar_sha256 = sidecar_sha256

    def __repr__(self) -> str:
        return f"RawInput({str(self.path)!r}, {self.archive_path!r})"

    def open(self) -> IO[bytes]:
        """The bytes as a binary stream: the given bytes, else the file itself, read as needed."""
        if self._data is not None:
            return io.BytesIO(self._data)
        try:
            return self.path.open("rb")
        except OSError as error:
            raise ParseError(f"cannot read: {error.strerror}", self.path) from None

    @property
    def data(self) -> bytes:
        """All the bytes, read on first use (for formats that parse a file whole)."""
        if self._data is None:
            with self.open() as stream:
                self._data = stream.read()
        return self._data

    @property
    def size(self) -> int:
        if self._data is not None:
            return len(self._data)
        return self.path.stat().st_size

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            digest = hashlib.sha256()
            with self.open() as stream:
                for block in iter(lambda: stream.read(CHUNK), b""):
                    digest.update(block)
            self._sha256 = digest.hexdigest()
        return self._sha256

    def head(self, size: int = 4096) -> bytes:
        """The first bytes, which formats are recognised by."""
        if self._data is not None:
            return self._data[:size]
        with self.open() as stream:
            return stream.read(size)

    def is_blank(self) -> bool:
        """True if the file holds nothing but whitespace (read until the first other byte)."""
        with self.open() as stream:
            return all(not block.strip() for block in iter(lambda: stream.read(CHUNK), b""))

    @cached_property
    def text(self) -> str:
        """The decoded text with line endings as written."""
        return decode(self.data, self.path)

    @cached_property
    def lines_text(self) -> str:
        """The decoded text with CRLF/CR turned into LF."""
        return normalize_newlines(self.text)

    def source_fields(self, format_name: str, item: str | None = None) -> dict[str, Any]:
        return {
            "path": self.archive_path,
            "sha256": self.sha256,
            "format": format_name,
            "metadata": self.sidecar_path,
            "metadata_sha256": self.sidecar_sha256,
            "item": item,
        }


@dataclass(frozen=True)
class Importer:
    """One raw format: how to recognise it and how to parse it into documents."""

    name: str
    description: str
    sniff: Callable[[Path, bytes], bool]
    """True if a file with this name and these first bytes is in this format."""
    parse: Callable[[RawInput], list[Document]]
    iter_documents: Callable[[RawInput], Iterable[Document]] | None = None
    """The documents one at a time, for formats too large to hold whole (chat service exports)."""

    def documents(self, raw: RawInput) -> Iterable[Document]:
        return self.iter_documents(raw) if self.iter_documents else self.parse(raw)


def load_sidecar(path: Path) -> dict[str, Any]:
    """The metadata file `<raw>.meta.yaml`; errors name its line."""
    try:
        loaded = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as error:
        mark = error.problem_mark
        raise ParseError(
            f"invalid YAML: {error.problem}", path, mark.line + 1 if mark else None
        ) from None
    except (YAMLError, UnicodeDecodeError) as error:
        raise ParseError(f"invalid metadata file: {error}", path) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParseError("a metadata file must be a YAML mapping", path, 1)
    return loaded


def slugify(*parts: str) -> str:
    """A URL slug from free text: ASCII lowercase words joined by `-` (Japanese is dropped)."""
    text = "-".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:100].strip("-") or "log"


def file_name_id(archive_path: str) -> str | None:
    """The id a raw file's own name gives, if that name (without its extension) can be an id.

    A log published before it was archived is linked by its file's name
    (`claude-shiritori-2025-10-28.md` is `/logs/claude-shiritori-2025-10-28`), so that name is
    kept as its id. A name that is not a slug (`Log_1.md`, `クロード.md`) gives none.
    """
    stem = PurePosixPath(archive_path).stem
    return stem if is_slug(stem) else None


def parse_offset(value: str, where: Path, line: int | None = None) -> timezone:
    """A fixed UTC offset like `+09:00` (as sidecars declare the clock of naive timestamps)."""
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", str(value).strip())
    if not match:
        raise ParseError(f"timezone must be an offset like +09:00, not {value!r}", where, line)
    sign = 1 if match.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


def parse_timestamp(
    value: str, tz: timezone | None, where: Path, line: int | None
) -> datetime | None:
    """An ISO 8601 timestamp, given the sidecar's offset when it has none of its own."""
    value = value.strip()
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise ParseError(f"not an ISO 8601 timestamp: {value!r}", where, line) from None
    if stamp.tzinfo is None:
        if tz is None:
            raise ParseError(
                f"timestamp {value!r} has no offset and no `timezone` is declared in the "
                f"sidecar {where.name}{SIDECAR_SUFFIX}",
                where,
                line,
            )
        stamp = stamp.replace(tzinfo=tz)
    return stamp


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def build(model: type[Document], data: dict[str, Any], where: Path) -> Document:
    """Validate an importer's output; a schema error here is an error in the raw file or sidecar."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field_name = ".".join(str(p) for p in first["loc"])
        raise ParseError(f"{field_name}: {first['msg']}", where) from None


DOCUMENT_KEYS = ("id", "experiment", "title", "model", "date", "notes", "tags")
"""Document fields a sidecar (or a markdown front matter) may declare."""


def declared_fields(metadata: dict[str, Any]) -> dict[str, Any]:
    """The document fields that metadata declares; they win over what the importer guessed."""
    return {key: metadata[key] for key in DOCUMENT_KEYS if key in metadata}
