"""Exporting the archive log by log into tidy tables, a dataset card and the licences."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Protocol

from kiroku import storage
from kiroku.analysis.stats import (
    BatchFigures,
    LabelCount,
    PairFinder,
    batch_figures,
    fisher_test,
    label_counts,
    merged_label_counts,
)
from kiroku.dataset.arrow import pa
from kiroku.dataset.card import MARK, dataset_card
from kiroku.dataset.licences import LicenceBook
from kiroku.dataset.rows import (
    Row,
    annotation_rows,
    batch_study_rows,
    condition_row,
    log_row,
    summary_rows,
    unit_rows,
)
from kiroku.dataset.selection import LogFilter
from kiroku.dataset.tables import TABLES
from kiroku.dataset.writers import FORMATS, TableWriter
from kiroku.errors import KirokuError
from kiroku.keyed_store import chunked
from kiroku.project import Project
from kiroku.schema import BatchLog, LogDocument

CARD = "README.md"
PROJECT_FOLDERS = ("archive", "logs", "docs", "docs-gen", "tools", "tests", ".kiroku")


@dataclass(frozen=True)
class Provenance:
    """How the export was produced: Kiroku's version, the archive's commit, the options given."""

    kiroku: str
    commit: str | None
    uncommitted: bool
    options: tuple[str, ...]


@dataclass
class ExportResult:
    """What was written: the folder, each table's row count, the logs and licences it holds."""

    folder: Path
    fmt: str
    rows: dict[str, int] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)

    def files(self) -> list[str]:
        return sorted(
            p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*") if p.is_file()
        )


def archive_commit(root: Path) -> tuple[str | None, bool]:
    """The git commit the project is at, and whether `logs/` or `archive/` differ from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "logs", "archive"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None, False
    return head or None, bool(status.strip())


def kiroku_version() -> str:
    try:
        return metadata.version("kiroku")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class LogSource:
    """A log to export: its id and file's sha256 now, its document when it must be read."""

    log_id: str
    sha256: str
    read: Callable[[], LogDocument]


@dataclass
class LogTables:
    """One log's rows in each per-log table (plain rows, or typed batches from a cache), and
    what the study tables and the card need of it."""

    log_id: str
    source_path: str
    rows: dict[str, list[Row] | pa.RecordBatch]
    labels: list[LabelCount]
    batch: BatchLog | None = None
    """The document, for a batch whose figures are not known yet."""


FiguresOf = Callable[[LogSource, Callable[[], BatchLog]], BatchFigures]
"""A batch's study figures; the site passes its cache of them."""


class TablesCache(Protocol):
    """Keeps each log's typed tables between exports (the site's builds)."""

    def get(self, source: LogSource) -> LogTables | None: ...

    def put(self, source: LogSource, tables: LogTables) -> None: ...


@dataclass(frozen=True)
class LogParts:
    """What the cache knows of one log's tables without reading them: a digest of its rows in
    each per-log table, and what the study tables and the card need of it."""

    log_id: str
    source_path: str
    digests: dict[str, str]
    """Per-log table name → a digest of the log's rows in it."""
    labels: list[LabelCount]
    batch: bool
    """It has a row in `conditions` (a trial batch: it has study figures)."""


class PartsCache(TablesCache, Protocol):
    """A tables cache that also tells each log's rows apart without reading them."""

    def parts(self, source: LogSource) -> LogParts | None: ...

    def prefetch(self, sources: Sequence[LogSource]) -> None:
        """Read ahead what `parts` will be asked of `sources` (a few queries, not one each)."""
        ...

    def rows_of(self, source: LogSource, names: set[str]) -> dict[str, pa.RecordBatch] | None:
        """The log's rows in the per-log tables `names` only, from the cache."""
        ...


class MembersCache(Protocol):
    """Keeps each written table file between exports, by a digest of all its rows."""

    def get(self, key: str) -> tuple[bytes, int] | None:
        """The file's bytes and its number of rows."""
        ...

    def put(self, key: str, data: bytes, rows: int) -> None: ...


def log_tables(doc: LogDocument, licences: LicenceBook, site_url: str | None) -> LogTables:
    """Every per-log table's rows for `doc`."""
    from kiroku.site.cite import permanent_url

    licence = licences.of(doc.source.path)
    url = permanent_url(site_url, doc) if site_url else None
    rows: dict[str, list[Row] | pa.RecordBatch] = {
        "logs": [
            log_row(
                doc,
                licence.name if licence else None,
                licence.export_file if licence else None,
                url,
            )
        ],
        "units": list(unit_rows(doc, url)),
        "annotations": list(annotation_rows(doc)),
        "conditions": [condition_row(doc)] if isinstance(doc, BatchLog) else [],
    }
    batch = doc if isinstance(doc, BatchLog) else None
    return LogTables(doc.id, doc.source.path, rows, label_counts([doc]), batch)


def _sources(project: Project, selection: LogFilter) -> Iterator[LogSource]:
    """The selected logs, one at a time, in the order of their ids."""
    wanted = set(selection.logs)
    found = set()
    for path in project.log_paths():
        if not selection.wants_id(path.stem):
            continue
        loaded = storage.load(path)
        doc = loaded.doc
        found.add(doc.id)
        if selection(doc):
            yield LogSource(doc.id, loaded.sha256, lambda doc=doc: doc)  # type: ignore[misc]
    missing = sorted(wanted - found)
    if missing:
        raise KirokuError(f"--log {missing[0]}: no log with this id in logs/")


def _check_target(out_dir: Path, project: Project) -> None:
    """Refuse to replace a folder that is not an earlier export (a person's files, the project)."""
    resolved = out_dir.resolve()
    root = project.root.resolve()
    inside = root in resolved.parents and resolved.relative_to(root).parts[0] in PROJECT_FOLDERS
    if resolved == root or resolved in root.parents or inside:
        raise KirokuError(f"{out_dir}: choose a folder outside the project's own files")
    if out_dir.exists() and not out_dir.is_dir():
        raise KirokuError(f"{out_dir}: exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        try:
            head = (out_dir / CARD).read_text(encoding="utf-8").splitlines()[:3]
        except (OSError, UnicodeDecodeError):
            head = []
        if MARK not in head:
            raise KirokuError(
                f"{out_dir}: the folder holds files that are not a Kiroku export; "
                "choose an empty or new folder"
            )


@contextlib.contextmanager
def _staged(out_dir: Path) -> Iterator[Path]:
    """A folder beside `out_dir` that replaces it only once everything is written."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        yield staging
        staging.chmod(0o755)
        old = None
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
            old.rmdir()
            out_dir.rename(old)
        staging.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_dataset(
    project: Project,
    folders: dict[str, Path],
    sources: Iterable[LogSource],
    site_url: str | None = None,
    options: tuple[str, ...] = (),
    figures_of: FiguresOf | None = None,
    cache: TablesCache | None = None,
    replace_unencodable: bool = False,
    members: MembersCache | None = None,
) -> dict[str, ExportResult]:
    """Write the logs of `sources` into each format's folder: tables, licences and the card.

    Logs are read one at a time and each is written before the next is read, a batch's rows
    of the study tables with it; only the label counts per model and the first batch of each
    game (for Fisher's test) are kept, so memory does not grow with the archive. With
    `replace_unencodable` (the site, whose pages do the same), a lone surrogate becomes U+FFFD
    in Parquet and CSV instead of stopping the export. With `members` (and a `PartsCache`),
    a table whose rows are all as in an earlier export is copied from it, not written again
    (`_write_changed_tables`)."""
    if members is not None and hasattr(cache, "parts"):
        return _write_changed_tables(
            project,
            folders,
            list(sources),
            site_url,
            options,
            figures_of,
            cache,  # type: ignore[arg-type]
            members,
            replace_unencodable,
        )
    licences = LicenceBook(project)
    pair = PairFinder()
    labels: list[LabelCount] = []
    results = {fmt: ExportResult(folder, fmt) for fmt, folder in folders.items()}
    writers = {
        fmt: {spec.name: TableWriter(spec, folder, fmt, replace_unencodable) for spec in TABLES}
        for fmt, folder in folders.items()
    }
    try:
        for source in sources:
            tables = cache.get(source) if cache is not None else None
            if tables is None:
                tables = log_tables(source.read(), licences, site_url)
                if cache is not None:
                    cache.put(source, tables)
            else:
                licences.of(tables.source_path)
            study: dict[str, list[Row]] = {}
            if tables.rows["conditions"]:
                batch = _batch_reader(source, tables)
                figures = figures_of(source, batch) if figures_of else batch_figures(batch())
                pair.add(figures)
                study = batch_study_rows(figures)
            for fmt in folders:
                for name, rows in (tables.rows | study).items():
                    writer = writers[fmt][name]
                    if isinstance(rows, pa.RecordBatch):
                        writer.add_batch(rows)
                    else:
                        writer.add(rows)
                results[fmt].logs.append(tables.log_id)
            labels = merged_label_counts([*labels, *tables.labels])
        chosen = pair.pair()
        summary = summary_rows(fisher_test(*chosen) if chosen else None, labels)
        for fmt in folders:
            for name, rows in summary.items():
                writers[fmt][name].add(rows)
    finally:
        for table_writers in writers.values():
            for writer in table_writers.values():
                writer.close()
    for fmt in folders:
        results[fmt].rows = {spec.name: writers[fmt][spec.name].rows for spec in TABLES}
    _finish(project, folders, results, licences, options, site_url)
    return results


def _finish(
    project: Project,
    folders: dict[str, Path],
    results: dict[str, ExportResult],
    licences: LicenceBook,
    options: tuple[str, ...],
    site_url: str | None,
) -> None:
    """The licences and the card beside the tables."""
    commit, uncommitted = archive_commit(project.root)
    provenance = Provenance(kiroku_version(), commit, uncommitted, options)
    used = sorted(licences.used.values(), key=lambda item: item.folder)
    for fmt, folder in folders.items():
        result = results[fmt]
        for licence in used:
            target = folder / licence.export_folder
            target.mkdir(parents=True, exist_ok=True)
            for path in (licence.path, *licence.attribution):
                shutil.copyfile(path, target / path.name)
            result.licences.append(licence.export_file)
        card = dataset_card(result, used, provenance, site_url, licences.logs)
        (folder / CARD).write_text(card, encoding="utf-8")


def _rows_digest(rows: list[Row]) -> str:
    """Of rows made by the same code (the same keys in the same order): their `repr`."""
    import hashlib

    return hashlib.sha256(repr(rows).encode("utf-8", "surrogatepass")).hexdigest()


def _write_changed_tables(
    project: Project,
    folders: dict[str, Path],
    sources: list[LogSource],
    site_url: str | None,
    options: tuple[str, ...],
    figures_of: FiguresOf | None,
    cache: PartsCache,
    members: MembersCache,
    replace_unencodable: bool,
) -> dict[str, ExportResult]:
    """`write_dataset`, writing only the tables whose rows changed since an earlier export.

    A first pass gathers a digest of every log's rows in every table (the per-log tables'
    from the cache, unread; the study tables' from each batch's figures), then each table
    whose digests are those of a file written before is that file again; the others are
    written by a second pass over the logs, reading only their rows. The bytes are those a
    single pass writes (the same batches, in the same order, to the same writer)."""
    import hashlib

    licences = LicenceBook(project)
    pair = PairFinder()
    labels: list[LabelCount] = []
    digests = {spec.name: hashlib.sha256() for spec in TABLES}
    results = {fmt: ExportResult(folder, fmt) for fmt, folder in folders.items()}
    for source in _ahead(sources, cache):
        parts = cache.parts(source)
        if parts is None:
            cache.put(source, log_tables(source.read(), licences, site_url))  # counts its licence
            parts = cache.parts(source)
            if parts is None:
                raise KirokuError(f"{source.log_id}: its tables could not be cached")
        else:
            licences.of(parts.source_path)
        for name, digest in parts.digests.items():
            digests[name].update(digest.encode() + b"\0")
        if parts.batch:
            figures = _figures(source, figures_of)
            pair.add(figures)
            for name, rows in batch_study_rows(figures).items():
                digests[name].update(_rows_digest(rows).encode() + b"\0")
        for fmt in folders:
            results[fmt].logs.append(parts.log_id)
        labels = merged_label_counts([*labels, *parts.labels])
    chosen = pair.pair()
    summary = summary_rows(fisher_test(*chosen) if chosen else None, labels)
    for name, rows in summary.items():
        digests[name].update(_rows_digest(rows).encode() + b"\0")
    stale: dict[str, list[str]] = {}
    for fmt, folder in folders.items():
        for spec in TABLES:
            key = f"{fmt}-{spec.name}-{digests[spec.name].hexdigest()}"
            found = members.get(key)
            if found is None:
                stale.setdefault(fmt, []).append(spec.name)
                continue
            (folder / f"{spec.name}.{fmt}").write_bytes(found[0])
            results[fmt].rows[spec.name] = found[1]
    if stale:
        names = {name for wanted in stale.values() for name in wanted}
        writers = {
            fmt: {
                name: TableWriter(spec, folders[fmt], fmt, replace_unencodable)
                for spec in TABLES
                if (name := spec.name) in wanted
            }
            for fmt, wanted in stale.items()
        }
        try:
            _write_rows(sources, names, writers, cache, figures_of, summary)
        finally:
            for table_writers in writers.values():
                for writer in table_writers.values():
                    writer.close()
        for fmt, table_writers in writers.items():
            for name, writer in table_writers.items():
                key = f"{fmt}-{name}-{digests[name].hexdigest()}"
                members.put(key, writer.path.read_bytes(), writer.rows)
                results[fmt].rows[name] = writer.rows
    for fmt in folders:
        results[fmt].rows = {spec.name: results[fmt].rows[spec.name] for spec in TABLES}
    _finish(project, folders, results, licences, options, site_url)
    return results


def _ahead(sources: list[LogSource], cache: PartsCache) -> Iterator[LogSource]:
    for chunk in chunked(sources):
        cache.prefetch(chunk)
        yield from chunk


def _figures(source: LogSource, figures_of: FiguresOf | None) -> BatchFigures:
    def read() -> BatchLog:
        doc = source.read()
        if not isinstance(doc, BatchLog):
            raise KirokuError(f"{source.log_id} is not a trial batch")
        return doc

    return figures_of(source, read) if figures_of else batch_figures(read())


def _write_rows(
    sources: list[LogSource],
    names: set[str],
    writers: dict[str, dict[str, TableWriter]],
    cache: PartsCache,
    figures_of: FiguresOf | None,
    summary: dict[str, list[Row]],
) -> None:
    """The second pass: the rows of the tables in `names`, log by log, then the summary's."""
    from kiroku.dataset.tables import PER_LOG

    per_log = {spec.name for spec in PER_LOG} & names
    study = names - per_log - set(summary)
    for source in sources:
        rows: dict[str, list[Row] | pa.RecordBatch] = {}
        if per_log:
            found = cache.rows_of(source, per_log)
            if found is None:
                raise KirokuError(f"{source.log_id}: its cached tables could not be read")
            rows.update(found)
        if study:
            parts = cache.parts(source)
            if parts is not None and parts.batch:
                found = batch_study_rows(_figures(source, figures_of))
                rows.update((name, found[name]) for name in study if name in found)
        for table_writers in writers.values():
            for name, writer in table_writers.items():
                if name not in rows:
                    continue
                batch = rows[name]
                if isinstance(batch, pa.RecordBatch):
                    writer.add_batch(batch)
                else:
                    writer.add(batch)
    for table_writers in writers.values():
        for name, writer in table_writers.items():
            if name in summary:
                writer.add(summary[name])


def _batch_reader(source: LogSource, tables: LogTables) -> Callable[[], BatchLog]:
    def read() -> BatchLog:
        doc = tables.batch if tables.batch is not None else source.read()
        if not isinstance(doc, BatchLog):
            raise KirokuError(f"{source.log_id} is not a trial batch")
        return doc

    return read


def export_archive(
    project: Project,
    out_dir: Path,
    fmt: str = "parquet",
    selection: LogFilter | None = None,
    site_url: str | None = None,
) -> ExportResult:
    """Write the selected logs as tables into `out_dir`, reading one log at a time.

    The folder appears complete or not at all; an earlier export in it is replaced."""
    if fmt not in FORMATS:
        raise KirokuError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    selection = selection or LogFilter()
    _check_target(out_dir, project)
    with _staged(out_dir) as folder:
        sources = _sources(project, selection)
        result = write_dataset(
            project, {fmt: folder}, sources, site_url, tuple(selection.described())
        )[fmt]
    result.folder = out_dir
    return result
