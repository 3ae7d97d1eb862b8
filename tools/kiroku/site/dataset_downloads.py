"""The whole archive as dataset downloads on the tables page: a zip of the Parquet files, one of the CSVs."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiroku.analysis.morae import DEFAULT_RULES
from kiroku.analysis.stats import BatchFigures, LabelCount, batch_figures
from kiroku.project import Project
from kiroku.schema import BatchLog, LogDocument
from kiroku.site.fragments import PageContext
from kiroku.site.html import element, escape, text_element
from kiroku.site.page_cache import CachedFigures, code_digest
from kiroku.site.urls import TABLES
from kiroku.storage import atomic_write
from kiroku.zip_writer import DeflatedCache, Member, zip_bytes

if TYPE_CHECKING:
    from kiroku.dataset.arrow import pa
    from kiroku.dataset.export import LogParts, LogSource, LogTables
    from kiroku.dataset.writers import Row
    from kiroku.site.generate import LogEntry


FORMATS = ("parquet", "csv")
ZIP_PATHS = {fmt: f"{TABLES}kiroku-dataset-{fmt}.zip" for fmt in FORMATS}
"""Where each zip is published, beside the study's tables."""
TOP_FOLDER = "kiroku-dataset"
"""The folder every file of a zip unpacks into."""
CACHE_VERSION = 3
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's time in the zips, so the same archive gives the same bytes."""

PHRASES = {
    "title": {"en": "The whole archive as a dataset", "ja": "アーカイブ全体をデータセットとして"},
    "text": {
        "en": "Every log, turn and trial with its labels and suggestions (who set them and "
        "when), as tables that join: logs, units, annotations, conditions and the study's "
        "figures, with a dataset card (README.md) saying how to load them with pandas, "
        "polars, DuckDB or Hugging Face datasets, and the data's licences.",
        "ja": "すべてのログ・ターン・試行と、そのラベルと提案（誰がいつ付けたか）を、結合できる表"
        "（logs、units、annotations、conditions と研究の集計）にしたものです。pandas・polars・"
        "DuckDB・Hugging Face datasets での読み込み方を書いたデータセットカード（README.md）と、"
        "データのライセンスが入っています。",
    },
    "parquet": {"en": "Parquet", "ja": "Parquet"},
    "csv": {"en": "CSV", "ja": "CSV"},
}


@dataclass(frozen=True)
class DatasetDownloads:
    """The zips of the whole archive's export, by format."""

    zips: dict[str, bytes] = field(default_factory=dict)

    def files(self) -> dict[str, bytes]:
        """Docs-folder path → bytes, for the site's generated files."""
        return {ZIP_PATHS[fmt]: data for fmt, data in self.zips.items()}

    def key(self) -> str:
        """What the tables page shows of them (which there are), for its page cache: not
        their sizes, so an edited translation does not change the page."""
        return repr(sorted(self.zips))


def _sha256(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _dataset_code() -> str:
    folder = Path(str(resources.files("kiroku.dataset")))
    digest = hashlib.sha256(f"{CACHE_VERSION}\0pyarrow=={metadata.version('pyarrow')}".encode())
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest() + code_digest()


def _licence_texts(project: Project) -> str:
    """Every licence and attribution file the export may copy: a change means a new export."""
    from kiroku.dataset.licences import ATTRIBUTION_NAMES, LICENCE_NAMES

    names = set(LICENCE_NAMES) | set(ATTRIBUTION_NAMES)
    digest = hashlib.sha256()
    candidates = [project.root / name for name in sorted(names)]
    if project.archive_dir.is_dir():
        candidates += sorted(p for p in project.archive_dir.rglob("*") if p.name in names)
    for path in candidates:
        if path.is_file():
            digest.update(project.relative(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class LogTablesCache:
    """Each log's typed tables from the last build, so only changed logs are read again."""

    def __init__(self, project: Project, shared: str) -> None:
        self.folder = project.cache_dir / "dataset-logs"
        self.shared = shared
        self.used: set[str] = set()

    def _path(self, source: LogSource) -> Path:
        return self.folder / f"{_sha256(self.shared, source.sha256)}.arrows"

    def get(self, source: LogSource) -> LogTables | None:
        from kiroku.dataset.export import LogTables

        found = self._read(source, None)
        if found is None:
            return None
        header, batches = found
        rows: dict[str, list[Row] | pa.RecordBatch] = dict(batches)
        try:
            labels = [LabelCount.model_validate(item) for item in header["labels"]]
            return LogTables(header["log_id"], header["source_path"], rows, labels)
        except (ValueError, KeyError, TypeError):
            return None

    def rows_of(self, source: LogSource, names: set[str]) -> dict[str, pa.RecordBatch] | None:
        """The log's rows in the per-log tables `names` only (the others are not decoded)."""
        found = self._read(source, names)
        return found[1] if found is not None else None

    def _read(
        self, source: LogSource, names: set[str] | None
    ) -> tuple[dict[str, Any], dict[str, pa.RecordBatch]] | None:
        from kiroku.dataset.arrow import pa
        from kiroku.dataset.tables import PER_LOG

        path = self._path(source)
        try:
            with path.open("rb") as stream:  # only the parts asked for are read
                header = json.loads(stream.readline())
                rows: dict[str, pa.RecordBatch] = {}
                offset = stream.tell()
                for spec, size in zip(PER_LOG, header["sizes"], strict=True):
                    if names is None or spec.name in names:
                        stream.seek(offset)
                        part = stream.read(size)
                        if len(part) != size:
                            return None
                        batches = list(pa.ipc.open_stream(pa.py_buffer(part)))
                        rows[spec.name] = (
                            batches[0] if batches else pa.RecordBatch.from_pylist([], spec.schema())
                        )
                    offset += size
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            return None
        self.used.add(path.name)
        return header, rows

    def parts(self, source: LogSource) -> LogParts | None:
        """A digest of each per-log table's rows of the log, from the cache's header line (the
        rows unread)."""
        from kiroku.dataset.export import LogParts
        from kiroku.dataset.tables import CONDITIONS, PER_LOG

        path = self._path(source)
        try:
            with path.open("rb") as stream:  # the header line only: it holds the digests
                header = json.loads(stream.readline())
            names = [spec.name for spec in PER_LOG]
            digests = dict(zip(names, header["digests"], strict=True))
            labels = [LabelCount.model_validate(item) for item in header["labels"]]
            batch = bool(header["rows"][PER_LOG.index(CONDITIONS)])
            parts = LogParts(header["log_id"], header["source_path"], digests, labels, batch)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        self.used.add(path.name)
        return parts

    def put(self, source: LogSource, tables: LogTables) -> None:
        from kiroku.dataset.arrow import pa
        from kiroku.dataset.tables import PER_LOG
        from kiroku.dataset.writers import to_batch

        parts, counts = [], []
        for spec in PER_LOG:
            rows = tables.rows[spec.name]
            batch = rows if isinstance(rows, pa.RecordBatch) else to_batch(spec, rows, True)
            counts.append(batch.num_rows)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, batch.schema) as writer:
                writer.write_batch(batch)
            parts.append(sink.getvalue().to_pybytes())
        header = {
            "log_id": tables.log_id,
            "source_path": tables.source_path,
            "labels": [count.model_dump() for count in tables.labels],
            "sizes": [len(part) for part in parts],
            "digests": [hashlib.sha256(part).hexdigest() for part in parts],
            "rows": counts,
        }
        path = self._path(source)
        head = json.dumps(header, separators=(",", ":")).encode("utf-8", "surrogatepass")
        atomic_write(path, head + b"\n" + b"".join(parts), durable=False)
        self.used.add(path.name)

    def prune(self) -> None:
        """Forget the logs no longer in the archive (or changed since)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.arrows"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)


class TableFiles:
    """Each table file of the last export, by a digest of all its rows (`MembersCache`)."""

    def __init__(self, project: Project, shared: str) -> None:
        self.folder = project.cache_dir / "dataset-tables"
        self.shared = shared
        self.used: set[str] = set()

    def _path(self, key: str, rows: int | None = None) -> Path:
        name = _sha256(self.shared, key)
        return self.folder / (f"{name}.{rows}" if rows is not None else name)

    def get(self, key: str) -> tuple[bytes, int] | None:
        for path in self.folder.glob(self._path(key).name + ".*"):
            try:
                found = path.read_bytes(), int(path.suffix[1:])
            except (OSError, ValueError):
                continue
            self.used.add(path.name)
            return found
        return None

    def put(self, key: str, data: bytes, rows: int) -> None:
        path = self._path(key, rows)
        atomic_write(path, data, durable=False)
        self.used.add(path.name)

    def prune(self) -> None:
        """Forget the files of tables no longer in the export."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


def zipped(folder: Path, cache: DeflatedCache | None = None) -> bytes:
    """Every file of `folder` under `kiroku-dataset/`, sorted, with fixed times: the same bytes
    for the same files (with `cache`, a file deflated for an earlier zip is not deflated again)."""
    members = (
        # Parquet is compressed already (zstd): deflating it again costs time, saves little.
        Member(
            f"{TOP_FOLDER}/{path.relative_to(folder).as_posix()}",
            path.read_bytes(),
            deflate=path.suffix != ".parquet",
        )
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
    )
    return zip_bytes(members, ZIP_TIME, cache)


def dataset_downloads(
    project: Project,
    entries: list[LogEntry],
    figures: CachedFigures | None,
    site_url: str | None,
    build: bool = True,
) -> DatasetDownloads:
    """The zips of the whole archive's export, as `kiroku export` writes it.

    Unchanged archive, code, licences and commit: the zips of the last build, no log read.
    Otherwise the export runs again, reading only the logs whose tables are not cached.
    Without `build`, only their paths are planned."""
    if not entries:
        return DatasetDownloads()
    if not build:  # a plan for its addresses only (`kiroku check`): the zips' paths, no bytes
        return DatasetDownloads(dict.fromkeys(FORMATS, b""))
    from kiroku.dataset.export import LogSource, archive_commit, write_dataset

    ordered = sorted(entries, key=lambda entry: entry.digest.id)
    commit = archive_commit(project.root)
    shared = _sha256(_dataset_code(), site_url or "", _licence_texts(project), repr(commit))
    whole = _sha256(shared, *(entry.sha256 for entry in ordered))
    stored = project.cache_dir / "dataset-zips"
    cached = {fmt: stored / f"{whole}.{fmt}.zip" for fmt in FORMATS}
    if all(path.is_file() for path in cached.values()):
        return DatasetDownloads({fmt: path.read_bytes() for fmt, path in cached.items()})

    def figures_of(source: LogSource, batch: Callable[[], BatchLog]) -> BatchFigures:
        if figures is None:
            return batch_figures(batch(), DEFAULT_RULES)
        return figures.figures(source.sha256, batch, DEFAULT_RULES)

    sources = [LogSource(entry.digest.id, entry.sha256, _reader(entry)) for entry in ordered]
    cache = LogTablesCache(project, shared)
    tables = TableFiles(project, shared)
    scratch = Path(tempfile.mkdtemp(prefix="kiroku-dataset-"))
    try:
        folders = {fmt: scratch / fmt for fmt in FORMATS}
        for folder in folders.values():
            folder.mkdir()
        write_dataset(
            project,
            folders,
            sources,
            site_url,
            figures_of=figures_of,
            cache=cache,
            replace_unencodable=True,
            members=tables,
        )
        deflated = DeflatedCache(project.cache_dir / "dataset-deflated")
        zips = {fmt: zipped(folder, deflated) for fmt, folder in folders.items()}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    deflated.prune()
    cache.prune()
    tables.prune()
    shutil.rmtree(stored, ignore_errors=True)
    for fmt, path in cached.items():
        atomic_write(path, zips[fmt], durable=False)
    return DatasetDownloads(zips)


def _reader(entry: LogEntry) -> Callable[[], LogDocument]:
    return lambda: entry.doc


def downloads_section(downloads: DatasetDownloads, ctx: PageContext) -> str:
    """The tables page's section offering the zips (empty when there are none)."""
    if not downloads.zips:
        return ""
    links = " · ".join(
        text_element(
            "a",
            f"{PHRASES[fmt][ctx.lang]}\u00a0(zip)",
            href=ctx.file_href(ZIP_PATHS[fmt]),
            download="",
        )
        for fmt in downloads.zips
    )
    return element(
        "section",
        text_element("h2", PHRASES["title"][ctx.lang], id="dataset")
        + element("p", escape(PHRASES["text"][ctx.lang]))
        + element("p", ctx.say("download") + ": " + links, class_="kiroku-downloads"),
        class_="kiroku-section kiroku-dataset",
    )
