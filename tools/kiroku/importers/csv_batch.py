"""Importer for CSV trial batches (`trial,output,is_mikan,timestamp[,model]`) with a sidecar."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from kiroku.errors import ParseError
from kiroku.importers.base import (
    SIDECAR_SUFFIX,
    Document,
    Importer,
    RawInput,
    as_date,
    build,
    declared_fields,
    parse_offset,
    parse_timestamp,
    slugify,
)
from kiroku.schema import BatchLog

NAME = "csv-batch"
REQUIRED = ("trial", "output")


def sniff(path: Path, head: bytes) -> bool:
    first_line = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip().lower()
    return path.suffix.lower() == ".csv" or first_line.startswith(b"trial,")


def _rows(raw: RawInput) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and rows, each row with the line it starts on."""
    reader = csv.reader(io.StringIO(raw.text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            if header is None:
                header = [name.strip() for name in record]
            elif record:
                rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ParseError(f"broken CSV: {error}", raw.path, start) from None
    if header is None:
        raise ParseError("empty file", raw.path)
    return header, rows


def parse(raw: RawInput) -> list[Document]:
    if not raw.text.strip():
        raise ParseError("empty file", raw.path)
    header, rows = _rows(raw)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ParseError(
            f"missing column(s) {', '.join(missing)}; the header has: {', '.join(header)}",
            raw.path,
            1,
        )
    if not rows:
        raise ParseError("no trials: the CSV has a header but no rows", raw.path, 2)
    meta = raw.sidecar
    tz = parse_offset(meta["timezone"], raw.path) if "timezone" in meta else None
    trials: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    model_ids: set[str] = set()
    for line, record in rows:
        if len(record) != len(header):
            raise ParseError(
                f"row has {len(record)} fields, the header has {len(header)} "
                "(truncated or broken row?)",
                raw.path,
                line,
            )
        row = dict(zip(header, record, strict=True))
        number_text = row["trial"].strip()
        if not re.fullmatch(r"\d+", number_text) or int(number_text) < 1:
            raise ParseError(
                f"trial must be a positive number, not {number_text!r}", raw.path, line
            )
        number = int(number_text)
        if number in seen:
            raise ParseError(
                f"trial {number} repeats the one on line {seen[number]}", raw.path, line
            )
        seen[number] = line
        if row.get("model"):
            model_ids.add(row["model"])
        recorded = {k: v for k, v in row.items() if k not in ("trial", "output", "timestamp")}
        recorded.pop("model", None)
        trials.append(
            {
                "trial": number,
                "output": row["output"],
                "timestamp": parse_timestamp(row.get("timestamp", ""), tz, raw.path, line),
                "recorded": recorded,
            }
        )
    if len(model_ids) > 1:
        raise ParseError(f"one batch must have one model, found {sorted(model_ids)}", raw.path)
    model_id = next(iter(model_ids), None)
    stem = Path(raw.archive_path).name.removesuffix(".csv")
    stamps = [t["timestamp"] for t in trials if t["timestamp"] is not None]
    data: dict[str, Any] = {
        "id": slugify(stem),
        "title": {"en": stem},
        "model": {"name": model_id or "unknown", "id": model_id, "interface": "api"},
        "date": min(stamps).date() if stamps else None,
        "source": raw.source_fields(NAME),
        "trials": trials,
    }
    data.update(declared_fields(meta))
    if "date" in data:
        data["date"] = as_date(data["date"])
    if "condition" not in meta:
        raise ParseError(
            f"the batch's condition (prompts, parameters) is not in the CSV: declare it in "
            f"{Path(raw.archive_path).name}{SIDECAR_SUFFIX} beside the file",
            raw.path,
        )
    data["condition"] = meta["condition"]
    return [build(BatchLog, data, raw.path)]


IMPORTER = Importer(
    name=NAME,
    description="CSV trial batch: trial,output,is_mikan,timestamp[,model] plus a sidecar",
    sniff=sniff,
    parse=parse,
)
