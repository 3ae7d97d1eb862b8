"""`kiroku analyse` as a library: analyse every log that this analysis has not seen as it is now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiroku import storage
from kiroku.code_version import analysis_version
from kiroku.errors import StorageError
from kiroku.project import Project
from kiroku.proofs import ProofBook, key_of, pipeline_version


@dataclass
class AnalyseReport:
    changed: list[tuple[Path, int]] = field(default_factory=list)
    """(log path, its number of suggestions) of every log the analysis changed."""
    logs: int = 0
    reused: int = 0
    """Logs whose file this analysis version already found analysed."""


def _sha256(path: Path) -> str:
    try:
        return storage.sha256_bytes(path.read_bytes())
    except OSError as error:
        raise StorageError(f"cannot read: {error.strerror}", path) from None


def analyse_project(
    project: Project,
    dry_run: bool = False,
    now: datetime | None = None,
    report: Callable[[Path, int], None] | None = None,
) -> AnalyseReport:
    """Played words and rule suggestions into every shiritori log, one log in memory at a time.

    A log whose file (by sha256) this analysis version has analysed before is not read. Every
    other log is validated (or known valid from the cache) before anything is written, so a
    broken log stops the run first."""
    from kiroku.analysis.suggest import annotate
    from kiroku.schema import to_data

    now = now or datetime.now(UTC).replace(microsecond=0)
    proofs = ProofBook(project, "analyse", key_of(analysis_version(), pipeline_version()))
    result = AnalyseReport()
    pending: list[tuple[Path, str]] = []
    for path in project.log_paths():
        result.logs += 1
        sha = _sha256(path)
        if proofs.get(sha) is not None:
            result.reused += 1
        elif storage.is_cached(path, sha):
            pending.append((path, sha))
        else:
            pending.append((path, storage.load(path).sha256))
    try:
        for path, sha in pending:
            loaded = storage.load(path)
            if loaded.sha256 != sha:
                raise StorageError("changed while it was being analysed; run it again", path)
            new = annotate(loaded.doc, now)
            if to_data(new) == to_data(loaded.doc):
                proofs.put(sha)
                continue
            suggestions = sum(len(unit.suggestions) for unit in new.units())
            result.changed.append((path, suggestions))
            if report is not None:
                report(path, suggestions)
            if not dry_run:
                proofs.put(storage.save(new, path, expect_sha256=sha))
    finally:
        proofs.save()
    return result
