"""The licence each log's data is under: the LICENSE file nearest its raw file, with attribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiroku.project import Project

LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "COPYING")
ATTRIBUTION_NAMES = ("SOURCE.md", "NOTICE", "AUTHORS")
"""Files beside a licence that say where the data came from: copied with it."""
FOLDER = "licences"


@dataclass(frozen=True)
class Licence:
    """One licence file of the project and the attribution beside it."""

    path: Path
    folder: str
    """Where it sits, relative to the project root (`archive/mikan-phenomenon`, or `` for the root)."""
    name: str
    """The licence's first line, e.g. `MIT License`."""
    copyright: str | None
    attribution: tuple[Path, ...]

    @property
    def export_folder(self) -> str:
        return f"{FOLDER}/{self.folder}".rstrip("/")

    @property
    def export_file(self) -> str:
        return f"{self.export_folder}/{self.path.name}"

    def spdx(self) -> str:
        """The licence id Hugging Face's card metadata uses, or `other`."""
        return "mit" if self.name.strip().casefold() in ("mit license", "mit licence") else "other"

    def summary(self) -> str | None:
        """The attribution's opening paragraph (after its heading), to quote in the card."""
        for path in self.attribution:
            paragraphs = path.read_text(encoding="utf-8").strip().split("\n\n")
            body = [p for p in paragraphs if not p.lstrip().startswith("#")]
            if body:
                return " ".join(line.strip() for line in body[0].splitlines())
        return None


@dataclass
class LicenceBook:
    """Finds and remembers each folder's licence; `used` holds those the export's logs need."""

    project: Project
    used: dict[Path, Licence] = field(default_factory=dict)
    logs: dict[Path, int] = field(default_factory=dict)
    """How many of the export's logs each licence covers."""
    _by_folder: dict[Path, Licence | None] = field(default_factory=dict)
    _resolved: dict[str, tuple[Path, Path]] = field(default_factory=dict)
    """(root, folder) resolved, by the folder of a source path (every batch of a folder)."""

    def of(self, source_path: str) -> Licence | None:
        """The licence of the raw file `source_path` (relative to the root), if any is found."""
        parent = source_path.rpartition("/")[0]
        found = self._resolved.get(parent)
        if found is None:
            root = self.project.root.resolve()
            found = self._resolved[parent] = (root, (root / source_path).parent.resolve())
        root, folder = found
        licence = self._find(folder, root)
        if licence is not None:
            self.used[licence.path] = licence
            self.logs[licence.path] = self.logs.get(licence.path, 0) + 1
        return licence

    def _find(self, folder: Path, root: Path) -> Licence | None:
        if folder in self._by_folder:
            return self._by_folder[folder]
        found: Licence | None = None
        for name in LICENCE_NAMES:
            path = folder / name
            if path.is_file():
                found = _read(path, folder, root)
                break
        if found is None and folder != root and root in folder.parents:
            found = self._find(folder.parent, root)
        self._by_folder[folder] = found
        return found


def _read(path: Path, folder: Path, root: Path) -> Licence:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    holder = next((line for line in lines if line.casefold().startswith("copyright")), None)
    attribution = tuple(folder / n for n in ATTRIBUTION_NAMES if (folder / n).is_file())
    relative = folder.relative_to(root).as_posix() if folder != root else ""
    return Licence(path, relative, lines[0] if lines else path.name, holder, attribution)
