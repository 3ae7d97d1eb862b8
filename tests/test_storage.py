"""Storage: round-trip YAML keeps a person's edits, writes are atomic, bad files are located."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.errors import ConflictError, StorageError
from kiroku.schema import (
    Bilingual,
    ChatLog,
    Label,
    ModelInfo,
    Session,
    Source,
    Turn,
)

WHEN = datetime(2026, 4, 21, 9, 0, tzinfo=UTC)


def make_log(*texts: str) -> ChatLog:
    turns = [
        Turn(index=i, speaker="user" if i % 2 else "model", text=text)
        for i, text in enumerate(texts, 1)
    ]
    return ChatLog(
        id="claude-shiritori-2025-10-28",
        title=Bilingual(ja="しりとり", en="Shiritori"),
        model=ModelInfo(name="Claude", interface="web"),
        source=Source(path="archive/x.md", sha256="0" * 64, format="markdown-chat"),
        sessions=[Session(index=1, turns=turns)],
    )


def test_save_then_load_gives_the_same_document(tmp_path: Path) -> None:
    doc = make_log("うみ", "「み」ですね！\n\n**みかん** 🍊", "またか🤣")
    path = tmp_path / "logs" / "log.yaml"
    storage.save(doc, path)
    assert storage.load(path).doc == doc


def test_multiline_text_is_a_block_scalar_a_person_can_read(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    storage.save(make_log("「み」ですね！\n\n**みかん** 🍊"), path)
    text = path.read_text(encoding="utf-8")
    assert "text: |-\n" in text
    assert "      **みかん** 🍊\n" in text


def test_a_hand_written_comment_and_layout_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "log.yaml"
    doc = make_log("うみ", "みかん")
    storage.save(doc, path)
    edited = path.read_text(encoding="utf-8").replace(
        "sessions:", "# checked against the screenshot on 2025-10-29\nsessions:"
    )
    edited = edited.replace("  en: Shiritori", "  en: Shiritori   # my translation")
    path.write_text(edited, encoding="utf-8")

    loaded = storage.load(path)
    loaded.doc.sessions[0].turns[1].labels.append(Label(id="ends-in-n", by="emi", at=WHEN))
    storage.save(loaded.doc, path, expect_sha256=loaded.sha256)

    text = path.read_text(encoding="utf-8")
    assert "# checked against the screenshot on 2025-10-29\nsessions:" in text
    assert "  en: Shiritori   # my translation" in text
    assert "id: ends-in-n" in text
    assert storage.load(path).doc.sessions[0].turns[1].labels[0].by == "emi"


def test_a_comment_inside_a_turn_stays_in_its_column_over_saves(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "log.yaml"
    storage.save(make_log("うみ", "みかん"), path)
    edited = path.read_text(encoding="utf-8").replace(
        "      - index: 2\n", "      - index: 2  # the famous みかん turn\n"
    )
    path.write_text(edited, encoding="utf-8")
    for note in ("first", "second"):
        loaded = storage.load(path)
        loaded.doc.sessions[0].turns[1].note = note
        storage.save(loaded.doc, path, expect_sha256=loaded.sha256)
    text = path.read_text(encoding="utf-8")
    assert "      - index: 2  # the famous みかん turn\n" in text
    assert "note: second" in text


def test_key_order_chosen_by_a_person_survives(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    storage.save(make_log("うみ"), path)
    text = path.read_text(encoding="utf-8")
    title_block = "title:\n  ja: しりとり\n  en: Shiritori\n"
    assert title_block in text
    path.write_text(text.replace(title_block, "title:\n  en: Shiritori\n  ja: しりとり\n"))
    loaded = storage.load(path)
    loaded.doc.notes = Bilingual(en="A note")
    storage.save(loaded.doc, path)
    assert "title:\n  en: Shiritori\n  ja: しりとり\n" in path.read_text(encoding="utf-8")


def test_saving_over_a_file_changed_on_disk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    storage.save(make_log("うみ"), path)
    loaded = storage.load(path)
    path.write_text(path.read_text(encoding="utf-8") + "# edited meanwhile\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ConflictError, match="changed on disk"):
        storage.save(loaded.doc, path, expect_sha256=loaded.sha256)
    assert path.read_bytes() == before


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    storage.save(make_log("うみ", "みかん"), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + ": : ["
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        storage.load(path)
    assert str(caught.value).startswith(f"{path}:")
    assert caught.value.line is not None and 5 <= caught.value.line <= 7


def test_a_schema_error_names_the_field_and_its_line(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    storage.save(make_log("うみ", "みかん"), path)
    text = path.read_text(encoding="utf-8").replace("speaker: model", "speaker: robot")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        storage.load(path)
    line = text.splitlines().index("        speaker: robot") + 1
    assert caught.value.line == line
    assert "sessions.0.turns.1.speaker" in str(caught.value)


def test_saving_never_replaces_an_unparsable_file(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(StorageError):
        storage.save(make_log("うみ"), path)
    assert path.read_text(encoding="utf-8") == "id: [unclosed\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "log.yaml"
    storage.save(make_log("うみ"), path)
    before = path.read_bytes()

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        storage.save(make_log("うみ", "みかん"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["log.yaml"]


def test_cache_is_not_trusted_after_a_hand_edit(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "log.yaml"
    storage.save(make_log("うみ"), path)
    assert storage.load(path).doc.title.en == "Shiritori"
    text = path.read_text(encoding="utf-8").replace("en: Shiritori", "en: Word chain")
    path.write_text(text, encoding="utf-8")
    assert storage.load(path).doc.title.en == "Word chain"


def test_newer_schema_version_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    storage.save(make_log("うみ"), path)
    text = path.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 99")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StorageError, match="newer than this kiroku"):
        storage.load(path)


def test_blns_strings_survive_storage_as_turn_text(tmp_path: Path) -> None:
    from testkit import blns_strings

    strings = blns_strings()
    doc = make_log(*strings)
    path = tmp_path / "logs" / "blns.yaml"
    storage.save(doc, path)
    # bypass the JSON cache: parse the YAML itself
    tree = storage.parse_yaml(path.read_text(encoding="utf-8"), path)
    again = storage.validate_tree(tree, path)
    assert [t.text for t in again.sessions[0].turns] == strings
