"""The generated home page and list of logs: the study's figures, and every log as a row to filter."""

from __future__ import annotations

import re

from site_support import BLNS_ID


def page(plan, path: str) -> str:
    return next(p for p in plan.pages if p.path == path).body


def test_the_home_page_opens_with_the_study_then_lists_every_log(site_plan):
    home = page(site_plan, "index.md")
    study, archive = home.split('<h2 id="archive">', 1)
    assert "30 of 50 outputs start with みかん (60%)" in study
    assert study.count("<rect") == 3, "one bar per condition"
    assert "1.76 × 10⁻⁷" in study
    assert "<!-- kiroku: failure types per model -->" in study or "table-failure_types" in study
    rows = re.findall(r"<tr data-log=\"([^\"]+)\"", archive)
    assert sorted(rows) == sorted(path[len("logs/") : -3] for path in _log_pages(site_plan))
    assert BLNS_ID not in rows, "the plan is built without the BLNS log"
    chat = re.search(r'<tr data-log="annotated-chat"[^>]*>', archive).group(0)
    assert 'data-kind="chat"' in chat and 'data-model="Claude"' in chat
    assert 'data-experiment="shiritori"' in chat and 'data-month="2026-01"' in chat
    assert re.search(r'data-label="[^"]*\bends-in-n\b', chat)
    assert '<select data-filter="label">' in archive and ">Ends in ん<" in archive
    assert "data-search-exclude" in archive, "the list is not indexed"


def test_the_japanese_home_page_says_it_in_japanese(site_plan):
    home = page(site_plan, "ja/index.md")
    assert "研究の概要" in home and "50 件中 30 件がみかんで始まる（60%）" in home
    assert ">すべて</option>" in home and "アーカイブ" in home


def test_the_logs_page_is_the_same_list(site_plan):
    logs = page(site_plan, "logs/index.md")
    assert logs.count("<tr data-log=") == page(site_plan, "index.md").count("<tr data-log=")
    assert "data-kiroku-archive" in logs


def _log_pages(plan) -> list[str]:
    return [
        p.path
        for p in plan.pages
        if re.fullmatch(r"logs/[^/]+\.md", p.path) and p.path != "logs/index.md"
    ]
