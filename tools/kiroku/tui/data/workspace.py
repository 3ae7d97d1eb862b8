"""The annotator's only door to the disk: list, load and save logs through `kiroku.storage`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiroku import storage
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
        return storage.load(path)

    def save(self, doc: Document, path: Path, expect_sha256: str | None) -> str:
        """Save atomically, merged into the file so hand-written comments survive.

        `expect_sha256=None` means "keep mine": the person chose to overwrite a changed file.
        """
        return storage.save(doc, path, expect_sha256=expect_sha256)

    def taxonomy(self) -> Taxonomy:
        return load_taxonomy(self.project.taxonomy_path)

    def relative(self, path: Path) -> str:
        try:
            return self.project.relative(path)
        except ValueError:
            return str(path)
