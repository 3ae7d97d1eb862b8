"""The terminal-app figures on a small log: every stage measured, in order, with its target."""

from __future__ import annotations

from pathlib import Path

from kiroku.bench.tui_figures import tui_figures


def test_tui_figures_measure_opening_layout_keys_and_saving(tmp_path: Path) -> None:
    figures = {figure.name.split(",")[0]: figure for figure in tui_figures(tmp_path, 60, 1)}
    opened = figures["terminal app: open a 60-turn log"]
    painted = figures["terminal app: first screenful drawn"]
    laid_out = figures["terminal app: every turn laid out"]
    assert opened.target == "≤1/6" and opened.reference and opened.reference > 0
    assert 0 < painted.value <= opened.value <= laid_out.value + 1
    assert figures["terminal app: key while saving a label"].value > 0
    assert figures["terminal app: save one label"].target == "≤1/40"
