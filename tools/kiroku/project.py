"""Where a Kiroku project keeps its files: `archive/`, `logs/`, the taxonomy and the cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """A Kiroku project rooted at `root` (the folder holding `archive/` and `logs/`)."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project containing `start` (default: `$KIROKU_ROOT` or the current folder)."""
        env = os.environ.get("KIROKU_ROOT")
        here = (start or (Path(env) if env else Path.cwd())).resolve()
        for folder in (here, *here.parents):
            if (folder / "archive").is_dir() and (folder / "logs").is_dir():
                return cls(folder)
        return cls(here)

    @cached_property
    def archive_dir(self) -> Path:
        return self.root / "archive"

    @cached_property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @cached_property
    def taxonomy_path(self) -> Path:
        return self.logs_dir / "taxonomy.yaml"

    @cached_property
    def cache_dir(self) -> Path:
        return self.root / ".kiroku"

    def log_path(self, log_id: str) -> Path:
        return self.logs_dir / f"{log_id}.yaml"

    def log_paths(self) -> Iterator[Path]:
        """Every log document file (everything in `logs/` but the taxonomy)."""
        try:
            with os.scandir(self.logs_dir) as entries:
                names = sorted(entry.name for entry in entries if entry.name.endswith(".yaml"))
        except OSError:
            return
        folder = self.logs_dir
        for name in names:  # by name: the order of their paths, without comparing `Path`s
            if name != "taxonomy.yaml" and not name.startswith("."):
                yield folder / name

    @cached_property
    def resolved_root(self) -> Path:
        """`root` with its links resolved, looked up once (a step names each log it changed)."""
        return self.root.resolve()

    def relative(self, path: Path) -> str:
        """`path` relative to the root, POSIX style, as stored in documents."""
        return path.resolve().relative_to(self.resolved_root).as_posix()

    def absolute(self, relative: str) -> Path:
        return self.root / relative
