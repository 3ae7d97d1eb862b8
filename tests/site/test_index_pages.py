"""The generated home page and list of logs: the study's figures, and every log as a row to filter."""

from __future__ import annotations

import re

from kiroku.project import Project
from kiroku.site.generate import plan_site
from site_support import BLNS_ID


def page(plan, path: str) -> str:
    return next(p for p in plan.pages if p.path == path).body


def test_the_home_page_opens_with_the_study_then_lists_every_log(site_plan):
    home = page(site_plan, "index.md")
    study, archive = home.split('<h2 id="archive">', 1)
    assert "30 of 50 outputs start with みかん (60%)" in study
    assert study.count("<rect") == 3, "one bar per condition"
    assert "1.76 × 10⁻⁷" in study
    assert 'id="failure-types"' not in study, "no failure type is labelled in this project"
    rows = re.findall(r"<tr data-log=\"([^\"]+)\"", archive)
    assert sorted(rows) == sorted(path[len("logs/") : -3] for path in _log_pages(site_plan))
    assert BLNS_ID not in rows, "the plan is built without the BLNS log"
    chat = re.search(r'<tr data-log="annotated-chat"[^>]*>', archive).group(0)
    assert 'data-kind="chat"' in chat and 'data-model="Claude"' in chat
    assert 'data-experiment="shiritori"' in chat and 'data-month="2026-01"' in chat
    assert re.search(r'data-label="[^"]*\bends-in-n\b', chat)
    assert '<select data-filter="label">' in archive and ">Ends in ん<" in archive
    assert "data-search-exclude" in archive, "the list is not indexed"


def test_the_home_page_counts_failure_types_per_model_as_the_tables_page_does(
    site_project: Project,
):
    path = site_project.root / "logs" / "annotated-chat.yaml"
    text = path.read_text(encoding="utf-8")
    marked = text.replace(
        "        note: The model restarts",
        "        labels:\n"
        "          - id: rule-representation-failure\n"
        "            by: researcher\n"
        "            at: '2026-01-07T10:00:00+09:00'\n"
        "        note: The model restarts",
    )
    assert marked != text
    path.write_text(marked, encoding="utf-8")
    plan = plan_site(site_project)
    for prefix, heading in (
        ("", "Failure types per model (chat logs)"),
        ("ja/", "モデルごとの失敗の型（チャットログ）"),
    ):
        home = page(plan, f"{prefix}index.md")
        glance = home.split('<h3 id="failure-types">', 1)[1].split("</section>", 1)[0]
        assert glance.startswith(heading)
        models = re.findall(r'<th class="kiroku-num">([^<]*)</th>', glance)
        assert models == ["Claude"], "one column per model with chat logs"
        rows = dict(re.findall(r'#label-([\w-]+)">[^<]*</a></th><td[^>]*>([^<]*)</td>', glance))
        assert rows == {
            "turn-initiation-failure": "0 (0)",
            "rule-representation-failure": "1 (0)",
            "generation-verification-gap": "0 (0)",
            "confidence-collapse": "0 (0)",
        }
        tables = page(plan, f"{prefix}tables/index.md")
        full = tables.split('id="table-failure_types"', 1)[1].split("</section>", 1)[0]
        assert re.findall(r'<td class="kiroku-num">(\d+)</td>', full)[2:4] == ["0", "1"]
        assert "tables/#table-failure_types" in glance, "a link to the table with downloads"


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
