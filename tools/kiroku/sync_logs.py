"""`kiroku sync` as a library: re-parse each archived source into its logs, unless nothing it reads changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiroku.code_version import parser_version
from kiroku.file_stamps import stamps
from kiroku.keyed_store import chunked
from kiroku.project import Project
from kiroku.proofs import FactBook, LogFile, ProofBook, file_sha256, key_of, pipeline_version

if TYPE_CHECKING:
    from kiroku.export_items import IdBook
    from kiroku.schema import BatchLog, ChatLog

LOGS_FOLDER = "logs"
"""`Project.logs_dir` relative to the root, as a log's path is keyed."""
SIDECAR_SUFFIX = ".meta.yaml"
"""`kiroku.importers.base.SIDECAR_SUFFIX` (a test keeps them equal): importing the importers
costs more than a sync with nothing to do."""


@dataclass
class SyncReport:
    changed: list[tuple[str, Path]] = field(default_factory=list)
    """(`new` or `updated`, log path) of every log written."""
    sources: int = 0
    reused: int = 0
    """Sources whose logs were proved in sync by an earlier run (nothing they read changed)."""


@dataclass(frozen=True, slots=True)
class SyncedLog:
    """What sync needs of a log across the project (its facts' few fields, not the log)."""

    name: str
    id: str
    format: str
    source_path: str
    item: str | None
    synced: str

    @classmethod
    def of(cls, log: LogFile) -> SyncedLog:
        facts = log.facts
        return cls(
            log.path.name, facts.id, facts.format, facts.source_path, facts.item, facts.synced
        )


def _logs_by_source(logs: list[SyncedLog]) -> dict[str, list[SyncedLog]]:
    by_source: dict[str, list[SyncedLog]] = {}
    for log in logs:
        by_source.setdefault(log.source_path, []).append(log)
    return by_source


def _source_key(project: Project, source: str, logs: list[SyncedLog], book_key: str) -> str:
    """Everything re-parsing `source` into `logs` reads: the raw file and its sidecar, the
    importer's code, what sync compares in each log (not its annotations), and (for
    exports) the ids of every conversation."""
    raw = project.absolute(source)
    format_name = logs[0].format
    uses_items = any(log.item is not None for log in logs)
    return key_of(
        source,
        format_name,
        parser_version(format_name),
        file_sha256(raw, project),
        file_sha256(_sidecar(raw), project),
        sorted((f"{LOGS_FOLDER}/{log.name}", log.synced) for log in logs),
        book_key if uses_items else "",
    )


def _keyed_sources(
    project: Project, logs: list[SyncedLog], book_key: str, proofs: ProofBook
) -> Iterator[tuple[str, list[SyncedLog], str]]:
    """Each source with its logs and `_source_key`, 500 at a time with their files' stamps
    and their proofs read ahead (`KeyedStore.prefetch`)."""
    book = stamps(project.cache_dir)
    for chunk in chunked(_logs_by_source(logs).items()):
        raws = [project.absolute(source) for source, _ in chunk]
        book.prefetch([path for raw in raws for path in (raw, _sidecar(raw))])
        keys = [_source_key(project, source, found, book_key) for source, found in chunk]
        proofs.store.prefetch(keys)
        for (source, found), key in zip(chunk, keys, strict=True):
            yield source, found, key


def _sidecar(raw: Path) -> Path:
    return raw.with_name(raw.name + SIDECAR_SUFFIX)


def _id_book(logs: list[SyncedLog]) -> IdBook:
    """The project's ids (as `export_items.id_book`), from the logs' facts: no log is read."""
    from kiroku.export_items import IdBook

    book = IdBook()
    for log in logs:
        book.taken.add(log.id)
        if log.item is not None:
            book.by_item[(log.format, log.item)] = log.id
        else:
            book.by_path[log.source_path] = log.id
    return book


def _id_book_key(logs: list[SyncedLog]) -> str:
    """What the id of an export's conversation depends on: every log's id and item (a file
    of one log keeps the id of its own log, which its key holds already)."""
    return key_of(sorted((log.id, log.format, log.item or "") for log in logs))


def sync_project(
    project: Project, force: bool = False, report: Callable[[str, Path], None] | None = None
) -> SyncReport:
    """Re-parse every archived source into its logs, keeping annotations (`force`: drop those
    of turns that changed). A source is skipped when its raw file, sidecar, importer and logs
    are exactly those an earlier sync left in agreement. Raises on the first problem."""
    facts = FactBook(project)
    proofs = ProofBook(project, "sync", pipeline_version())
    facts.learn(project.log_paths())
    logs = [SyncedLog.of(facts.facts(path)) for path in facts.ahead(project.log_paths())]
    result = SyncReport()
    try:
        _sync_sources(project, logs, facts, proofs, force, result, report)
    finally:
        facts.save()
        proofs.save()
    return result


def _sync_sources(
    project: Project,
    logs: list[SyncedLog],
    facts: FactBook,
    proofs: ProofBook,
    force: bool,
    result: SyncReport,
    report: Callable[[str, Path], None] | None,
) -> None:
    book_key = _id_book_key(logs)
    book: IdBook | None = None
    for source, source_logs, key in _keyed_sources(project, logs, book_key, proofs):
        result.sources += 1
        if proofs.get(key) is not None:
            result.reused += 1
            continue
        from kiroku.ingest import apply, plan_import

        if book is None:
            book = _id_book(logs)
        items = {log.item for log in source_logs}

        def select(doc: ChatLog | BatchLog, items: set[str | None] = items) -> bool:
            """Only conversations that have a log: sync neither adds the ones left out by
            `--select` nor rolls back one a newer export has since updated."""
            return doc.source.item is None or doc.source.item in items

        plan = plan_import(
            project,
            [project.absolute(source)],
            source_logs[0].format,
            reimport=True,
            force=force,
            select=select,
            book=book,
        )
        apply(plan)
        written = {planned.path for planned in plan.logs}
        for planned in plan.logs:
            if planned.status != "unchanged":
                result.changed.append((planned.status, planned.path))
                if report is not None:
                    report(planned.status, planned.path)
        paths = written | {project.logs_dir / log.name for log in source_logs}
        after = [SyncedLog.of(facts.facts(path)) for path in sorted(paths)]
        after = [log for log in after if log.source_path == source]
        if after:
            proofs.put(_source_key(project, source, after, book_key))
