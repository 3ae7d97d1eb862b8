"""The table of importers: one module per raw format, each exposing `IMPORTER`."""

from __future__ import annotations

from pathlib import Path

from kiroku.errors import ParseError
from kiroku.importers import (
    chatgpt_export,
    claude_export,
    csv_batch,
    json_batch,
    markdown_chat,
    pasted_transcript,
)
from kiroku.importers.base import Importer, RawInput

IMPORTERS: tuple[Importer, ...] = (
    chatgpt_export.IMPORTER,
    claude_export.IMPORTER,
    csv_batch.IMPORTER,
    json_batch.IMPORTER,
    markdown_chat.IMPORTER,
    pasted_transcript.IMPORTER,
)

__all__ = ["IMPORTERS", "Importer", "RawInput", "detect", "get"]


def get(name: str) -> Importer:
    for importer in IMPORTERS:
        if importer.name == name:
            return importer
    names = ", ".join(i.name for i in IMPORTERS)
    raise ParseError(f"unknown format {name!r}; known formats: {names}")


def detect(path: Path, head: bytes) -> Importer:
    """The importer for a file, from its name and first bytes."""
    if not head.strip():
        raise ParseError("empty file", path)
    for importer in IMPORTERS:
        if importer.sniff(path, head):
            return importer
    names = ", ".join(i.name for i in IMPORTERS)
    raise ParseError(f"unknown format (not one of: {names}); pass --format to choose", path)
