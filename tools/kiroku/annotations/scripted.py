"""Annotation operations on a log file, for commands: open, pick units, edit, save atomically."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiroku import storage
from kiroku.annotations.editor import Change, LogEditor
from kiroku.annotations.units import position_of, session_number_range
from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.taxonomy import load_taxonomy


@dataclass
class OpenLog:
    """A log opened for editing by a command, with what it was loaded from."""

    project: Project
    loaded: storage.Loaded
    editor: LogEditor

    @classmethod
    def open(cls, project: Project, log_id: str) -> OpenLog:
        path = project.log_path(log_id)
        if not path.is_file():
            raise KirokuError(f"no log {log_id!r} in {project.relative(project.logs_dir)}/")
        loaded = storage.load(path)
        return cls(project, loaded, LogEditor(loaded.doc))

    def positions(self, anchors: Iterable[str], session: int | None = None) -> list[int]:
        """The units named (`s1-t8`, `trial-3`), else session `session`, else every unit."""
        named = [position_of(self.editor.doc, anchor) for anchor in anchors]
        if session is not None:
            span = session_number_range(self.editor.doc, session)
            named = [p for p in named if p in span] if named else list(span)
        elif not named:
            named = list(range(len(self.editor.units)))
        return sorted(set(named))

    def check_labels(self, label_ids: Iterable[str]) -> None:
        """Refuse a label id the taxonomy does not define (when there is a taxonomy)."""
        path = self.project.taxonomy_path
        if not path.exists():
            return
        known = load_taxonomy(path).ids()
        for label_id in label_ids:
            if label_id not in known:
                raise KirokuError(
                    f"unknown label {label_id!r}; labels are defined in "
                    f"{self.project.relative(path)}",
                    path,
                )

    def describe(self, change: Change | None) -> list[str]:
        """One line per unit a change touched, naming the unit."""
        if change is None:
            return []
        return [self.editor.anchors[p] for p in sorted(change.after)]

    def save(self) -> bool:
        """Write the edits, refusing if the file changed since it was opened; False if none."""
        if not self.editor.revision:
            return False
        storage.save(self.editor.doc, self.loaded.path, expect_sha256=self.loaded.sha256)
        return True
