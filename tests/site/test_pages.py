"""What the generated pages print: tables as a paper would, pages fitting the log's kind."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

from kiroku.analysis.stats import FisherTest, odds_ratio_shown
from kiroku.site.generate import Page


def pages_by_path(plan) -> dict[str, Page]:
    return {page.path: page for page in plan.pages}


def test_fishers_test_is_printed_once_with_its_method_and_the_infinite_odds_ratio(site_plan):
    pages = pages_by_path(site_plan)
    en, ja = pages["tables/index.md"].body, pages["ja/tables/index.md"].body
    assert en.count("1.76 × 10⁻⁷") == 1 and ja.count("1.76 × 10⁻⁷") == 1
    assert "1.758" not in en and "e-07" not in en
    assert (
        "Two-sided Fisher&#39;s exact test on this 2 × 2 table: p = 1.76 × 10⁻⁷; "
        "sample odds ratio ∞ (infinite because a cell of the table is 0)." in en
    )
    assert "フィッシャーの正確確率検定（両側）：p = 1.76 × 10⁻⁷、標本オッズ比 ∞" in ja
    rows = list(csv.DictReader(io.StringIO(site_plan.files["tables/fisher.csv"].decode())))
    assert [(r["attractor"], r["other"], r["odds_ratio"]) for r in rows] == [
        ("50", "0", "inf"),
        ("30", "20", "inf"),
    ]
    assert (
        float(rows[0]["p_value"])
        == json.loads(site_plan.files["tables/fisher.json"])["rows"][0]["p_value"]
    )


def test_rates_are_percentages_on_the_page_and_fractions_in_the_downloads(site_plan):
    en = pages_by_path(site_plan)["tables/index.md"].body
    assert '<td class="kiroku-num">60%</td>' in en
    assert '<td class="kiroku-num">100%</td>' in en
    assert "0.6<" not in en
    assert ",30,0.6," in site_plan.files["tables/batches.csv"].decode()


def test_the_odds_ratio_is_a_number_zero_infinite_or_undefined():
    def shown(table: list[list[int]]) -> str:
        return odds_ratio_shown(FisherTest(a="a", b="b", table=table, odds_ratio=None, p_value=1))

    assert shown([[30, 20], [10, 40]]) == "6"
    assert shown([[50, 0], [30, 20]]) == "∞"
    assert shown([[0, 50], [30, 20]]) == "0"
    assert shown([[50, 0], [50, 0]]) == "undefined"


def test_a_conversation_that_is_not_a_game_shows_no_played_words(tmp_path):
    from kiroku.site.chat_page import chat_page
    from kiroku.site.fragments import PageContext
    from kiroku.storage import load
    from site_support import REPO

    copy = tmp_path / "example-chatgpt-rice-cooker.yaml"  # loading writes a cache beside it
    shutil.copy(REPO / "logs" / "example-chatgpt-rice-cooker.yaml", copy)
    doc = load(copy).doc
    assert doc.experiment == "conversation"
    for lang in ("en", "ja"):
        body = chat_page(doc, PageContext(lang, "logs/example-chatgpt-rice-cooker/"))
        assert 'class="kiroku-turn' in body
        assert "kiroku-chain" not in body and "kiroku-played" not in body
        assert "Played words" not in body and "出た言葉" not in body


def test_a_game_shows_its_played_words(site_plan):
    body = pages_by_path(site_plan)["logs/annotated-chat.md"].body
    assert "Played words" in body and 'class="kiroku-chain"' in body


def test_a_batch_page_shows_condition_and_figures_first_and_one_column_of_played_words(
    site_plan,
):
    body = pages_by_path(site_plan)["logs/claude-natural-imprecise-umi-n50-20260420.md"].body
    order = [body.index(f'id="{section}"') for section in ("condition", "summary", "trials")]
    assert order == sorted(order)
    assert body.index('id="trials"') < body.index('id="source"')
    assert body.index('class="kiroku-search-words"') < order[0], "indexed under the title"
    head = re.search(r"<thead>(.*?)</thead>", body).group(1)
    assert re.findall(r'class="kiroku-sort">([^<]*)<', head) == [
        "Trial",
        "Played words",
        "Output",
        "Labels",
    ]
    row = re.search(r'<tr id="trial-7".*?</tr>', body).group(0)
    assert re.search(r'<td data-value="(\w+)"><ol class="kiroku-played" lang="ja">', row)
    assert '<a href="#trial-7" class="kiroku-anchor">7</a></td>' in row, "its script adds copy link"


def test_the_labels_page_counts_each_label_and_groups_its_turns_by_log(site_plan):
    body = pages_by_path(site_plan)["taxonomy/index.md"].body
    entry = re.search(
        r'<section class="kiroku-label-entry"><h2 id="label-ends-in-n">.*?</section>', body
    )
    assert entry is not None
    entry = entry.group(0)
    assert (
        "Played a word ending in ん, which loses." in entry
        and "「ん」で終わる言葉を言った" in entry
    )
    counts = dict(re.findall(r'class="kiroku-count-(\w+)">\w+ <strong>(\d+)</strong>', entry))
    # annotated-chat #s1-t2 carries the label and its suggestion: counted once, as confirmed
    assert counts == {"confirmed": "1", "suggested": "131", "dismissed": "0"}
    logs = re.findall(r'<p class="kiroku-use-log"><a href="([^"]+)">', entry)
    assert logs[0] == "../logs/annotated-chat/", "logs with a person's label first"
    assert len(logs) == len(set(logs)) == 5
    fixed = entry[entry.index('href="../logs/claude-fixed-prompt-kami-n50-20260420/"') :]
    shown, folded = fixed.split('<details class="kiroku-more">', 1)
    assert shown.count('class="kiroku-use kiroku-use-suggested"') == 8
    assert folded.startswith("<summary>42 more</summary>")
    assert 'href="../logs/claude-fixed-prompt-kami-n50-20260420/#trial-50"' in folded
    for section in re.findall(r'<section class="kiroku-label-entry">.*?</section>', body):
        assert section.count("Fixed prompt, prior word かみ") <= 1, "a log's title once per label"


def test_a_dismissed_suggestion_is_counted_as_dismissed_not_suggested():
    from datetime import UTC, datetime

    from kiroku.schema import Rejection, Suggestion, Trial
    from kiroku.site.taxonomy_page import unit_label_uses

    when = datetime(2026, 5, 1, tzinfo=UTC)
    trial = Trial(
        trial=3,
        output="みかん",
        suggestions=[
            Suggestion(id="ends-in-n", by="rule:ends-in-n", at=when),
            Suggestion(id="chain-broken", by="rule:chain-broken", at=when),
        ],
        rejected=[Rejection(id="ends-in-n", by="emi", at=when)],
    )
    assert unit_label_uses(trial) == [("ends-in-n", "dismissed"), ("chain-broken", "suggested")]
