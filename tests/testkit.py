"""Paths and helpers shared by tests: the repository, fixtures, the shared corpus, file snapshots."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from kiroku.importers.base import RawInput
from kiroku.project import Project

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = REPO.parent / "shared" / "corpus"
MIKAN = CORPUS / "mikan-phenomenon"
BLNS_PATH = CORPUS / "blns" / "blns.json"
SOAK = max(1, int(os.environ.get("KIROKU_SOAK", "1")))
"""How many times more fuzz examples and crash kills than CI runs: `KIROKU_SOAK=30` soaks."""


def soaked(count: int) -> int:
    return count * SOAK


def blns_strings() -> list[str]:
    """The 515 hostile strings of the shared corpus."""
    return json.loads(BLNS_PATH.read_text(encoding="utf-8"))


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to show that nothing changed."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".kiroku" not in p.parts
    }


def raw_input(path: Path, sidecar: dict | None = None) -> RawInput:
    """A raw file handed straight to an importer, as if archived under `archive/`."""
    data = path.read_bytes()
    return RawInput(
        path=path,
        archive_path=f"archive/{path.name}",
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        sidecar=sidecar or {},
    )


def real_project(folder: Path) -> Project:
    """A copy of the repository's archive and logs: the three real batches and the examples."""
    shutil.copytree(REPO / "archive", folder / "archive")
    shutil.copytree(REPO / "logs", folder / "logs")
    shutil.copyfile(REPO / "LICENSE", folder / "LICENSE")
    return Project(folder)


@dataclass
class RealArchive:
    project: Project
    scratch: pytest.TempPathFactory
    done: dict[str, Path] = field(default_factory=dict)

    def export(self, fmt: str) -> Path:
        """The folder of the archive's export in `fmt`, exported on first use."""
        if fmt not in self.done:
            self.done[fmt] = self.scratch.mktemp(f"export-{fmt}") / "dataset"
            from kiroku.dataset.export import export_archive

            export_archive(self.project, self.done[fmt], fmt)
        return self.done[fmt]
