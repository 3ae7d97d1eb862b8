"""The home page in Chromium: the study at a glance, and the archive filtered and sorted."""

from __future__ import annotations

import pytest
from kiroku.project import Project
from site_support import BLNS_ID

pytestmark = pytest.mark.browser

ROWS = "[data-kiroku-archive] tbody tr"


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        ROWS, "rows => rows.filter(r => !r.hidden).map(r => r.dataset.log)"
    )


@pytest.mark.parametrize(
    ("language", "heading", "rate"),
    [
        ("", "The study at a glance", "30 of 50 outputs start with みかん (60%)"),
        ("ja/", "研究の概要", "50 件中 30 件がみかんで始まる（60%）"),
    ],
)
def test_the_home_page_shows_the_study_s_figures_and_chart(
    page, site_address, language, heading, rate
):
    page.goto(site_address + language)
    study = page.locator("section.kiroku-study")
    assert study.locator("h2").first.inner_text() == heading
    assert rate in study.locator("dl").inner_text()
    bars = study.locator("svg.kiroku-chart rect")
    assert bars.count() == 3
    assert "1.76 × 10⁻⁷" in study.locator(".kiroku-table-note").inner_text()
    link = study.locator("dt a").first
    page.goto(link.evaluate("a => a.href"))
    assert "/logs/claude-" in page.url and page.locator("h1").count() == 1


def test_the_archive_filters_by_model_kind_label_month_and_text(page, built_site, site_address):
    page.goto(site_address)
    everything = visible_ids(page)
    logs = sorted(path.stem for path in Project(built_site.parent).log_paths())
    assert sorted(everything) == logs
    shown = page.locator(".kiroku-archive-shown")
    assert shown.inner_text() == f"{len(logs)} / {len(logs)} shown"
    page.select_option('select[data-filter="kind"]', "batch")
    assert sorted(visible_ids(page)) == sorted(i for i in everything if i.startswith("claude-"))
    assert shown.inner_text() == f"3 / {len(logs)} shown"
    page.select_option('select[data-filter="kind"]', "")
    page.select_option('select[data-filter="model"]', "Claude")
    assert "annotated-chat" in visible_ids(page) and "strawberry-game" not in visible_ids(page)
    page.select_option('select[data-filter="model"]', "")
    page.select_option('select[data-filter="label"]', "ends-in-n")
    with_label = visible_ids(page)
    assert "annotated-chat" in with_label and BLNS_ID not in with_label
    page.select_option('select[data-filter="label"]', "")
    page.select_option('select[data-filter="month"]', "2026-02")
    in_february = visible_ids(page)
    assert "strawberry-game" in in_february and "annotated-chat" not in in_february
    page.select_option('select[data-filter="month"]', "")
    page.fill("input.kiroku-archive-filter", "naughty")
    assert visible_ids(page) == [BLNS_ID]
    page.fill("input.kiroku-archive-filter", "")
    assert visible_ids(page) == everything


def test_the_archive_sorts_by_a_click_on_a_column_heading(page, site_address):
    page.goto(site_address)
    dates = lambda: page.eval_on_selector_all(ROWS, "rs => rs.map(r => r.cells[3].textContent)")  # noqa: E731
    first = dates()
    assert first == sorted(first, reverse=True), "newest first"
    page.locator("[data-kiroku-archive] th").nth(3).click()
    assert dates() == sorted(first, key=lambda d: d or "0000")
    assert page.locator("[data-kiroku-archive] th").nth(3).get_attribute("aria-sort") == "ascending"
    page.locator("[data-kiroku-archive] th").nth(3).click()
    assert dates()[0] == max(first)
    page.locator("[data-kiroku-archive] th").nth(5).click()  # size: by number of turns
    sizes = page.eval_on_selector_all(ROWS, "rs => rs.map(r => Number(r.cells[5].dataset.value))")
    assert sizes == sorted(sizes) and sizes[-1] == 515
    page.locator("[data-kiroku-archive] th").nth(0).click()  # title, in both scripts
    titles = page.eval_on_selector_all(ROWS, "rs => rs.map(r => r.cells[0].dataset.value)")
    assert titles[0].startswith("Annotated")
    page.select_option('select[data-filter="kind"]', "chat")
    assert all(not i.startswith("claude-") for i in visible_ids(page)), "the filter holds"


@pytest.mark.parametrize("language", ["", "ja/"])
@pytest.mark.parametrize("width", [1280, 390])
def test_home_page_screenshots(browser, site_address, screenshot, language, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site_address + language)
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    label = tab.locator("section.kiroku-study svg.kiroku-chart text").first
    assert label.bounding_box()["height"] >= 11, "the chart's labels stay legible on a phone"
    if width == 390:
        rows = tab.locator("[data-kiroku-archive] tbody tr")
        first = rows.first.bounding_box()
        assert first["width"] <= 390 and first["height"] < 140, (
            "each log is a card, not a table row"
        )
    screenshot(tab, f"home-{language.strip('/') or 'en'}-{width}", full_page=True)
    context.close()
