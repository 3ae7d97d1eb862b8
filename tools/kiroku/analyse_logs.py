"""`kiroku analyse` as a library: analyse every log that this analysis has not seen as it is now."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiroku import jsonio
from kiroku.code_version import analysis_version
from kiroku.errors import StorageError
from kiroku.file_stamps import stamps
from kiroku.keyed_store import chunked
from kiroku.project import Project
from kiroku.proofs import ProofBook, key_of, pipeline_version


@dataclass
class AnalyseReport:
    changed: list[tuple[Path, int]] = field(default_factory=list)
    """(log path, its number of suggestions) of every log the analysis changed."""
    logs: int = 0
    reused: int = 0
    """Logs whose file this analysis version already found analysed."""


def _sha256(project: Project, path: Path) -> str:
    sha = stamps(project.cache_dir).sha256(path)
    if sha is None:
        try:
            path.read_bytes()
        except OSError as error:
            raise StorageError(f"cannot read: {error.strerror}", path) from None
        raise StorageError("cannot read: it changed while it was being read", path)
    return sha


NOT_READ = {"labels": True, "rejected": True}
"""What the analysis never reads of a turn or trial: a person's labels and rejections (a
test keeps this true). Saving a label therefore leaves a log analysed."""


def analysis_inputs(data: dict[str, Any]) -> str:
    """A proof key for everything the analysis reads of a document, given as its plain data
    (`to_data`, in any key order): all of it but `NOT_READ`.

    A log the analysis left unchanged (or wrote) has its key proved, so a log that differs
    from it only by labels is known analysed without running the analysis (nor starting
    pykakasi) again. Made from the data the load and the save hold already (sorted JSON of
    it), not from the document again."""
    read = dict(data)
    if "trials" in read:
        read["trials"] = [_read_of(trial) for trial in read["trials"]]
    if "sessions" in read:
        read["sessions"] = [
            {**session, "turns": [_read_of(turn) for turn in session.get("turns", [])]}
            for session in read["sessions"]
        ]
    return hashlib.sha256(b"inputs\0" + jsonio.encode_sorted(read)).hexdigest()


def _read_of(unit: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in unit.items() if key not in NOT_READ}


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
    now = now or datetime.now(UTC).replace(microsecond=0)
    proofs = ProofBook(project, "analyse", key_of(analysis_version(), pipeline_version()))
    result = AnalyseReport()
    pending: list[tuple[Path, str]] = []
    for path, sha, known in _proved(project, proofs):
        result.logs += 1
        if known is not None:
            if isinstance(known, str):
                proofs.get(known)  # its inputs' proof is kept too, for the next label
            result.reused += 1
            continue
        from kiroku import storage

        if storage.is_cached(path, sha):  # so valid when it was cached
            pending.append((path, sha))
        else:
            pending.append((path, storage.load(path).sha256))
    try:
        if pending:
            _analyse(pending, proofs, now, dry_run, result, report)
    finally:
        proofs.save()
        stamps(project.cache_dir).save()
    return result


def _proved(project: Project, proofs: ProofBook) -> Iterator[tuple[Path, str, Any]]:
    """Each log's path, file sha256 and the proof an earlier analysis left for it, 500 logs at
    a time with their stamps and proofs read ahead (`KeyedStore.prefetch`)."""
    book = stamps(project.cache_dir)
    for chunk in chunked(project.log_paths()):
        book.prefetch(chunk)
        shas = [_sha256(project, path) for path in chunk]
        proofs.store.prefetch(shas)
        known = [proofs.get(sha) for sha in shas]
        proofs.store.prefetch(value for value in known if isinstance(value, str))
        yield from zip(chunk, shas, known, strict=True)


def _analyse(
    pending: list[tuple[Path, str]],
    proofs: ProofBook,
    now: datetime,
    dry_run: bool,
    result: AnalyseReport,
    report: Callable[[Path, int], None] | None,
) -> None:
    from kiroku import storage
    from kiroku.analysis.suggest import annotate
    from kiroku.schema import to_data

    for path, sha in pending:
        loaded = storage.load(path)
        if loaded.sha256 != sha:
            raise StorageError("changed while it was being analysed; run it again", path)
        before = storage.remembered_data(path, sha)
        if before is None:  # compared as dicts: key order aside
            before = to_data(loaded.doc, units_ordered=False)
        inputs = analysis_inputs(before)
        if proofs.get(inputs) is not None:
            proofs.put(sha, inputs)  # only what the analysis does not read changed (a label)
            result.reused += 1
            continue
        new = annotate(loaded.doc, now, copy=False)  # the loaded document is not used again
        after = to_data(new, units_ordered=False)
        if after == before:
            proofs.put(sha, inputs)
            proofs.put(inputs)
            continue
        suggestions = sum(len(unit.suggestions) for unit in new.units())
        result.changed.append((path, suggestions))
        if report is not None:
            report(path, suggestions)
        if not dry_run:
            written = analysis_inputs(after)
            proofs.put(storage.save(new, path, expect_sha256=sha, doc_data=after), written)
            proofs.put(written)
