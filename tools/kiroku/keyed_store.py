"""A cache file of `.kiroku/` read and written by key (SQLite), so no run holds or decodes it whole."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kiroku import jsonio

FLUSH_EVERY = 256
"""Keys touched in a run are noted in memory in batches of this many, then in a table."""
CACHE_KB = 512
"""SQLite's page cache per file and connection (its default is 2 MB): a lookup by key
reads a few pages, and the operating system keeps the file's pages cached anyway."""
PREFETCH_CHUNK = 500
"""Keys asked for in one query by `prefetch` (SQLite allows 32,766 parameters)."""
BUSY_SECONDS = 30.0
"""How long a save waits for another Kiroku process that is saving the same file."""
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def _connect(path: Path, legacy: Path | None) -> sqlite3.Connection:
    """The file at `path`, made if missing; a file that is not such a store (damaged, or
    something else) is replaced by an empty one: it is a cache. If it cannot be opened for
    writing (a read-only project), the run works on one in memory and saves nothing."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error):
            break
        try:
            connection.execute("PRAGMA synchronous=OFF")  # a cache: a damaged file is made again
            for statement in _SCHEMA:
                connection.execute(statement)
            connection.execute("SELECT count(*) FROM entries WHERE key = ''").fetchone()
        except sqlite3.DatabaseError as error:
            connection.close()
            if attempt or (isinstance(error, sqlite3.OperationalError) and _busy(error)):
                break
            with contextlib.suppress(OSError):
                path.unlink()
            continue
        if legacy is not None:
            with contextlib.suppress(OSError):
                legacy.unlink()  # the JSON file this store replaces: read by no one now
        return connection
    connection = sqlite3.connect(":memory:", isolation_level=None)
    for statement in _SCHEMA:
        connection.execute(statement)
    return connection


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


class KeyedStore:
    """Entries (a key, a JSON value) kept from the last run, and those this run touches.

    As the JSON files it replaces, a save keeps only the entries touched in this run (read
    and kept, or written), so the file follows the project instead of growing with every
    version of every file. What a run touched is noted in a temporary table of its own
    connection, not in memory, and the file is written only by `save`, in one transaction:
    another process reading it meanwhile sees the last save whole."""

    def __init__(self, path: Path, version: str, legacy: Path | None = None) -> None:
        self.path = path
        self.version = version
        self._db = _connect(path, legacy)
        on_disk = any(
            row[2] for row in self._db.execute("PRAGMA database_list") if row[1] == "main"
        )
        self._opened = _identity(path) if on_disk else None
        """The file this store opened (None: it works in memory only)."""
        self._db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS touched (key TEXT PRIMARY KEY, value BLOB)"
        )
        for schema in ("main", "temp"):  # pages beyond these are read from the file again
            self._db.execute(f"PRAGMA {schema}.cache_size = -{CACHE_KB}")
        found = self._query("SELECT value FROM meta WHERE name = 'version'")
        self.stale = found is None or found[0] != version
        """The file holds another version's entries: none of them is read, a save drops them."""
        self._pending: dict[str, bytes | None] = {}
        self._noted: set[int] = set()
        """The hash of every key this run wrote or kept: only those may be in `touched`."""
        self._ahead: dict[str, bytes | None] = {}
        """The last save's entries read by `prefetch` for the lookups that follow (None: no
        entry); each answers one lookup."""

    def _query(self, sql: str, *args: object) -> tuple[Any, ...] | None:
        try:
            row: tuple[Any, ...] | None = self._db.execute(sql, args).fetchone()
        except sqlite3.Error:
            return None
        return row

    def previous(self, key: str) -> Any | None:
        """The value the last save left for `key` (None if none)."""
        if self.stale:
            return None
        if key in self._ahead:
            raw = self._ahead.pop(key)
            return None if raw is None else _decode(raw)
        row = self._query("SELECT value FROM entries WHERE key = ?", key)
        return None if row is None else _decode(row[0])

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read the last save's entries for `keys` in a query per `PREFETCH_CHUNK` keys, for
        the lookups that follow: a loop over every log asks for one key per log, and a query
        per key costs five times what a query per 500 costs per key. Each entry read answers
        one lookup of its key (`previous`, `current`); a write of the key drops it."""
        if self.stale:
            return
        wanted = [key for key in dict.fromkeys(keys) if key not in self._ahead]
        for start in range(0, len(wanted), PREFETCH_CHUNK):
            chunk = wanted[start : start + PREFETCH_CHUNK]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk
                ).fetchall()
            except sqlite3.Error:
                return
            found = dict(rows)
            for key in chunk:
                self._ahead[key] = found.get(key)

    def current(self, key: str) -> Any | None:
        """The value written for `key` in this run, else the one the last save left."""
        if key in self._pending:
            value = self._pending[key]
            return self.previous(key) if value is None else _decode(value)
        if hash(key) not in self._noted:  # not in `touched`: the last save's, if any
            return self.previous(key)
        if self.stale:
            row = self._query("SELECT value FROM touched WHERE key = ?", key)
        else:
            row = self._query(
                "SELECT coalesce((SELECT value FROM touched WHERE key = ?1),"
                " (SELECT value FROM entries WHERE key = ?1))",
                key,
            )
        return None if row is None or row[0] is None else _decode(row[0])

    def keep(self, key: str) -> None:
        """Keep the last save's entry for `key` at the next save."""
        self._note(key, None)

    def put(self, key: str, value: Any) -> None:
        # a copy of exactly its length: orjson's bytes hold 4 KB however short the JSON
        self._note(key, bytes(memoryview(jsonio.encode(value))))

    def forget(self, key: str) -> None:
        self._pending.pop(key, None)
        if hash(key) not in self._noted:
            return  # never written nor kept in this run: not in `touched`
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("DELETE FROM touched WHERE key = ?", (key,))

    def _note(self, key: str, value: bytes | None) -> None:
        self._noted.add(hash(key))
        self._ahead.pop(key, None)
        self._pending.pop(key, None)  # re-inserted last: the order of the run is kept
        self._pending[key] = value
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        rows = list(self._pending.items())
        self._pending.clear()
        try:
            self._db.execute("BEGIN")
            self._db.executemany("DELETE FROM touched WHERE key = ?", ((k,) for k, _ in rows))
            self._db.executemany("INSERT INTO touched VALUES (?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def previous_keys(self, prefix: str, value: Any) -> list[str]:
        """Keys the last save left starting with `prefix` and holding `value`, oldest first."""
        if self.stale:
            return []
        try:
            rows = self._db.execute(
                "SELECT key FROM entries WHERE substr(key, 1, ?) = ? AND value = ? ORDER BY rowid",
                (len(prefix), prefix, jsonio.encode(value)),
            ).fetchall()
        except sqlite3.Error:
            return []
        return [row[0] for row in rows]

    def __len__(self) -> int:
        if self.stale:
            return 0
        row = self._query("SELECT count(*) FROM entries")
        return 0 if row is None else int(row[0])

    def items(self) -> Iterator[tuple[str, Any]]:
        """Every entry the last save left (for tests and tools; a run reads by key)."""
        if self.stale:
            return
        for key, value in self._db.execute("SELECT key, value FROM entries ORDER BY rowid"):
            yield key, _decode(value)

    def save(self) -> None:
        """Write what this run touched, drop the rest; a failure (the file is locked for
        longer than `BUSY_SECONDS`, or damaged) loses only the cache."""
        self._flush()
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            if self.stale:
                db.execute("DELETE FROM entries")
            else:
                db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM touched)")
            db.execute(
                "INSERT OR REPLACE INTO entries SELECT key, value FROM touched "
                "WHERE value IS NOT NULL ORDER BY rowid"
            )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            return
        finally:
            self._ahead = {}  # the entries change: nothing read before holds
        self.stale = False

    def replaced(self) -> bool:
        """The file was deleted or replaced since this store opened it (the cache removed)."""
        return self._opened is not None and _identity(self.path) != self._opened


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_dev


def _decode(raw: bytes) -> Any:
    try:
        return jsonio.decode(raw)
    except ValueError:
        return None


def chunked(items: Iterable[Any], size: int = PREFETCH_CHUNK) -> Iterator[Sequence[Any]]:
    """`items` in lists of `size` (the last shorter): a loop that prefetches each list's keys."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
