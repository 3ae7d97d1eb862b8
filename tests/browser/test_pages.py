"""Pages as a reader sees them in Chromium: formatted turns with the raw text one click away."""

from __future__ import annotations

import pytest
from site_support import BLNS_ID

pytestmark = pytest.mark.browser

FORMATTED = "logs/formatted-chat/"
BATCH = "logs/claude-natural-imprecise-umi-n50-20260420/"


def test_a_turn_in_markdown_shows_formatted_with_the_raw_text_one_click_away(
    page, site_address, screenshot
):
    page.goto(site_address + FORMATTED)
    turn = page.locator("#s1-t2")
    shown = turn.locator(".kiroku-original .kiroku-md")
    raw = turn.locator(".kiroku-original .kiroku-source")
    assert shown.locator("li strong").first.inner_text() == "こいのぼり"
    assert shown.locator("ol li").all_inner_texts() == ["まず「こいのぼり」", "次は「り」です"]
    assert shown.locator("blockquote").inner_text() == "「ん」で終わったら負けですよ。"
    assert shown.locator("code").first.inner_text() == "り"
    assert "<script>" in shown.inner_text(), "raw HTML shows as text"
    assert shown.locator("a").count() == 0, "a javascript: link stays text"
    assert turn.locator(".kiroku-translation .kiroku-md li strong").inner_text() == "koinobori"
    assert raw.is_hidden()

    toggle = turn.locator(".kiroku-source-toggle")
    assert toggle.inner_text() == "show raw text"
    toggle.click()
    assert raw.is_visible() and shown.is_hidden()
    assert raw.inner_text().startswith("いいですね！「こ」から始まる言葉：\n\n* **こいのぼり** 🎏")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert turn.locator(".kiroku-translation .kiroku-source").is_visible()
    screenshot(page, "formatted-turn-raw")
    toggle.click()
    assert shown.is_visible() and raw.is_hidden()
    assert toggle.inner_text() == "show raw text"

    plain = page.locator("#s1-t3")
    assert plain.locator(".kiroku-source-toggle").count() == 0, "no toggle where nothing differs"
    assert plain.locator(".kiroku-original .kiroku-text").inner_text() == "りんご"
    heading = page.locator("#s1-t4 .kiroku-md h6")
    assert heading.inner_text() == "「ご」ですね"
    link = page.locator("#s1-t4 .kiroku-md a")
    assert link.get_attribute("href").startswith("https://ja.wikipedia.org/wiki/")
    assert page.dialogs == [] and page.outside_requests == []
    screenshot(page, "formatted-turn", full_page=True)


def test_a_trial_output_in_markdown_is_formatted_with_its_raw_text_one_click_away(
    page, site_address
):
    page.goto(site_address + "ja/" + BATCH)
    row = page.locator("#trial-1")
    output = row.locator(".kiroku-output.kiroku-marked")
    assert output.locator("strong").first.inner_text() == "みかん"
    assert "**" not in output.inner_text(), "the delimiters are hidden"
    assert output.text_content().count("**みかん**") == 1, "the exact text, written once"
    row.locator(".kiroku-source-toggle").click()
    assert "**みかん**" in output.inner_text()
    weight = output.locator("strong").first.evaluate("e => getComputedStyle(e).fontWeight")
    assert weight == output.evaluate("e => getComputedStyle(e).fontWeight"), "no bold when raw"
    assert row.locator(".kiroku-source-toggle").inner_text() == "整形して表示"


def test_no_blns_string_turns_into_a_link_an_image_or_a_script(page, site_address):
    page.goto(site_address + f"logs/{BLNS_ID}/")
    page.wait_for_load_state("load")
    assert page.locator("article.kiroku-turn .kiroku-md").count() >= 50, (
        "the strings with markdown in them render"
    )
    unsafe = page.evaluate(
        """() => Array.from(document.querySelectorAll('article.kiroku-turn a[href]'))
            .map(a => a.getAttribute('href'))
            .filter(href => !/^(https?:|mailto:|#|\\.\\.\\/)/i.test(href))"""
    )
    assert unsafe == []
    assert page.locator("article.kiroku-turn :is(img, script, iframe, object, svg)").count() == 0
    assert (
        page.evaluate(
            "() => Array.from(document.querySelectorAll('article.kiroku-turn *'))"
            ".filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length"
        )
        == 0
    )
    assert page.dialogs == [] and page.outside_requests == []


def test_a_click_anywhere_in_a_header_cell_sorts_the_trials(page, site_address):
    page.goto(site_address + BATCH)
    header = page.locator("table.kiroku-sortable thead th").first
    box = header.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    page.mouse.click(box["x"] + 2, box["y"] + 2)
    assert header.get_attribute("aria-sort") == "descending"
    first = page.locator("table.kiroku-sortable tbody tr").first
    assert first.get_attribute("id") == "trial-50"
    played = page.locator("table.kiroku-sortable thead th").nth(1)
    played.click(position={"x": 3, "y": 3})
    values = page.locator("table.kiroku-sortable tbody td:nth-child(2)").evaluate_all(
        "cells => cells.map(c => c.dataset.value)"
    )
    assert values == sorted(values, key=lambda word: word.encode("utf-16-be"))


def test_suggested_trials_get_no_row_colour_only_a_quiet_marker(page, site_address):
    page.goto(site_address + BATCH)
    rows = page.locator("table.kiroku-sortable tbody tr.kiroku-row-suggested")
    assert rows.count() == 50
    looks = rows.first.evaluate(
        """row => [getComputedStyle(row).backgroundColor,
                   getComputedStyle(row.cells[0]).borderLeftStyle]"""
    )
    assert looks == ["rgba(0, 0, 0, 0)", "dashed"]
    ends_in_n = page.locator("#trial-1 .kiroku-played li").first
    assert ends_in_n.evaluate("li => getComputedStyle(li).backgroundColor") == "rgba(0, 0, 0, 0)"
