"""Importer for markdown chat logs as the researcher publishes them (work in progress)."""

from __future__ import annotations

from pathlib import Path

from kiroku.errors import ParseError
from kiroku.importers.base import Document, Importer, RawInput

NAME = "markdown-chat"


def sniff(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".md", ".markdown")


def parse(raw: RawInput) -> list[Document]:
    raise ParseError("markdown chat import is not written yet", raw.path)


IMPORTER = Importer(
    name=NAME,
    description="Markdown chat log: **Me:** / **Model:** turns, sessions split by --- or ##",
    sniff=sniff,
    parse=parse,
)
