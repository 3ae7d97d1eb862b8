"""What `kiroku check` keeps of every log across the run, in a temporary SQLite file instead of memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from kiroku.keyed_store import CACHE_KB

SourceKey = tuple[str, str, str | None, str | None]
"""(archived path, format, sidecar path, sidecar sha256): logs parsed from one raw file alike."""


class RolledLog(NamedTuple):
    """What the source check needs of one log (its facts' few fields, not the log)."""

    path: Path
    id: str
    item: str | None
    sha256: str
    recorded: str
    """A digest of `recorded_document`: what re-parsing the source must give again."""


class LogRoll:
    """Every log's id, source and digests, written as the logs are read one by one and read
    back by source: memory stays the same however many logs the project holds."""

    def __init__(self, logs_dir: Path) -> None:
        self.logs_dir = logs_dir
        self._db = sqlite3.connect("", isolation_level=None)  # a private file, gone on close
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        self._db.execute(
            "CREATE TABLE logs (seq INTEGER PRIMARY KEY, name TEXT, id TEXT, published TEXT,"
            " source TEXT, format TEXT, metadata TEXT, metadata_sha256 TEXT, item TEXT,"
            " sha256 TEXT, recorded TEXT)"
        )
        self._db.execute("CREATE INDEX logs_by_id ON logs (id)")
        self._db.execute("BEGIN")  # one transaction: nobody else opens this file

    def add(
        self,
        name: str,
        log_id: str,
        published: str,
        source: SourceKey,
        item: str | None,
        sha256: str,
        recorded: str,
    ) -> str | None:
        """Note a log; the file name of an earlier log with the same id, if any."""
        found = self._db.execute("SELECT name FROM logs WHERE id = ? LIMIT 1", (log_id,)).fetchone()
        self._db.execute(
            "INSERT INTO logs (name, id, published, source, format, metadata, metadata_sha256,"
            " item, sha256, recorded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (name, log_id, published, *source, item, sha256, recorded),
        )
        return None if found is None else str(found[0])

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM logs").fetchone()[0])

    def reads(self) -> dict[str, str]:
        """File name → `proofs.url_inputs` of every log noted."""
        return dict(self._db.execute("SELECT name, published FROM logs ORDER BY seq"))

    def by_source(self) -> Iterator[tuple[SourceKey, list[RolledLog]]]:
        """The logs of each raw file, the files in the order their first log was noted."""
        rows = self._db.execute(
            "SELECT source, format, metadata, metadata_sha256, name, id, item, sha256, recorded,"
            " min(seq) OVER (PARTITION BY source, format, metadata, metadata_sha256) AS first"
            " FROM logs ORDER BY first, seq"
        )
        for key, group in groupby(rows, key=lambda row: (row[9], *row[:4])):
            yield (
                (key[1], key[2], key[3], key[4]),
                [RolledLog(self.logs_dir / row[4], *row[5:9]) for row in group],
            )

    def close(self) -> None:
        self._db.close()
