"""The static bar charts: labels beside the bars, or each on its own line above its bar."""

from __future__ import annotations

import re

from kiroku.site.chart import BAR_WIDTH, COUNT_WIDTH, bar_chart

BARS = [("fixed prompt, prior word かみ", 1.0), ("natural, imprecise rule, prior word うみ", 0.6)]


def test_labels_beside_the_bars_take_room_on_their_left():
    svg = bar_chart(BARS, "rate", shown_as=lambda v: f"{v:.0%}")
    width = int(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    assert width > BAR_WIDTH + COUNT_WIDTH
    assert re.findall(r'<rect x="(\d+)"', svg)[0] != "0"
    assert ">60%</text>" in svg


def test_labels_above_the_bars_leave_the_chart_as_narrow_as_its_bars():
    svg = bar_chart(BARS, "rate", shown_as=lambda v: f"{v:.0%}", labels_above=True)
    assert re.search(r'viewBox="0 0 (\d+)', svg).group(1) == str(BAR_WIDTH + COUNT_WIDTH)
    groups = re.findall(r'<g class="kiroku-bar">(.*?)</g>', svg)
    assert len(groups) == 2
    for group, (label, _) in zip(groups, BARS, strict=True):
        text_y = float(re.search(rf'<text x="0" y="([\d.]+)">{label}</text>', group).group(1))
        rect_y = float(re.search(r'<rect x="0" y="([\d.]+)"', group).group(1))
        assert text_y < rect_y, "the label is over its bar"
    first, second = (float(re.search(r'<rect x="0" y="([\d.]+)"', g).group(1)) for g in groups)
    assert second - first > 26, "each bar leaves room for the next label"


def test_a_label_wider_than_the_bars_widens_the_chart_instead_of_being_cut():
    long = "自然なプロンプト・正確なルール・直前の語「うみ」・もっと長い条件の名前です"
    svg = bar_chart([(long, 1.0)], "rate", labels_above=True)
    assert int(re.search(r'viewBox="0 0 (\d+)', svg).group(1)) > BAR_WIDTH + COUNT_WIDTH
