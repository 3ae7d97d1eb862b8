"""The errors Kiroku reports to a person: each names the file and, where known, the line."""

from __future__ import annotations

from pathlib import Path


class KirokuError(Exception):
    """A problem a person must fix; `str()` gives `file:line: message`."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class ParseError(KirokuError):
    """A raw file that an importer cannot read."""


class StorageError(KirokuError):
    """A log file that cannot be loaded or saved."""


class ConflictError(StorageError):
    """The file changed on disk since it was loaded: saving would clobber someone's edit."""
