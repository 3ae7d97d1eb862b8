"""What the site's dataset export keeps between builds: each log's tables, whole tables, files.

A build after one label rewrites the tables that label changed (`annotations`, the study's
label counts) and nothing else; reading what it needs of 1,000 logs must then cost little:
a digest of each log's rows comes from one index (`index.sqlite`, read by key), and the
rows of a table being written again come from that table's rows as last assembled (one
file, a record batch per log), not from a file per log."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiroku.analysis.stats import LabelCount
from kiroku.keyed_store import KeyedStore
from kiroku.project import Project
from kiroku.storage import atomic_write

if TYPE_CHECKING:
    from kiroku.dataset.arrow import pa
    from kiroku.dataset.export import LogParts, LogSource, LogTables
    from kiroku.dataset.writers import Row

CACHE_VERSION = 4
INDEX_NAME = "index.sqlite"
WHOLE_PREFIX = "whole-"
"""A per-log table's rows as last assembled: `whole-<table>-<digest>.arrow`."""


def sha256_of(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class _Assembly:
    """One per-log table's rows being assembled, a record batch per log, in a new file."""

    def __init__(self, folder: Path, table: str, schema: pa.Schema) -> None:
        from kiroku.dataset.arrow import pa

        self.table = table
        self.path = folder / f".{WHOLE_PREFIX}{table}.{os.getpid()}.tmp"
        self._sink = pa.OSFile(str(self.path), "wb")
        self._writer = pa.ipc.new_file(self._sink, schema)
        self.names: list[str] = []

    def add(self, name: str, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)
        self.names.append(name)

    def close(self) -> None:
        self._writer.close()
        self._sink.close()


class LogTablesCache:
    """Each log's typed tables from the last build, so only changed logs are read again.

    A log's tables are kept in a file named for the log's file and what the export is made
    of (`shared`): `<name>.arrows`, a JSON header line (ids, label counts, a digest and
    row count of each table's part) then each table's rows as an Arrow stream. The headers
    are also in `index.sqlite`, so a build that reads no rows reads no such file; the rows
    of each table written again are assembled into one file for the next build."""

    def __init__(self, project: Project, shared: str) -> None:
        self.folder = project.cache_dir / "dataset-logs"
        self.shared = shared
        self.used: set[str] = set()
        self._index: KeyedStore | None = None
        self._wholes: dict[str, tuple[Any, dict[str, int]] | None] = {}
        """Per-log table → (a reader of its last assembled rows, the batch of each log)."""
        self._assembling: dict[str, _Assembly] = {}

    def _name(self, source: LogSource) -> str:
        return f"{sha256_of(self.shared, source.sha256)}.arrows"

    def _path(self, source: LogSource) -> Path:
        return self.folder / self._name(source)

    def index(self) -> KeyedStore:
        if self._index is None:
            self._index = KeyedStore(self.folder / INDEX_NAME, str(CACHE_VERSION))
        return self._index

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
        """The log's rows in the per-log tables `names` only (the others are not decoded):
        from each table's last assembled rows when they hold the log, else from its file.
        Asked for every log in turn (a table written again), they are assembled anew."""
        name = self._name(source)
        rows: dict[str, pa.RecordBatch] = {}
        for table in sorted(names):
            batch = self._whole_batch(table, name)
            if batch is not None:
                rows[table] = batch
        missing = names - set(rows)
        if missing:
            found = self._read(source, missing)
            if found is None:
                return None
            rows.update(found[1])
        self.used.add(name)
        for table, batch in rows.items():
            self._assembly(table, batch.schema).add(name, batch)
        return rows

    def _whole_batch(self, table: str, name: str) -> pa.RecordBatch | None:
        if table not in self._wholes:
            self._wholes[table] = self._open_whole(table)
        whole = self._wholes[table]
        if whole is None or name not in whole[1]:
            return None
        from kiroku.dataset.arrow import pa

        try:
            batch: pa.RecordBatch = whole[0].get_batch(whole[1][name])
        except (OSError, pa.ArrowException):
            return None
        return batch

    def _open_whole(self, table: str) -> tuple[Any, dict[str, int]] | None:
        from kiroku.dataset.arrow import pa

        entry = self.index().current(WHOLE_PREFIX + table)
        if not isinstance(entry, dict):
            return None
        try:
            path = self.folder / str(entry["file"])
            names = {str(name): position for position, name in enumerate(entry["names"])}
            reader = pa.ipc.open_file(pa.OSFile(str(path)))
            if reader.num_record_batches != len(names):
                return None
        except (OSError, KeyError, TypeError, pa.ArrowException):
            return None
        return reader, names

    def _assembly(self, table: str, schema: pa.Schema) -> _Assembly:
        if table not in self._assembling:
            self._assembling[table] = _Assembly(self.folder, table, schema)
        return self._assembling[table]

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
        self.index().put(path.name, header)
        return header, rows

    def prefetch(self, sources: Sequence[LogSource]) -> None:
        self.index().prefetch(self._name(source) for source in sources)

    def parts(self, source: LogSource) -> LogParts | None:
        """A digest of each per-log table's rows of the log, from the index (or its file's
        header line when the index does not hold it), the rows unread."""
        name = self._name(source)
        header = self.index().current(name)
        if header is None or not (self.folder / name).is_file():
            try:
                with self._path(source).open("rb") as stream:  # the header line only
                    header = json.loads(stream.readline())
            except (OSError, ValueError):
                return None
            self.index().put(name, header)
        else:
            self.index().keep(name)
        parts = _parts(header)
        if parts is not None:
            self.used.add(name)
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
        self.index().put(path.name, header)
        self.used.add(path.name)

    def save(self) -> None:
        """Keep the tables assembled in this build (each under a name of its contents), the
        index of the logs used, and forget the logs no longer in the archive (or changed)."""
        from kiroku.dataset.tables import PER_LOG

        index = self.index()
        self._wholes.clear()  # closes the readers
        for table in [spec.name for spec in PER_LOG]:
            assembly = self._assembling.pop(table, None)
            if assembly is None:  # not written again: its last assembly still holds
                index.keep(WHOLE_PREFIX + table)
                continue
            assembly.close()
            digest = sha256_of(*assembly.names)[:32]
            target = self.folder / f"{WHOLE_PREFIX}{table}-{digest}.arrow"
            os.replace(assembly.path, target)
            index.put(WHOLE_PREFIX + table, {"file": target.name, "names": assembly.names})
        index.save()
        kept = {
            str(entry["file"])
            for spec in PER_LOG
            if isinstance(entry := index.current(WHOLE_PREFIX + spec.name), dict)
        }
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            whole = path.name.startswith((WHOLE_PREFIX, "." + WHOLE_PREFIX))
            if (path.suffix == ".arrows" and path.name not in self.used) or (
                whole and path.name not in kept
            ):
                path.unlink(missing_ok=True)

    def discard(self) -> None:
        """An export that failed: the tables it was assembling are not kept."""
        for assembly in self._assembling.values():
            with contextlib.suppress(Exception):
                assembly.close()
            assembly.path.unlink(missing_ok=True)
        self._assembling.clear()
        self._wholes.clear()


def _parts(header: dict[str, Any]) -> LogParts | None:
    from kiroku.dataset.export import LogParts
    from kiroku.dataset.tables import CONDITIONS, PER_LOG

    try:
        names = [spec.name for spec in PER_LOG]
        digests = dict(zip(names, header["digests"], strict=True))
        labels = [LabelCount.model_validate(item) for item in header["labels"]]
        batch = bool(header["rows"][PER_LOG.index(CONDITIONS)])
        return LogParts(header["log_id"], header["source_path"], digests, labels, batch)
    except (ValueError, KeyError, TypeError, IndexError):
        return None


class TableFiles:
    """Each table file of the last export, by a digest of all its rows (`MembersCache`)."""

    def __init__(self, project: Project, shared: str) -> None:
        self.folder = project.cache_dir / "dataset-tables"
        self.shared = shared
        self.used: set[str] = set()

    def _path(self, key: str, rows: int | None = None) -> Path:
        name = sha256_of(self.shared, key)
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
