"""Every BLNS string survives the export unchanged, in every format; a lone surrogate is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from kiroku import storage
from kiroku.dataset.export import export_archive
from kiroku.dataset.tables import TABLES
from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.schema import ChatLog
from testkit import blns_strings

AT = datetime(2026, 4, 20, tzinfo=UTC)
SPECS = {spec.name: spec for spec in TABLES}


def hostile_chat(strings: list[str]) -> ChatLog:
    """Each string as a turn's text, translation, note, speaker name, label note and tag."""
    turns = [
        {
            "index": i,
            "speaker": "user" if i % 2 else "model",
            "name": text,
            "text": text,
            "note": text,
            "translation_en": text,
            "labels": [{"id": "ends-in-n", "by": text, "at": AT, "note": text}],
        }
        for i, text in enumerate(strings, 1)
    ]
    return ChatLog.model_validate(
        {
            "id": "blns",
            "title": {"ja": "\n".join(strings[:50]), "en": strings[-1]},
            "model": {"name": strings[3 % len(strings)], "interface": "web"},
            "source": {"path": "archive/blns.md", "sha256": "a" * 64, "format": "markdown-chat"},
            "tags": strings,
            "sessions": [{"index": 1, "turns": turns}],
        }
    )


def read_back(path: Path, table: str) -> list[dict]:
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 is text
        return [json.loads(line) for line in lines if line]
    schema = SPECS[table].schema()
    types = {f.name: (f.type if pa.types.is_integer(f.type) else pa.string()) for f in schema}
    options = pacsv.ConvertOptions(
        column_types=types, strings_can_be_null=True, quoted_strings_can_be_null=False
    )
    rows = pacsv.read_csv(path, convert_options=options).to_pylist()
    for row in rows:
        for field in schema:
            if pa.types.is_list(field.type) and row[field.name] is not None:
                row[field.name] = json.loads(row[field.name])
    return rows


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_every_blns_string_comes_back_from_every_column(project: Project, fmt: str) -> None:
    strings = blns_strings()
    storage.save(hostile_chat(strings), project.log_path("blns"))
    out = project.root / "out"
    export_archive(project, out, fmt)
    units = read_back(out / f"units.{fmt}", "units")
    assert [row["text"] for row in units] == strings
    assert [row["name"] for row in units] == strings
    assert [row["translation_en"] for row in units] == strings
    assert [row["note"] for row in units] == strings
    annotations = read_back(out / f"annotations.{fmt}", "annotations")
    labels = [row for row in annotations if row["kind"] == "label"]
    assert [row["text"] for row in labels] == strings
    assert [row["author"] for row in labels] == strings
    assert [row["text"] for row in annotations if row["kind"] == "note"] == strings
    (log,) = read_back(out / f"logs.{fmt}", "logs")
    assert log["tags"] == strings
    assert log["title_ja"] == "\n".join(strings[:50])
    assert log["model_name"] == strings[3]


def test_a_lone_surrogate_is_refused_by_parquet_and_kept_by_json_lines(project: Project) -> None:
    doc = hostile_chat(["みかん", "\ud83c"])
    storage.save(doc, project.log_path("blns"))
    with pytest.raises(KirokuError) as refused:
        export_archive(project, project.root / "out", "parquet")
    assert str(refused.value) == (
        "blns: logs.title_ja: the text holds a lone surrogate, which Parquet and CSV (UTF-8) "
        "cannot hold; export with --format jsonl, which escapes it"
    )
    assert not (project.root / "out").exists()
    export_archive(project, project.root / "out", "jsonl")
    units = read_back(project.root / "out" / "units.jsonl", "units")
    assert [row["text"] for row in units] == ["みかん", "\ud83c"]
