"""Writing a table as Parquet, CSV or JSON Lines, block by block, the same bytes every time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from kiroku.dataset.arrow import pa
from kiroku.dataset.tables import TableSpec
from kiroku.errors import KirokuError

Row = dict[str, Any]

FORMATS = ("parquet", "csv", "jsonl")
BLOCK_ROWS = 10_000
"""Rows kept before they are written (a Parquet row group): memory stays flat, files stay few."""
COMPACT_BATCHES = 64
"""Batches (one per log) kept before they are joined into one."""
COMPRESSION = "zstd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPED = '[\\x00-\\x1f"\\\\]'
"""Characters `json.dumps` escapes in a string (a regex for Arrow)."""


def timestamp_text(moment: datetime) -> str:
    """A UTC time as CSV and JSON Lines write it: `2026-04-20T19:52:38.996037Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates and times as ISO 8601 text, lists as lists."""
    if isinstance(value, datetime):
        return timestamp_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_column(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """A typed column as CSV text: lists as JSON arrays, dates and times as ISO 8601."""
    import pyarrow.compute as pc

    if pa.types.is_list(column.type):
        if pc.any(pc.match_substring_regex(pc.list_flatten(column), _JSON_ESCAPED)).as_py():
            return pa.array(
                [
                    None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
                    for v in column.to_pylist()
                ],
                type=pa.string(),
            )
        # Nothing to escape: the JSON array is its items joined, as json.dumps writes it.
        joined = pc.binary_join_element_wise('["', pc.binary_join(column, '","'), '"]', "")
        return pc.if_else(pc.equal(pc.list_value_length(column), 0), "[]", joined)
    if pa.types.is_timestamp(column.type):
        return pc.strftime(column, format="%Y-%m-%dT%H:%M:%SZ")
    if pa.types.is_date(column.type):
        return column.cast(pa.string())
    return column


def _csv_type(type_: pa.DataType) -> pa.DataType:
    if pa.types.is_list(type_) or pa.types.is_timestamp(type_) or pa.types.is_date(type_):
        return pa.string()
    return type_


def _unencodable(rows: list[Row]) -> tuple[Row, str] | None:
    """The first row and column holding text UTF-8 cannot hold (a lone surrogate)."""
    for row in rows:
        for key, value in row.items():
            values = value if isinstance(value, list) else [value]
            for text in values:
                if isinstance(text, str):
                    try:
                        text.encode("utf-8")
                    except UnicodeEncodeError:
                        return row, key
    return None


def _surrogate_error(spec: TableSpec, rows: list[Row], fmt: str) -> KirokuError:
    found = _unencodable(rows)
    where = ""
    if found is not None:
        row, column = found
        unit = f" {row['anchor']}" if "anchor" in row else ""
        where = f"{row.get('log_id', '?')}{unit}: {spec.name}.{column}: "
    return KirokuError(
        f"{where}the text holds a lone surrogate, which {fmt} (UTF-8) cannot hold; "
        "export with --format jsonl, which escapes it"
    )


def encodable_rows(rows: list[Row]) -> list[Row]:
    """The rows with each lone surrogate replaced by U+FFFD, as the site's pages show it."""

    def fixed(value: Any) -> Any:
        if isinstance(value, str):
            return _SURROGATE.sub("\ufffd", value)
        if isinstance(value, list):
            return [fixed(item) for item in value]
        return value

    return [{key: fixed(value) for key, value in row.items()} for row in rows]


def to_batch(spec: TableSpec, rows: list[Row], replace: bool = False) -> pa.RecordBatch:
    """Rows as a record batch of the table's declared types. Text UTF-8 cannot hold (a lone
    surrogate) is refused, or with `replace` shown as U+FFFD."""
    try:
        return pa.RecordBatch.from_pylist(rows, schema=spec.schema())
    except (UnicodeEncodeError, pa.ArrowException) as error:
        if _unencodable(rows) is None:
            raise KirokuError(f"{spec.name}: {error}") from None
        if not replace:
            raise _surrogate_error(spec, rows, "Parquet and CSV") from None
    return pa.RecordBatch.from_pylist(encodable_rows(rows), schema=spec.schema())


class TableWriter:
    """One table's file: rows are added log by log and written every `BLOCK_ROWS` rows."""

    def __init__(self, spec: TableSpec, folder: Path, fmt: str, replace: bool = False) -> None:
        self.spec = spec
        self.replace = replace
        """Lone surrogates become U+FFFD instead of being refused (Parquet and CSV)."""
        self.fmt = fmt
        self.path = folder / f"{spec.name}.{fmt}"
        self.rows = 0
        self._buffer: list[pa.RecordBatch] = []
        self._small: list[pa.RecordBatch] = []
        self._buffered = 0
        self._writer: Any = None
        self._stream: Any = None
        if fmt == "jsonl":
            self._stream = self.path.open("wb")
        elif fmt == "csv":
            import pyarrow.csv

            self._csv_schema = pa.schema(
                [pa.field(f.name, _csv_type(f.type)) for f in spec.schema()]
            )
            self._writer = pyarrow.csv.CSVWriter(str(self.path), self._csv_schema)
        elif fmt != "parquet":
            raise KirokuError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")

    def add(self, rows: Iterable[Row]) -> None:
        """Rows of one log, as plain values (JSON Lines keeps even what Arrow cannot hold)."""
        rows = list(rows)
        if not rows:
            return
        if self.fmt == "jsonl":
            self.rows += len(rows)
            self._write_jsonl(rows)
        else:
            self.add_batch(to_batch(self.spec, rows, self.replace))

    def add_batch(self, batch: pa.RecordBatch) -> None:
        """Rows of one log, already typed (Parquet and CSV only)."""
        if not batch.num_rows:
            return
        if self.fmt == "jsonl":
            self.add(batch.to_pylist())
            return
        self._small.append(batch)
        self._buffered += batch.num_rows
        if self._buffered >= BLOCK_ROWS:
            self.flush()
        elif len(self._small) >= COMPACT_BATCHES:
            self._compact()

    def _compact(self) -> None:
        """The small batches buffered as one: a batch of one row (a log's row in `logs`) costs
        as much memory as one of thousands, so 10,000 of them would grow with the archive."""
        if self._small:
            self._buffer.append(pa.concat_batches(self._small))
            self._small = []

    def flush(self) -> None:
        self._compact()
        batches, self._buffer, self._buffered = self._buffer, [], 0
        if not batches:
            return
        table = pa.Table.from_batches(batches, schema=self.spec.schema())
        self.rows += table.num_rows
        if self.fmt == "parquet":
            self._parquet().write_table(table, row_group_size=max(table.num_rows, 1))
            return
        columns = [_csv_column(table.column(name)) for name in table.column_names]
        self._writer.write_table(pa.Table.from_arrays(columns, schema=self._csv_schema))

    def _parquet(self) -> Any:
        if self._writer is None:
            import pyarrow.parquet as pq

            self._writer = pq.ParquetWriter(
                str(self.path), self.spec.schema(), compression=COMPRESSION
            )
        return self._writer

    def _write_jsonl(self, rows: list[Row]) -> None:
        lines = []
        for row in rows:
            values = {key: plain(value) for key, value in row.items()}
            try:
                lines.append(orjson.dumps(values))
            except TypeError:  # a lone surrogate: the standard library escapes it
                lines.append(json.dumps(values, separators=(",", ":")).encode("ascii"))
        self._stream.write(b"\n".join(lines) + b"\n")

    def close(self) -> None:
        self.flush()
        if self.fmt == "parquet":
            self._parquet().close()
        elif self.fmt == "csv":
            self._writer.close()
        else:
            self._stream.close()
