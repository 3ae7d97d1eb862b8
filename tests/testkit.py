"""Paths and helpers shared by tests: the repository, fixtures, the shared corpus, file snapshots."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from kiroku.importers.base import RawInput

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
