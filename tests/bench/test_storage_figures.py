"""The storage figures on a short log: measured and printed, judged only at 10,000 turns."""

from __future__ import annotations

from pathlib import Path

from kiroku.bench.storage_figures import STATED_TURNS, storage_figures


def test_a_short_log_gives_every_figure_for_information_only(tmp_path: Path) -> None:
    figures = storage_figures(tmp_path, 40, 1)
    names = [figure.name for figure in figures]
    assert any(name.startswith("storage.save one label, 40-turn log") for name in names)
    assert all(figure.value > 0 for figure in figures)
    assert all(figure.passed is None for figure in figures), "no target below 10,000 turns"
    judged_notes = [f.note for f in figures if f.reference is not None and "save" in f.name]
    assert judged_notes and all(f"{STATED_TURNS:,} turns" in note for note in judged_notes)
