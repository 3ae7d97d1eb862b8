"""Page generation: what each page of a small real-like project shows, in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.errors import KirokuError
from kiroku.site.chat_page import chat_page
from kiroku.site.fragments import PageContext
from kiroku.site.generate import Page, plan_site, write_docs
from kiroku.site.html import escape


def pages_by_path(plan) -> dict[str, Page]:
    return {page.path: page for page in plan.pages}


def test_every_log_has_a_page_in_each_language(site_plan):
    paths = set(pages_by_path(site_plan))
    for log_id in ("annotated-chat", "claude-natural-precise-umi-n50-20260420"):
        assert f"logs/{log_id}.md" in paths
        assert f"ja/logs/{log_id}.md" in paths
    assert {"index.md", "ja/index.md", "taxonomy/index.md", "ja/tables/index.md"} <= paths


def test_chat_page_shows_original_translation_or_its_absence_and_romaji(site_plan):
    page = pages_by_path(site_plan)["logs/annotated-chat.md"].body
    assert 'id="s1-t1"' in page and 'id="s1-t4"' in page
    assert "しりとりをしましょう。「うみ」" in page
    assert "Let&#39;s play shiritori. &quot;Umi&quot; (sea)." in page
    assert page.count("not yet translated") == 2
    assert 'class="kiroku-romaji" lang="en">gaka<' in page
    assert '<a class="kiroku-anchor" href="#s1-t2"' in page and 'data-copy-link="copy link"' in page
    assert "<button" not in page, "the copy buttons are the script's: no script, no button"


def test_a_log_nobody_translated_says_so_once_and_shows_its_turns_alone(site_project):
    doc = storage.load(site_project.log_path("annotated-chat")).doc
    for unit in doc.units():
        unit.translation_en = None
    page = chat_page(doc, PageContext("en", "logs/annotated-chat/"))
    assert page.count("No turn of this log is translated yet") == 1
    assert "not yet translated" not in page, "no column of placeholders"
    assert "kiroku-translation" not in page and "Original (Japanese)" not in page
    assert page.count('class="kiroku-original"') == len(list(doc.units()))
    japanese = chat_page(doc, PageContext("ja", "ja/logs/annotated-chat/"))
    assert "英訳" not in japanese and "原文" not in japanese


def test_japanese_page_shows_furigana_for_kanji_words_only(site_plan):
    page = pages_by_path(site_plan)["ja/logs/annotated-chat.md"].body
    assert "<ruby>画家<rp>(</rp><rt>がか</rt><rp>)</rp></ruby>" in page
    assert "<ruby>みかん" not in page
    assert "not yet translated" not in page and "未翻訳" not in page
    assert "リンクをコピー" in page


def test_chain_marks_the_n_ending_and_the_broken_link(site_plan):
    page = pages_by_path(site_plan)["logs/annotated-chat.md"].body
    chain = re.search(r'<ol class="kiroku-chain" lang="ja">(.*?)</ol>', page).group(1)
    items = re.findall(r"<li(?: class=\"([^\"]*)\")?", chain)
    assert len(items) == 3
    assert "kiroku-break" not in items[0]
    assert "kiroku-ends-n" in items[1] and "kiroku-broken" not in items[1]
    assert "kiroku-broken" in items[2] and "kiroku-break" in items[2]
    assert 'href="#s1-t4"' in chain
    first_moras = re.findall(r'<span class="kiroku-in">([^<]*)<', chain)
    assert first_moras == ["が"], "the chain shows a word's first mora only where it breaks"


def test_labels_are_badges_linking_to_the_taxonomy_entry(site_plan):
    pages = pages_by_path(site_plan)
    log = pages["logs/annotated-chat.md"].body
    assert 'class="kiroku-badge kiroku-label" href="../../taxonomy/#label-ends-in-n"' in log
    turn = re.search(r'<article [^>]*id="s1-t2">.*?</article>', log).group(0)
    assert "kiroku-badge kiroku-suggestion" not in turn, "the suggestion a person took up"
    assert "kiroku-badge kiroku-suggestion" in pages["logs/strawberry-game.md"].body
    taxonomy = pages["taxonomy/index.md"].body
    assert 'id="label-ends-in-n"' in taxonomy
    assert 'href="../logs/annotated-chat/#s1-t2"' in taxonomy
    assert "「ん」で終わる" in taxonomy and "Ends in ん" in taxonomy
    ja = pages["ja/taxonomy/index.md"].body
    assert 'href="../logs/annotated-chat/#s1-t2"' in ja


def test_batch_page_has_condition_chart_and_anchored_sortable_trials(site_plan):
    page = pages_by_path(site_plan)["logs/claude-natural-imprecise-umi-n50-20260420.md"]
    body = page.body
    assert "しりとりをしましょう。んで終わったらダメ。私からはじめます。うみ" in body
    assert "<svg" in body and "<script" not in body
    assert body.count('<tr id="trial-') == 50
    assert 'class="kiroku-table kiroku-sortable"' in body and 'class="kiroku-filter"' in body
    chart = re.search(r"<svg.*?</svg>", body).group(0)
    assert "みかん" in chart and "りんご" in chart


def test_tables_page_offers_csv_and_json_of_the_study_figures(site_plan):
    plan = site_plan
    csv = plan.files["tables/batches.csv"].decode()
    assert "claude-natural-precise-umi-n50-20260420" in csv
    row = next(line for line in csv.splitlines() if "imprecise" in line)
    assert ",30,0.6," in row
    tables = next(p for p in plan.pages if p.path == "tables/index.md").body
    assert 'href="batches.csv"' in tables and "1.76 × 10⁻⁷" in tables
    ja = next(p for p in plan.pages if p.path == "ja/tables/index.md").body
    assert 'href="../../tables/batches.json"' in ja
    data = json.loads(plan.files["tables/batches.json"])
    assert data["title"]["en"] == "Attractor rate per batch"
    assert {row["log_id"]: row["attractor_count"] for row in data["rows"]} == {
        "claude-fixed-prompt-kami-n50-20260420": 50,
        "claude-natural-imprecise-umi-n50-20260420": 30,
        "claude-natural-precise-umi-n50-20260420": 50,
    }


def test_each_language_shows_the_conditions_by_their_names_in_it(site_plan):
    pages = pages_by_path(site_plan)
    en, ja = pages["tables/index.md"].body, pages["ja/tables/index.md"].body

    assert "<td>fixed prompt, prior word かみ</td>" in en
    assert "<td>固定プロンプト・直前の語「かみ」</td>" in ja
    assert "fixed prompt, prior word かみ" not in ja  # neither in the table nor the chart
    header, *rows = site_plan.files["tables/batches.csv"].decode().splitlines()
    assert header.split(",")[2:4] == ["condition", "condition_ja"]
    assert any("固定プロンプト・直前の語「かみ」" in row for row in rows)


def test_page_titles_are_escaped_for_the_theme():
    page = Page("logs/x/", "en", "<b>bold</b>", "")
    assert 'title: "&lt;b&gt;bold&lt;/b&gt;"' in page.markdown()


@pytest.mark.parametrize(
    "text",
    [
        "みかん 🍊 どうぞ！",
        "a\x7fb\x9fc",
        "line\u2028separator\u2029paragraph",
        "lone \ud83c surrogate",
        '"quoted" \\ back\tslash',
    ],
)
def test_front_matter_reaches_mkdocs_whatever_the_title_and_description_hold(text):
    from mkdocs.utils.meta import get_data

    page = Page("logs/x/", "en", f"Game {text}", "", ("toc",), description=f"Turn {text}")
    _, meta = get_data(page.markdown())
    shown = text.replace("\ud83c", "\ufffd")
    assert meta == {
        "title": escape(f"Game {shown}"),
        "hide": ["toc"],
        "description": escape(f"Turn {shown}"),
    }
    assert "🍊" not in text or "🍊" in meta["description"]


def test_missing_source_file_is_an_error_naming_the_log(site_project):
    (site_project.root / "archive" / "site" / "annotated_chat.md").unlink()
    with pytest.raises(KirokuError, match=r"annotated_chat\.md is missing") as error:
        plan_site(site_project)
    assert error.value.path.name == "annotated-chat.yaml"


def test_write_docs_touches_only_changed_files_and_removes_stale_ones(site_project, tmp_path):
    docs = tmp_path / "docs-gen"
    plan = plan_site(site_project)
    write_docs(plan, docs)
    (docs / "logs" / "gone").mkdir()
    (docs / "logs" / "gone" / "index.md").write_text("old")
    (docs / "logs" / "gone.md").write_text("old")
    changed = write_docs(plan, docs)
    assert sorted(changed) == ["logs/gone.md", "logs/gone/index.md"]
    assert not (docs / "logs" / "gone").exists()


def test_batch_rows_of_rule_breaks_are_highlighted_and_explained(site_project):
    from kiroku.storage import load, save

    path = site_project.log_path("claude-natural-imprecise-umi-n50-20260420")
    loaded = load(path)
    doc = loaded.doc
    label = {"id": "ends-in-n", "by": "researcher", "at": "2026-01-06T10:00:00Z"}
    trials = [t.model_dump() for t in doc.trials]
    trials[0]["labels"] = [label]
    for trial in trials[1:3]:
        trial["suggestions"] = []
    doc = type(doc).model_validate({**doc.model_dump(), "trials": trials})
    flagged = {t.trial for t in doc.trials if t.suggestions}
    assert 0 < len(flagged) < len(doc.trials)
    save(doc, path, expect_sha256=loaded.sha256)
    body = pages_by_path(plan_site(site_project))[
        "logs/claude-natural-imprecise-umi-n50-20260420.md"
    ].body
    rows = dict(re.findall(r'<tr id="trial-(\d+)"(?: class="([^"]*)")?>', body))
    assert rows["1"] == "kiroku-row-break kiroku-row-labelled"
    suggested = {int(n) for n, css in rows.items() if css.endswith("kiroku-row-suggested")}
    assert suggested == flagged - {1}
    plain = {int(n) for n, css in rows.items() if not css}
    assert plain == {t.trial for t in doc.trials} - flagged - {1}
    legend = re.search(r'<ul class="kiroku-legend">(.*?)</ul>', body).group(1)
    assert "labelled by a person" in legend and "a rule suggests a break" in legend


def test_handwritten_home_replaces_the_generated_one_but_other_clashes_fail(site_project):
    docs = site_project.root / "docs"
    (docs / "ja").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (docs / "ja" / "index.md").write_text("# ホーム\n")
    plan = plan_site(site_project)
    homes = [page for page in plan.pages if page.url == ""]
    assert homes == []
    assert {"index.md", "ja/index.md"} <= set(plan.handwritten)
    assert {"/", "/ja/"} <= plan.published_urls()
    (docs / "taxonomy").mkdir()
    (docs / "taxonomy" / "index.md").write_text("# Mine\n")
    with pytest.raises(KirokuError, match=r"docs/taxonomy/index\.md has the path of a generated"):
        plan_site(site_project)


def test_a_dismissed_suggestion_is_struck_through_and_no_longer_marks_its_row():
    from datetime import UTC, datetime

    from kiroku.schema import Rejection, Suggestion, Trial
    from kiroku.site.batch_page import row_class
    from kiroku.site.fragments import PageContext, badges

    when = datetime(2026, 5, 1, tzinfo=UTC)
    trial = Trial(
        trial=3,
        output="みかん",
        suggestions=[Suggestion(id="ends-in-n", by="rule:ends-in-n", at=when)],
    )
    assert row_class(trial) == "kiroku-row-break kiroku-row-suggested"
    trial.rejected.append(Rejection(id="ends-in-n", by="emi <b>", at=when))
    html = badges(trial, PageContext("en", "logs/x/"))
    assert "kiroku-suggestion kiroku-dismissed" in html
    assert "dismissed by emi &lt;b&gt;, 2026-05-01" in html
    assert row_class(trial) is None


def test_tables_page_shows_the_first_token_figure_with_both_definitions(site_plan):
    pages = pages_by_path(site_plan)
    en, ja = pages["tables/index.md"].body, pages["ja/tables/index.md"].body
    assert 'id="table-first_token"' in en and 'id="table-first_token"' in ja
    assert "<td>29/50</td>" in en and "<td>28/31</td>" in en
    assert "The paper&#39;s figure" in en
    assert "論文の数値" in ja
    header, *rows = site_plan.files["tables/first_token.csv"].decode().splitlines()
    assert header.startswith("log_id,figure,definition,definition_ja")
    assert [row.split(",")[1] for row in rows] == ["29/50", "28/31"]


def test_a_suggestions_reason_is_worded_in_the_pages_language():
    from datetime import UTC, datetime

    from kiroku.schema import Suggestion, Trial
    from kiroku.site.fragments import PageContext, badges

    reason = "みかん ends in ん: the player loses"
    trial = Trial(
        trial=1,
        output="みかん",
        suggestions=[
            Suggestion(
                id="ends-in-n",
                by="rule:ends-in-n",
                at=datetime(2026, 5, 1, tzinfo=UTC),
                reason=reason,
            )
        ],
    )
    assert "rule:ends-in-n: みかん ends in ん: the player loses" in badges(
        trial, PageContext("en", "logs/x/")
    )
    assert "rule:ends-in-n: 「みかん」は「ん」で終わる：出した側の負け" in badges(
        trial, PageContext("ja", "ja/logs/x/")
    )


def test_a_streamed_plan_writes_each_page_as_it_is_made_and_keeps_no_body(tmp_path: Path):
    """A build holds no page's text once it is written (memory flat as the archive grows)."""
    from site_support import make_site_project

    project = make_site_project(tmp_path / "project", blns=False, batches=True)
    streamed, whole = tmp_path / "streamed", tmp_path / "whole"

    plan = plan_site(project, streamed, stream=True)

    assert plan.pages and all(page.body == "" and page.unchanged for page in plan.pages)
    for page in plan_site(project, whole).pages:
        assert (streamed / page.path).read_text(encoding="utf-8") == page.markdown()
