"""Writing a table as Parquet, CSV or JSON Lines, block by block, the same bytes every time."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from kiroku.dataset.tables import TableSpec
from kiroku.errors import KirokuError

Row = dict[str, Any]

FORMATS = ("parquet", "csv", "jsonl")
BLOCK_ROWS = 10_000
"""Rows kept before they are written (a Parquet row group): memory stays flat, files stay few."""
COMPRESSION = "zstd"


def timestamp_text(moment: datetime) -> str:
    """A UTC time as CSV and JSON Lines write it: `2026-04-20T19:52:38.996037Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _plain(value: Any) -> Any:
    """A value as JSON holds it: dates and times as ISO 8601 text, lists as lists."""
    if isinstance(value, datetime):
        return timestamp_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _text_cell(value: Any) -> Any:
    """A value as a CSV cell: lists as JSON arrays, dates and times as ISO 8601 text."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _plain(value)


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


class TableWriter:
    """One table's file: rows are added log by log and written every `BLOCK_ROWS` rows."""

    def __init__(self, spec: TableSpec, folder: Path, fmt: str) -> None:
        self.spec = spec
        self.fmt = fmt
        self.path = folder / f"{spec.name}.{fmt}"
        self.rows = 0
        self._buffer: list[Row] = []
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
        self._buffer.extend(rows)
        if len(self._buffer) >= BLOCK_ROWS:
            self.flush()

    def flush(self) -> None:
        rows, self._buffer = self._buffer, []
        if not rows:
            return
        self.rows += len(rows)
        if self.fmt == "jsonl":
            self._write_jsonl(rows)
            return
        try:
            if self.fmt == "csv":
                block = pa.RecordBatch.from_pylist(
                    [{k: _text_cell(v) for k, v in row.items()} for row in rows],
                    schema=self._csv_schema,
                )
            else:
                block = pa.RecordBatch.from_pylist(rows, schema=self.spec.schema())
        except (UnicodeEncodeError, pa.ArrowException) as error:
            if _unencodable(rows) is not None:
                raise _surrogate_error(self.spec, rows, self.fmt) from None
            raise KirokuError(f"{self.spec.name}: {error}") from None
        if self.fmt == "parquet":
            self._parquet().write_batch(block)
        else:
            self._writer.write_batch(block)

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
            plain = {key: _plain(value) for key, value in row.items()}
            try:
                lines.append(orjson.dumps(plain))
            except TypeError:  # a lone surrogate: the standard library escapes it
                lines.append(json.dumps(plain, separators=(",", ":")).encode("ascii"))
        self._stream.write(b"\n".join(lines) + b"\n")

    def close(self) -> None:
        self.flush()
        if self.fmt == "parquet":
            self._parquet().close()
        elif self.fmt == "csv":
            self._writer.close()
        else:
            self._stream.close()
