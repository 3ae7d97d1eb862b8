"""Static SVG bar charts drawn at build time: no chart library, no script, no network."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kiroku.site.html import escape

ROW = 26
BAR_WIDTH = 330
COUNT_WIDTH = 60
MAX_room = 320
LABEL_LINE = 18
"""Height of a label's own line over its bar (`labels_above`)."""


def text_width(labels: Sequence[str]) -> int:
    """About how wide the longest label is: wide (CJK) characters take twice a Latin one."""
    return max((sum(13 if ord(c) > 0x2E7F else 7 for c in label) for label in labels), default=0)


def label_width(labels: Sequence[str]) -> int:
    """Room for the longest label beside the bars."""
    return min(MAX_room, max(60, text_width(labels) + 12))


def bar_chart(
    bars: Sequence[tuple[str, float]],
    title: str,
    empty: str = "no data",
    shown_as: Callable[[float], str] | None = None,
    labels_above: bool = False,
) -> str:
    """A horizontal bar chart, one bar per `(label, value)`, longest bar = largest value,
    each value printed beside its bar (by `shown_as`, e.g. as a percentage).

    With `labels_above` each label is written on its own line over its bar, so the chart is
    only as wide as its bars and stays legible when a phone scales it down.

    The SVG is inline so its text uses the page's fonts (Japanese labels render like the page)
    and follows the light or dark colour scheme through `currentColor` and CSS variables.
    """
    room = 0 if labels_above else label_width([label for label, _ in bars])
    lead = LABEL_LINE if labels_above else 0
    row = ROW + lead
    width = room + BAR_WIDTH + COUNT_WIDTH
    if labels_above:
        width = max(width, text_width([label for label, _ in bars]) + 4)
    height = max(1, len(bars)) * row + 8
    top = max((value for _, value in bars), default=0)
    rows: list[str] = []
    for i, (label, value) in enumerate(bars):
        y = 4 + i * row
        length = 0.0 if top <= 0 else BAR_WIDTH * value / top
        shown = escape(shown_as(value)) if shown_as is not None else f"{value:g}"
        name = (
            f'<text x="0" y="{y + lead - 4:g}">{escape(label)}</text>'
            if labels_above
            else f'<text x="{room - 8}" y="{y + ROW / 2 + 5:g}" text-anchor="end">{escape(label)}</text>'
        )
        y += lead
        rows.append(
            f'<g class="kiroku-bar">{name}'
            f'<rect x="{room}" y="{y + 3}" width="{length:.1f}" height="{ROW - 8}" rx="2">'
            f"<title>{escape(label)}: {shown}</title></rect>"
            f'<text x="{room + length + 6:.1f}" y="{y + ROW / 2 + 5:g}">{shown}</text></g>'
        )
    if not bars:
        rows.append(f'<text x="{room}" y="{ROW / 2 + 5:g}">{escape(empty)}</text>')
    return (
        f'<svg class="kiroku-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(title)}</title>{''.join(rows)}</svg>"
    )
