"""The annotator's only door to the disk: list, load and save logs through `kiroku.storage`."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from kiroku import storage
from kiroku.annotations import recovery
from kiroku.annotations.merge import States
from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.taxonomy import Taxonomy, load_taxonomy
from kiroku.tui.data.summary import LogSummary, summarize
from kiroku.tui.data.units import Document


@dataclass
class Listing:
    """Every log that loaded, and a one-line problem for each that did not."""

    summaries: list[LogSummary] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Workspace:
    """A project as the annotator sees it."""

    project: Project

    def list_logs(self) -> Listing:
        listing = Listing()
        for path in self.project.log_paths():
            try:
                loaded = storage.load(path)
            except KirokuError as error:
                listing.problems.append(str(error))
                continue
            listing.summaries.append(summarize(loaded.doc, path))
        return listing

    def open(self, path: Path) -> storage.Loaded:
        """The log, loaded; what the process holds so far is then left out of the cyclic
        garbage collector's passes (`gc.freeze`).

        A 10,000-turn log is some millions of objects that live as long as the log is open;
        each full collection while the app builds its first screen walked them all (about
        half of the time to open it). Reference counting still frees them when the log is
        closed (a document's models refer to one another as a tree, not in cycles)."""
        loaded = storage.load(path)
        gc.freeze()
        return loaded

    def save(self, doc: Document, path: Path, expect_sha256: str | None) -> str:
        """Save atomically, merged into the file so hand-written comments survive; a
        `ConflictError` if the file is no longer the one with `expect_sha256`."""
        return storage.save(doc, path, expect_sha256=expect_sha256)

    def keep_recovery(self, path: Path, base_sha256: str | None, base: States, mine: States) -> str:
        """Keep unsaved edits in the cache folder; the recovery file's name, for messages."""
        return self.relative(recovery.write_recovery(self.project, path, base_sha256, base, mine))

    def recovery(self, path: Path) -> recovery.Recovery | None:
        return recovery.read_recovery(self.project, path)

    def recovery_name(self, path: Path) -> str:
        return self.relative(recovery.recovery_path(self.project, path))

    def discard_recovery(self, path: Path) -> None:
        recovery.discard_recovery(self.project, path)

    def taxonomy(self) -> Taxonomy:
        return load_taxonomy(self.project.taxonomy_path)

    def describe(self, error: KirokuError) -> str:
        """`file:line: message` with the file relative to the project, as a person reads it."""
        if error.path is None:
            return error.message
        line = f":{error.line}" if error.line is not None else ""
        return f"{self.relative(error.path)}{line}: {error.message}"

    def relative(self, path: Path) -> str:
        try:
            return self.project.relative(path)
        except ValueError:
            return str(path)
