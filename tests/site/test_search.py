"""What the search index gets from a log: whole played words, a bounded list, one index per language."""

from __future__ import annotations

import json
import re

import pytest
from kiroku.schema import Suggestion, validate_document
from kiroku.site.fragments import PageContext
from kiroku.site.generate import Page
from kiroku.site.search import (
    EXCERPT_BUDGET,
    EXCERPT_LEAST,
    EXCERPT_LENGTH,
    SEARCH_BUDGET,
    SEARCH_SEPARATOR,
    excerpts,
    search_terms,
    split_index,
    table_sentences,
    tables_as_sentences,
    terms,
    text_terms,
)
from ruamel.yaml import YAML
from site_support import REPO


def pages_by_path(plan) -> dict[str, Page]:
    return {page.path: page for page in plan.pages}


@pytest.mark.parametrize("config", ["mkdocs.yml", "tools/kiroku/site/mkdocs.default.yaml"])
def test_configs_cut_terms_as_the_library_does_without_japanese_segmenter(config):
    data = YAML(typ="safe").load((REPO / config).read_text(encoding="utf-8"))
    plugins = {next(iter(p)): p[next(iter(p))] for p in data["plugins"] if isinstance(p, dict)}
    assert plugins["search"]["separator"] == SEARCH_SEPARATOR
    assert plugins["search"]["lang"] == ["en"]
    assert plugins["i18n"]["reconfigure_search"] is False


def test_terms_cut_at_punctuation_and_keep_words_whole():
    text = "「りんご」の最後は「ご」ですね。では… **ゴリラ**！ Let's go, 銀河鉄道"
    assert terms(text) == [
        "りんご",
        "の最後は",
        "ご",
        "ですね",
        "では",
        "ゴリラ",
        "let's",
        "go",
        "銀河鉄道",
    ]
    assert terms("みかん箱 アイスクリーム ルビー") == ["みかん箱", "アイスクリーム", "ルビー"]


def test_running_text_is_also_cut_where_kana_meet_kanji_or_katakana():
    cut = list(text_terms("「ん」で終わりましたね。私はアイスが好き"))
    assert cut[:4] == ["ん", "で", "終わりましたね", "終わる"]
    assert {"私は", "好き", "アイスが"} <= set(cut) and len(cut) == len(set(cut))
    assert "アイス" not in cut, "アイスが, which a query for アイス matches too, takes its place"


def found_by(query: str, indexed: list[str]) -> bool:
    """The browser's search matches a query against the start of each term."""
    return any(term.startswith(query) for term in indexed)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("しりとりでみかんを言った", "みかん"),
        ("ぼくはみかんがすきです", "みかん"),
        ("甘いみかんとりんごあめ", "りんごあめ"),
        ("もう一度やりましょう", "やりましょう"),
        ("もう一度やりましょう", "やる"),
        ("ご購入をおすすめします", "購入"),
        ("ご購入をおすすめします", "ご購入"),
        ("ポケモンカードを買いました", "買う"),
        ("しりとりでみかんを言った", "しりとりでみかん"),
    ],
)
def test_a_word_inside_a_run_of_japanese_is_found(text: str, query: str):
    assert found_by(query, list(text_terms(text)))


def test_words_the_dictionary_cuts_apart_are_still_found_whole():
    """MeCab's IPAdic cuts るすばん and がっこう apart; the run itself stays a term."""
    for word in ("るすばん", "がっこう", "しりとり"):
        assert found_by(word, list(text_terms(f"{word}、{word}をする")))
    assert list(text_terms("The model restarts from a word")) == ["model", "restarts", "word"]


def game(turns: int) -> object:
    """A chat whose every turn plays a different word and says a different sentence."""
    return validate_document(
        {
            "kind": "chat",
            "id": "long-game",
            "title": {"ja": "長いしりとり"},
            "model": {"name": "Claude", "interface": "web"},
            "source": {"path": "archive/x.md", "sha256": "0" * 64, "format": "markdown-chat"},
            "sessions": [
                {
                    "index": 1,
                    "turns": [
                        {
                            "index": i,
                            "speaker": "model",
                            "text": f"語{i}です。説明{i}をします",
                            "translation_en": f"Word number{i} explained",
                            "played": [{"surface": f"語{i}", "reading": f"ご{i}"}],
                        }
                        for i in range(1, turns + 1)
                    ],
                }
            ],
        }
    )


def test_every_played_word_is_kept_and_the_rest_fits_the_budget():
    doc = game(300)
    for lang in ("en", "ja"):
        chosen = search_terms(doc, PageContext(lang, f"logs/{doc.id}/"))
        assert [f"語{i}" for i in range(1, 301)] == chosen[:300]
        rest = chosen[300:]
        assert rest and sum(len(t.encode()) + 1 for t in chosen) <= SEARCH_BUDGET + 1
        assert len(set(chosen)) == len(chosen)


def test_small_log_gives_its_text_and_translation_words():
    doc = game(2)
    en = search_terms(doc, PageContext("en", "logs/long-game/"))
    assert {"語1", "ご1", "long", "claude", "説明1をします", "number1", "explained"} <= set(en)
    ja = search_terms(doc, PageContext("ja", "ja/logs/long-game/"))
    assert "説明1をします" in ja and "explained" not in ja


def test_log_page_indexes_excerpts_of_its_turns_then_its_word_list(site_plan):
    body = pages_by_path(site_plan)["logs/annotated-chat.md"].body
    hidden = re.search(
        r'<div class="kiroku-search-text" hidden="" lang="en"[^>]*>(.*?)</div>', body
    )
    assert hidden is not None
    excerpts = re.findall(r"<li>(.*?)(?:<code>.*?</code>)?</li>", hidden.group(1))
    assert excerpts[:3] == [
        "しりとりをしましょう。「うみ」",
        "Let&#39;s play shiritori. &quot;Umi&quot; (sea).",
        "みかん！",
    ]
    assert "Mikan (mandarin orange)!" in excerpts, "markdown taken out: **Mikan** reads as Mikan"
    words = re.search(r'<p class="kiroku-search-words">(.*?)</p>', hidden.group(1)).group(1)
    listed = words.split(" ")
    assert listed[:3] == ["うみ", "みかん", "画家"], "played words first"
    t4 = re.search(r"<li>失礼しました。画家。<code>(.*?)</code></li>", hidden.group(1))
    assert t4 is not None, "the turn that plays 画家 is an excerpt"
    assert {"がか", "gaka"} <= set(t4.group(1).split()), "found by its reading and romaji"
    assert "gaka" not in listed and "がか" not in listed, "indexed beside the excerpt, once"
    assert "orange" not in listed and "mikan" not in listed, "an excerpt's terms are indexed there"
    assert "<li>みかん！<code>mikan</code></li>" in hidden.group(1), "found by its romaji too"
    assert '<section class="kiroku-session" id="s1" data-search-exclude="">' in body
    assert not re.search(r"<h2[^>]* id=", body)
    batch = pages_by_path(site_plan)["ja/logs/claude-natural-imprecise-umi-n50-20260420.md"]
    assert 'id="trials" data-kiroku-table="" data-search-exclude=""' in batch.body


def test_an_excerpt_starts_near_the_played_word_of_a_long_turn():
    long_text = (
        "前置きの説明が長く続きます。" * 5
        + "では **みかん** にします。そのあとも話が続きます。" * 3
    )
    doc = validate_document(
        {
            "kind": "chat",
            "id": "long-turn",
            "title": {"ja": "長いターン"},
            "model": {"name": "Claude", "interface": "web"},
            "source": {"path": "archive/x.md", "sha256": "0" * 64, "format": "markdown-chat"},
            "sessions": [
                {
                    "index": 1,
                    "turns": [
                        {
                            "index": 1,
                            "speaker": "model",
                            "text": long_text,
                            "played": [{"surface": "みかん"}],
                        }
                    ],
                }
            ],
        }
    )
    (excerpt,) = excerpts(doc, PageContext("ja", "ja/logs/long-turn/"))
    assert excerpt.text.startswith("…") and "では みかん にします" in excerpt.text
    assert excerpt.text.endswith("…") and len(excerpt.text) <= EXCERPT_LENGTH


def test_excerpts_of_a_long_game_fit_their_budget_labelled_turns_first():
    doc = game(300)
    turn = doc.sessions[0].turns[250]
    suggestion = Suggestion(id="ends-in-n", by="rule:ends-in-n", at="2026-01-06T09:00:00+09:00")
    doc.sessions[0].turns[250] = turn.model_copy(update={"suggestions": [suggestion]})
    shown = excerpts(doc, PageContext("en", "logs/long-game/"))
    texts = [excerpt.text for excerpt in shown]
    assert texts[:2] == ["語1です。説明1をします", "Word number1 explained"]
    assert "語251です。説明251をします" in texts, "a suggested turn comes first into the budget"
    assert "語200です。説明200をします" not in texts
    assert sum(e.size for e in shown) <= EXCERPT_BUDGET
    chosen = search_terms(doc, PageContext("en", "logs/long-game/"), shown)
    total = sum(len(t.encode()) + 1 for t in chosen) + sum(e.size for e in shown)
    assert chosen[:300] == [f"語{i}" for i in range(1, 301)]
    played = sum(len(f"語{i}".encode()) + 1 for i in range(1, 301))
    assert total <= max(SEARCH_BUDGET, played + EXCERPT_LEAST)


def test_a_table_is_indexed_as_one_sentence_per_row():
    table = (
        "<table><thead><tr><th>Batch</th><th>Model</th><th>Rate</th><th>Note</th></tr></thead>"
        "<tbody><tr><td><a href='x'>precise</a></td><td>Claude</td><td>1.0</td><td></td></tr>"
        "<tr><td>imprecise</td><td>Claude &amp; co</td><td>0.6</td><td>みかん 30</td></tr>"
        "</tbody></table>"
    )
    assert table_sentences(table) == [
        "precise: Model Claude",
        "imprecise: Model Claude & co, Note みかん 30",
    ], "figures alone are left out: no one searches by them"
    html = (
        "<h2 id='t'>T</h2>" + table + '<svg class="kiroku-chart"><text>a</text><text>b</text></svg>'
    )
    assert tables_as_sentences(html) == (
        "<h2 id='t'>T</h2><ul><li>precise: Model Claude</li>"
        "<li>imprecise: Model Claude &amp; co, Note みかん 30</li></ul>"
    )


def test_split_index_gives_each_language_its_own_pages(tmp_path):
    (tmp_path / "search").mkdir()
    config = {"lang": ["en"], "separator": SEARCH_SEPARATOR}
    docs = [
        {"location": "", "title": "Kiroku", "text": ""},
        {"location": "logs/a/", "title": "A", "text": "みかん"},
        {"location": "ja/", "title": "記録", "text": ""},
        {"location": "ja/logs/a/", "title": "エー", "text": "みかん"},
    ]
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps({"config": config, "docs": docs})
    )
    sizes = split_index(tmp_path, ("en", "ja"))
    en = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    ja_raw = (tmp_path / "ja" / "search" / "search_index.json").read_bytes()
    ja = json.loads(ja_raw)
    assert [d["location"] for d in en["docs"]] == ["", "logs/a/"]
    assert [(d["location"], d["title"]) for d in ja["docs"]] == [("", "記録"), ("logs/a/", "エー")]
    assert en["config"] == ja["config"] == config
    assert "みかん".encode() in ja_raw and sizes["ja"] == len(ja_raw)
    assert split_index(tmp_path, ("en", "ja")) == {}, "an index already split is left alone"
    assert json.loads((tmp_path / "ja" / "search" / "search_index.json").read_text()) == ja


def test_split_index_from_memory_writes_what_splitting_the_file_writes(tmp_path):
    config = {"lang": ["en"], "separator": SEARCH_SEPARATOR, "pipeline": ["stopWordFilter"]}
    docs = [
        {
            "location": f"{lang}logs/{n}/",
            "title": f'「{n}」 "q"',
            "text": "みかん\u2028 <b>",
            "tags": [],
        }
        for n in range(700)
        for lang in ("", "ja/")
    ]
    index = {"config": config, "docs": docs}
    from_file, from_memory = tmp_path / "file", tmp_path / "memory"
    (from_file / "search").mkdir(parents=True)
    (from_file / "search" / "search_index.json").write_text(json.dumps(index))
    sizes = split_index(from_file, ("en", "ja"))
    assert split_index(from_memory, ("en", "ja"), index) == sizes
    for folder in ("", "ja/"):
        written = (from_memory / folder / "search" / "search_index.json").read_bytes()
        assert written == (from_file / folder / "search" / "search_index.json").read_bytes()
        mine = [
            {**doc, "location": doc["location"][len(folder) :]}
            for doc in docs
            if doc["location"].startswith("ja/") == (folder == "ja/")
        ]
        whole = json.dumps(
            {"config": config, "docs": mine}, ensure_ascii=False, separators=(",", ":")
        )
        assert written == whole.encode("utf-8"), "as one json.dumps of the language's index"
