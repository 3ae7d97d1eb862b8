"""Importer for markdown chat logs as the researcher publishes them from chat web UIs."""

# The parts, in the order a log is read: `front_matter` (the YAML at the top), `blocks` (the
# markdown cut into rules, headings, paragraphs and speaker labels; `speakers` says who a label
# names), `reader` (one walk gathering sessions, turns and notes; `dates` as written) and
# `document` (the `ChatLog` built from what was read).

from __future__ import annotations

from pathlib import Path

from kiroku.importers.base import Document, Importer, RawInput
from kiroku.importers.markdown_chat import document
from kiroku.importers.markdown_chat.document import NAME

__all__ = ["IMPORTER", "NAME", "parse", "sniff"]


def sniff(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".md", ".markdown")


def parse(raw: RawInput) -> list[Document]:
    return list(document.parse(raw))


IMPORTER = Importer(
    name=NAME,
    description="Markdown chat log: **Me:** / **Model:** turns, sessions split by --- or ##",
    sniff=sniff,
    parse=parse,
)
