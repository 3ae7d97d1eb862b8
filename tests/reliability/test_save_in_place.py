"""Saving a few changed turns rewrites only their lines, keeps comments, and stays exact."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.errors import ConflictError
from kiroku.schema import BatchLog, Label
from testkit import DATA, REPO

COMMENTED = DATA / "reliability" / "commented-chat.yaml"
AT = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    (tmp_path / "logs").mkdir()
    path = tmp_path / "logs" / "commented-chat.yaml"
    shutil.copy(COMMENTED, path)
    return path


def fresh_load(path: Path) -> storage.Loaded:
    """Load bypassing every cache, as a new process with no `.kiroku/` would."""
    shutil.rmtree(path.parent.parent / ".kiroku", ignore_errors=True)
    storage._SNAPSHOTS.clear()
    return storage.load(path)


def test_label_on_one_turn_leaves_every_other_line_as_written(log_path: Path) -> None:
    before = log_path.read_text(encoding="utf-8")
    loaded = storage.load(log_path)
    loaded.doc.turn(1, 3).labels.append(Label(id="ends-in-n", by="emi", at=AT, note="# hi"))
    storage.save(loaded.doc, log_path, loaded.sha256)
    after = log_path.read_text(encoding="utf-8")
    untouched_head = before.split("      - index: 3")[0]
    untouched_tail = before.split("\n  - index: 2\n")[1]
    assert after.startswith(untouched_head)
    assert after.endswith(untouched_tail)
    assert "speaker:   user    # odd spacing" in after
    assert '"らっぱ"   # quoted on purpose' in after or '"らっぱ"' in after
    assert fresh_load(log_path).doc == loaded.doc


def test_comments_inside_the_changed_turn_survive(log_path: Path) -> None:
    loaded = storage.load(log_path)
    loaded.doc.turn(1, 2).note = "訂正あり"
    storage.save(loaded.doc, log_path, loaded.sha256)
    text = log_path.read_text(encoding="utf-8")
    assert "# a comment inside turn 2" in text
    assert "# the first game" in text
    assert "# trailing comment of the file" in text
    reloaded = fresh_load(log_path).doc
    assert reloaded.turn(1, 2).note_text() == "訂正あり"
    assert reloaded.turn(1, 2).text == "ごりら 🦍\n\n# not a comment: part of the text"


def test_many_saves_in_a_row_each_reload_exactly(log_path: Path) -> None:
    loaded = storage.load(log_path)
    for number, (session, turn) in enumerate([(1, 1), (2, 1), (1, 3), (1, 1), (2, 1)]):
        unit = loaded.doc.turn(session, turn)
        unit.labels.append(Label(id=f"label-{number}", by="emi", at=AT))
        storage.save(loaded.doc, log_path, loaded.sha256)
        loaded = storage.load(log_path)
    assert fresh_load(log_path).doc == loaded.doc
    assert [label.id for label in loaded.doc.turn(1, 1).labels] == ["label-0", "label-3"]


def test_a_change_outside_turns_is_saved_too(log_path: Path) -> None:
    loaded = storage.load(log_path)
    loaded.doc.title.en = "Renamed"
    loaded.doc.turn(1, 1).note = "note"
    storage.save(loaded.doc, log_path, loaded.sha256)
    reloaded = fresh_load(log_path).doc
    assert reloaded.title.en == "Renamed"
    assert reloaded.turn(1, 1).note_text() == "note"
    assert "# a comment inside turn 2" in log_path.read_text(encoding="utf-8")


def test_flow_style_turns_fall_back_to_a_full_save(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    path = tmp_path / "logs" / "flow.yaml"
    text = COMMENTED.read_text(encoding="utf-8")
    flow = text.replace(
        "    turns:\n      - index: 1\n        speaker:   model\n        text: みかん\n",
        "    turns: [{index: 1, speaker: model, text: みかん}]\n",
    )
    assert flow != text
    path.write_text(flow, encoding="utf-8")
    loaded = storage.load(path)
    loaded.doc.turn(2, 1).note = "flow"
    storage.save(loaded.doc, path, loaded.sha256)
    assert fresh_load(path).doc == loaded.doc


def test_a_file_changed_behind_our_back_is_refused_not_patched(log_path: Path) -> None:
    loaded = storage.load(log_path)
    log_path.write_text(log_path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    loaded.doc.turn(1, 1).note = "mine"
    with pytest.raises(ConflictError):
        storage.save(loaded.doc, log_path, loaded.sha256)
    assert log_path.read_text(encoding="utf-8").endswith("# edited\n")


def test_a_stale_cache_never_drives_a_patch(log_path: Path) -> None:
    """Snapshot says one thing, file says another (edited, same process): a full save is done."""
    loaded = storage.load(log_path)
    edited = log_path.read_text(encoding="utf-8").replace("みかん", "みかさ")
    log_path.write_text(edited, encoding="utf-8")
    loaded.doc.turn(1, 1).note = "saved without expect_sha256"
    storage.save(loaded.doc, log_path)
    reloaded = fresh_load(log_path).doc
    assert reloaded == loaded.doc
    assert reloaded.turn(2, 1).text == "みかん"


def test_a_patched_save_writes_what_a_full_save_would(tmp_path: Path) -> None:
    """Fields added to a turn land where a full save puts them: evidence first, then what a
    person added, in the schema's order."""
    loaded = fresh_load(_written_by_kiroku(tmp_path))
    turn = loaded.doc.turn(1, 2)
    turn.note = "a note"
    turn.translation_en = "Then, pineapple!"
    turn.labels.append(Label(id="ends-in-n", by="emi", at=AT))
    turn.name = "Claude 3"  # evidence added after the annotations exist
    storage.save(loaded.doc, loaded.path, loaded.sha256)
    assert loaded.path.read_bytes() == storage.dump_document(loaded.doc)


def _written_by_kiroku(tmp_path: Path) -> Path:
    """The commented fixture as a full save writes it (no comments, Kiroku's own layout)."""
    (tmp_path / "logs").mkdir()
    path = tmp_path / "logs" / "plain.yaml"
    shutil.copy(COMMENTED, path)  # loaded from a copy: a load writes a cache beside the file
    path.write_bytes(storage.dump_document(storage.load(path).doc))
    return path


def test_a_text_ending_in_blank_lines_saved_in_place_keeps_the_file_whole(
    tmp_path: Path,
) -> None:
    """Dumped alone, a note ending in blank lines (`|+`) closes its document with `...`:
    spliced into the file that line would end the document there (found by the fuzzer)."""
    (tmp_path / "logs").mkdir()
    path = tmp_path / "logs" / "batch.yaml"  # trials sit at column 0, where `...` stays
    shutil.copy(REPO / "logs" / "claude-natural-precise-umi-n50-20260420.yaml", path)
    loaded = fresh_load(path)
    assert isinstance(loaded.doc, BatchLog)
    loaded.doc.trials[0].note = "0\n\n"
    storage.save(loaded.doc, loaded.path, loaded.sha256)
    assert "\n...\n" not in loaded.path.read_text(encoding="utf-8")
    assert fresh_load(loaded.path).doc == loaded.doc
