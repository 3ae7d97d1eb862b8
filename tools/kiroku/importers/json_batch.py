"""Importer for JSON trial batches written by the open-weight experiment scripts."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from kiroku.errors import ParseError
from kiroku.importers.base import (
    Document,
    Importer,
    RawInput,
    as_date,
    build,
    declared_fields,
    parse_offset,
    slugify,
)
from kiroku.schema import BatchLog

NAME = "json-batch"


def sniff(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".json" and b'"results"' in head


def parse(raw: RawInput) -> list[Document]:
    text = raw.text
    if not text.strip():
        raise ParseError("empty file", raw.path)
    try:
        batch = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"invalid JSON: {error.msg}", raw.path, error.lineno) from None
    if not isinstance(batch, dict):
        raise ParseError("a JSON batch must be an object", raw.path, 1)
    missing = [k for k in ("model", "prompt", "results") if k not in batch]
    if missing:
        raise ParseError(f"missing key(s): {', '.join(missing)}", raw.path, 1)
    results = batch["results"]
    if not isinstance(results, list) or not results:
        raise ParseError("`results` must be a non-empty list of trials", raw.path)
    meta = raw.sidecar
    tz = parse_offset(meta["timezone"], raw.path) if "timezone" in meta else None
    stamp: datetime | None = None
    if batch.get("timestamp"):
        try:
            stamp = datetime.strptime(str(batch["timestamp"]), "%Y%m%d_%H%M%S")
        except ValueError:
            raise ParseError(
                f"timestamp must be YYYYMMDD_HHMMSS, not {batch['timestamp']!r}", raw.path
            ) from None
        if tz is not None:
            stamp = stamp.replace(tzinfo=tz)
    trials: list[dict[str, Any]] = []
    for position, result in enumerate(results, 1):
        if not isinstance(result, dict) or "output" not in result:
            raise ParseError(f"result {position} has no `output`", raw.path)
        if not isinstance(result["output"], str):
            raise ParseError(f"result {position}: `output` must be text", raw.path)
        recorded = {
            k: v
            for k, v in result.items()
            if k not in ("trial", "output") and (v is None or isinstance(v, (str, int, float)))
        }
        trials.append(
            {
                "trial": result.get("trial", position),
                "output": result["output"],
                "recorded": recorded,
            }
        )
    numbers = [t["trial"] for t in trials]
    if len(set(numbers)) != len(numbers):
        raise ParseError("trial numbers repeat", raw.path)
    model = str(batch["model"])
    condition = str(batch.get("condition") or "default")
    data: dict[str, Any] = {
        "id": slugify(model.split("/")[-1], condition, str(batch.get("timestamp", ""))),
        "title": {"en": f"{model}: {condition}"},
        "model": {"name": model, "id": model, "interface": "api"},
        "date": stamp.date() if stamp else None,
        "source": raw.source_fields(NAME),
        "condition": {"name": {"en": condition}, "user_prompt": str(batch["prompt"])},
        "trials": trials,
        "recorded": {
            k: v
            for k, v in batch.items()
            if k not in ("results", "prompt", "model", "condition")
            and (v is None or isinstance(v, (str, int, float)))
        },
    }
    data.update(declared_fields(meta))
    if "condition" in meta:
        data["condition"] = meta["condition"]
    if "date" in data:
        data["date"] = as_date(data["date"])
    return [build(BatchLog, data, raw.path)]


IMPORTER = Importer(
    name=NAME,
    description="JSON trial batch: {model, prompt, condition, timestamp, results: [...]}",
    sniff=sniff,
    parse=parse,
)
