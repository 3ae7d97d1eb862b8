"""Messages the annotator's widgets and workers send upward."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message


@dataclass
class OpenLog(Message):
    """A person chose a log in the list."""

    path: Path


@dataclass
class SaveFinished(Message):
    """A background save ended; `error` is set when it failed, `conflict` when the file changed."""

    revision: int
    sha256: str | None = None
    error: str | None = None
    conflict: bool = False
