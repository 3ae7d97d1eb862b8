"""A measured figure, its reference measured in the same run, and the table `kiroku bench` prints."""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def user_environment() -> dict[str, str]:
    """The environment of a command the bench runs in a fresh process, as a user's would be:
    MkDocs 2's notice off (it prints on every build), and Python keeping the modules it
    compiled (`PYTHONDONTWRITEBYTECODE` dropped, which some sandboxes set: with it each fresh
    process compiled Kiroku's modules again, about 0.4 s of every step)."""
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass(frozen=True)
class Figure:
    """One benchmark result, judged against a reference measured on the same machine and run.

    A ratio to a reference (not an absolute time) is what stays comparable across machines.
    """

    name: str
    value: float
    unit: str
    reference: float | None = None
    reference_name: str = ""
    target: str = ""
    """`≥3×`, `≤1/40`, `≤80 KB`; empty for a figure that is only reported."""
    passed: bool | None = None
    ratio: float | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return "-"
        return "pass" if self.passed else "FAIL"


def seconds(run: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of `repeat` runs: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def median_seconds(runs: list[float]) -> float:
    return statistics.median(runs)


def faster(
    name: str,
    value: float,
    unit: str,
    reference: float,
    reference_name: str,
    at_least: float,
    note: str = "",
) -> Figure:
    """A throughput figure that must be `at_least` times the reference's."""
    ratio = value / reference if reference else float("inf")
    return Figure(
        name,
        value,
        unit,
        reference,
        reference_name,
        f"≥{at_least:g}×",
        ratio >= at_least,
        ratio,
        note,
    )


def cheaper(
    name: str,
    value: float,
    reference: float,
    reference_name: str,
    at_most: float | None,
    note: str = "",
) -> Figure:
    """A time that must be at most the fraction `at_most` of the reference time."""
    ratio = value / reference if reference else float("inf")
    target = (
        f"≤1/{1 / at_most:g}"
        if at_most is not None and at_most < 1
        else (f"≤{at_most:g}×" if at_most is not None else "")
    )
    passed = ratio <= at_most if at_most is not None else None
    return Figure(name, value, "s", reference, reference_name, target, passed, ratio, note)


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "B":
        return f"{value / 1024:.1f} KB" if value < 1024 * 1024 else f"{value / 2**20:.2f} MB"
    if value >= 1000:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:.3g} {unit}".strip()


def _ratio(value: float | None) -> str:
    """A ratio as people read one: 3.2×, 0.82× near one, 1/14 for a small fraction (with
    its decimal, so a fraction close to a target such as 1/10 is not rounded across it)."""
    if value is None:
        return ""
    if value >= 1:
        return f"{value:.1f}×"
    if value >= 0.5:
        return f"{value:.2f}×"
    return f"1/{1 / value:.0f} ({value:.3g})" if value > 0 else "0"


def render_table(figures: list[Figure]) -> str:
    """A markdown table, readable in a terminal and pasteable into the README."""
    rows = [("figure", "value", "reference (same run)", "ratio", "target", "result")]
    for f in figures:
        reference = f"{_number(f.reference, f.unit)} {f.reference_name}".strip()
        name = f"{f.name} ({f.note})" if f.note else f.name
        rows.append(
            (name, _number(f.value, f.unit), reference, _ratio(f.ratio), f.target, f.verdict)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
