"""All 515 BLNS strings pass through import, YAML and load unchanged, wherever text can go."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from kiroku import storage
from kiroku.project import Project
from kiroku.schema import ChatLog, Label
from testkit import REPO, blns_strings

AT = datetime(2026, 4, 20, tzinfo=UTC)
SIDECAR = (
    REPO / "archive" / "mikan-phenomenon" / "claude_fixed_prompt_kami_n50_20260420.csv.meta.yaml"
)


def fresh_load(path: Path) -> ChatLog:
    shutil.rmtree(path.parent.parent / ".kiroku", ignore_errors=True)
    storage._SNAPSHOTS.clear()
    doc = storage.load(path).doc
    assert isinstance(doc, ChatLog)
    return doc


def blns_chat() -> ChatLog:
    strings = blns_strings()
    turns = [
        {
            "index": i,
            "speaker": "user" if i % 2 else "model",
            "text": text,
            "note": text,
            "translation_en": text,
            "labels": [{"id": "ends-in-n", "by": "emi", "at": AT, "note": text}],
        }
        for i, text in enumerate(strings, 1)
    ]
    sessions = [{"index": 1, "turns": turns}]
    sessions += [
        {"index": i, "title": {"ja": text, "en": text}} for i, text in enumerate(strings, 2)
    ]
    return ChatLog.model_validate(
        {
            "id": "blns",
            "title": {"ja": "\n".join(strings[:50]), "en": strings[-1]},
            "model": {"name": strings[3], "interface": "web"},
            "source": {"path": "archive/blns.md", "sha256": "a" * 64, "format": "markdown-chat"},
            "sessions": sessions,
        }
    )


def test_blns_count() -> None:
    assert len(blns_strings()) == 515


def test_every_string_as_text_note_translation_title_and_label_note(project: Project) -> None:
    doc = blns_chat()
    path = project.log_path("blns")
    storage.save(doc, path)
    assert fresh_load(path) == doc
    loaded = storage.load(path)
    for turn, text in zip(loaded.doc.units(), reversed(blns_strings()), strict=True):
        turn.labels.append(Label(id="second", by=text, at=AT, note=text))
    storage.save(loaded.doc, path, loaded.sha256)
    again = fresh_load(path)
    assert again == loaded.doc
    assert [t.labels[1].note for t in again.units()] == list(reversed(blns_strings()))


def test_every_string_as_a_log_title(project: Project) -> None:
    base = blns_chat().model_copy(update={"sessions": []})
    path = project.log_path("blns")
    for text in blns_strings():
        doc = base.model_copy(update={"title": base.title.model_copy(update={"ja": text})})
        storage.save(doc, path)
        assert fresh_load(path).title.ja == text


def test_every_string_as_csv_content_imports_unchanged(project: Project, kiroku, tmp_path) -> None:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(["trial", "output", "is_mikan", "timestamp"])
    for number, text in enumerate(blns_strings(), 1):
        writer.writerow([number, text, "False", "2026-04-20T12:00:00"])
    raw = tmp_path / "incoming" / "blns.csv"
    raw.parent.mkdir()
    raw.write_bytes(stream.getvalue().encode("utf-8"))
    shutil.copy(SIDECAR, raw.with_name("blns.csv.meta.yaml"))
    meta = raw.with_name("blns.csv.meta.yaml")
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "id: claude-fixed-prompt-kami-n50-20260420", "id: blns-csv"
        ),
        encoding="utf-8",
    )
    result = kiroku("import", str(raw))
    assert result.exit_code == 0, result.stderr
    doc = storage.load(project.log_path("blns-csv")).doc
    assert [t.output for t in doc.units()] == blns_strings()
    assert kiroku("check").exit_code == 0


def test_every_string_as_json_content_imports_unchanged(project: Project, kiroku, tmp_path) -> None:
    batch = {
        "model": "qwen/qwen3-8b",
        "prompt": "しりとり",
        "condition": "blns",
        "timestamp": "20260420_120000",
        "results": [{"trial": i, "output": t} for i, t in enumerate(blns_strings(), 1)],
    }
    raw = tmp_path / "blns.json"
    raw.write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    result = kiroku("import", str(raw))
    assert result.exit_code == 0, result.stderr
    [path] = project.log_paths()
    assert [t.output for t in storage.load(path).doc.units()] == blns_strings()
    assert kiroku("check").exit_code == 0
