"""Any chat log or batch survives `storage.save` and `storage.load` unchanged, by every path."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kiroku import storage
from kiroku.schema import BatchLog, ChatLog, Label
from testkit import soaked

from reliability.strategies import documents, hostile_text

FUZZ = settings(
    max_examples=soaked(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def fresh_load(path: Path) -> ChatLog | BatchLog:
    """Read the YAML itself: no JSON cache, nothing remembered in memory."""
    shutil.rmtree(path.parent.parent / ".kiroku", ignore_errors=True)
    storage._SNAPSHOTS.clear()
    return storage.load(path).doc


def scratch_log() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kiroku-fuzz-"))
    (folder / "logs").mkdir()
    return folder / "logs" / "fuzz.yaml"


@FUZZ
@given(documents)
def test_a_new_file_loads_back_equal(doc: ChatLog | BatchLog) -> None:
    path = scratch_log()
    try:
        storage.save(doc, path)
        assert fresh_load(path) == doc
        assert storage.load(path).doc == doc
    finally:
        shutil.rmtree(path.parent.parent)


@FUZZ
@given(documents, st.data())
def test_changing_one_unit_in_place_loads_back_equal(
    doc: ChatLog | BatchLog, data: st.DataObject
) -> None:
    path = scratch_log()
    try:
        storage.save(doc, path)
        loaded = storage.load(path)
        units = loaded.doc.units()
        if units:
            unit = units[data.draw(st.integers(0, len(units) - 1))]
            unit.note = data.draw(hostile_text)
            unit.labels.append(
                Label(id="fuzz", by=data.draw(hostile_text), at=datetime(2026, 1, 1, tzinfo=UTC))
            )
        storage.save(loaded.doc, path, loaded.sha256)
        assert storage.load(path).doc == loaded.doc
        assert fresh_load(path) == loaded.doc
    finally:
        shutil.rmtree(path.parent.parent)


@FUZZ
@given(documents, documents)
def test_saving_over_another_document_loads_back_equal(
    first: ChatLog | BatchLog, second: ChatLog | BatchLog
) -> None:
    path = scratch_log()
    try:
        storage.save(first, path)
        storage.save(second, path)
        assert fresh_load(path) == second
    finally:
        shutil.rmtree(path.parent.parent)
