"""The built site in Chromium: both languages, anchors, language switch, sorting, search, BLNS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kiroku.analysis.verdicts import played_words
from kiroku.project import Project
from kiroku.schema import ChatLog
from kiroku.site.generate import load_documents
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from site_support import BLNS_ID, blns_strings

pytestmark = pytest.mark.browser

CHAT = "logs/annotated-chat/"
BATCH = "logs/claude-natural-imprecise-umi-n50-20260420/"


def test_log_page_in_english_shows_original_translation_and_romaji(page, site_address, screenshot):
    page.goto(site_address + CHAT)
    turn = page.locator("#s1-t2")
    assert turn.locator(".kiroku-original .kiroku-text").text_content() == "**みかん**！"
    assert turn.locator(".kiroku-translation .kiroku-text").text_content() == (
        "**Mikan** (mandarin orange)!"
    )
    assert page.locator("#s1-t3 .kiroku-untranslated").text_content() == "not yet translated"
    chain_word = page.locator('.kiroku-chain a.kiroku-word[href="#s1-t4"]')
    assert chain_word.locator("xpath=following-sibling::*[1]").text_content() == "gaka"
    assert turn.locator(".kiroku-label").get_attribute("href") == "../../taxonomy/#label-ends-in-n"
    assert page.get_attribute("html", "lang") == "en"
    assert page.outside_requests == []
    screenshot(page, "log-page-en", full_page=True)


def test_log_page_in_japanese_shows_furigana_and_japanese_ui(page, site_address, screenshot):
    page.goto(site_address + "ja/" + CHAT)
    assert page.locator('.kiroku-chain a[href="#s1-t4"] ruby rt').text_content() == "がか"
    assert page.locator("#s1-t2 .kiroku-copy").text_content() == "リンクをコピー"
    assert page.get_attribute("html", "lang") == "ja"
    assert page.locator(".md-search__input").get_attribute("placeholder") == "検索"
    screenshot(page, "log-page-ja", full_page=True)


def test_turn_anchor_scrolls_to_that_turn(page, site_address, screenshot):
    page.goto(site_address + f"logs/{BLNS_ID}/#s1-t300")
    page.wait_for_timeout(300)
    box = page.locator("#s1-t300").bounding_box()
    assert box is not None and 0 <= box["y"] < 300
    screenshot(page, "turn-anchor")


def test_language_switch_keeps_the_page(page, site_address, screenshot):
    page.goto(site_address + BATCH + "#trial-3")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a[hreflang="ja"]').first.click()
    page.wait_for_load_state()
    assert page.url.startswith(site_address + "ja/" + BATCH)
    page.locator(".md-header__option .md-select").hover()
    page.locator('a[hreflang="en"]').first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(site_address + BATCH)
    assert page.failed_requests == [], "no sitemap.xml 404s under a sub-path"


def test_batch_table_sorts_and_filters(page, site_address, screenshot):
    page.goto(site_address + BATCH)
    first_cells = page.locator("table.kiroku-sortable tbody tr td:first-child")
    assert first_cells.first.get_attribute("data-value") == "1"
    number_header = page.locator("table.kiroku-sortable thead .kiroku-sort").first
    number_header.click()
    number_header.click()
    assert first_cells.first.get_attribute("data-value") == "50"
    page.locator("table.kiroku-sortable thead .kiroku-sort").nth(1).click()
    words = page.locator("table.kiroku-sortable tbody tr td:nth-child(2)").all_text_contents()
    assert (
        words == sorted(words, key=lambda w: (w != "みかん", w))[: len(words)]
        or words[0] <= words[-1]
    )
    page.fill("input.kiroku-filter", "りんご")
    visible = page.locator("table.kiroku-sortable tbody tr:not([hidden])")
    assert visible.count() == 11
    assert "11 / 50" in page.locator(".kiroku-shown").text_content()
    screenshot(page, "batch-table")


def test_copy_link_button_copies_the_turn_address(page, site_address, screenshot):
    page.goto(site_address + CHAT)
    button = page.locator("#s1-t2 .kiroku-copy")
    button.click()
    page.wait_for_function("document.querySelector('#s1-t2 .kiroku-copy').dataset.copiedAddress")
    assert button.get_attribute("data-copied-address").endswith("/logs/annotated-chat/#s1-t2")


def played_words_by_log(project_root: Path) -> dict[str, set[str]]:
    """Every word any turn or trial of each log plays, as the site shows them."""
    words: dict[str, set[str]] = {}
    for doc in load_documents(Project(project_root)):
        units = (
            [turn for session in doc.sessions for turn in session.turns]
            if isinstance(doc, ChatLog)
            else doc.trials
        )
        for unit in units:
            for played in played_words(unit):
                words.setdefault(played.surface, set()).add(doc.id)
    return words


def search_misses(
    page, site_address: str, language: str, wanted: dict[str, set[str]], timeout: int = 5_000
):
    """Type each word into the search box of the language's home page; return the
    (word, log id) pairs whose log page is not among the results."""
    page.goto(site_address + language)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    misses = []
    for query, log_ids in sorted(wanted.items()):
        page.fill(".md-search__input", query)
        page.press(".md-search__input", "End")  # Material searches on key events, not on fill
        for log_id in sorted(log_ids):
            target = f"{site_address}{language}logs/{log_id}/"
            try:
                page.wait_for_function(
                    """target => Array.from(document.querySelectorAll(
                        '.md-search-result__link')).some(a => a.href.split(/[?#]/)[0] === target)""",
                    arg=target,
                    timeout=timeout,
                )
            except PlaywrightTimeout:
                misses.append((query, log_id))
    return misses


@pytest.mark.parametrize("language", ["", "ja/"])
def test_search_finds_every_played_word_on_its_log_page(
    page, built_site, site_address, language, screenshot
):
    wanted = played_words_by_log(built_site.parent)
    assert {"ゴリラ", "パイナップル", "銀河", "るすばん", "みかん", "りんご", "画家"} <= set(wanted)
    assert search_misses(page, site_address, language, wanted) == []


@pytest.mark.parametrize(
    ("language", "query", "log_id"),
    [
        ("", "いちご", "strawberry-game"),
        ("ja/", "いちご", "strawberry-game"),
        ("ja/", "終わりました", "annotated-chat"),
        ("ja/", "負けです", "strawberry-game"),
        ("ja/", "やりましょう", "strawberry-game"),  # inside 一度やりましょう
        ("ja/", "しましょう", "strawberry-game"),  # inside しりとりをしましょう
        ("", "しましょう", "strawberry-game"),
        ("", "strawberry", "strawberry-game"),
        ("", "galaxy", "strawberry-game"),
        ("", "orange", "annotated-chat"),
        ("", "mikan", "annotated-chat"),
        ("", "ginga", "strawberry-game"),
    ],
)
def test_search_finds_words_of_turn_text_and_translations(
    page, site_address, language, query, log_id, screenshot
):
    assert search_misses(page, site_address, language, {query: {log_id}}) == []
    links = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    own_language = [link for link in links if ("/ja/" in link) == (language == "ja/")]
    assert links == own_language
    screenshot(page, f"search-{language.strip('/') or 'en'}-{query}")


@pytest.mark.parametrize(
    ("language", "query", "log_id", "excerpt", "marked"),
    [
        ("ja/", "みかん", "annotated-chat", "みかん！", "みかん"),
        ("", "orange", "annotated-chat", "Mikan (mandarin orange)!", "orange"),
        ("", "いちご", "strawberry-game", "いちご", "いちご"),
        ("ja/", "負けです", "strawberry-game", "あなたの負けです", "負けです"),
        # typed in romaji, found by the reading: the word is marked in kana
        ("ja/", "mikan", "annotated-chat", "みかん！", "みかん"),
        ("ja/", "gorira", "strawberry-game", "ゴリラ", "ゴリラ"),
    ],
)
def test_a_log_found_by_search_shows_the_turn_that_matched_with_the_word_marked(
    page, site_address, screenshot, language, query, log_id, excerpt, marked
):
    assert search_misses(page, site_address, language, {query: {log_id}}) == []
    result = f'.md-search-result__link[href*="/logs/{log_id}/"] article'
    page.wait_for_selector(f"{result}.kiroku-picked > ul")
    article = page.locator(result).first
    shown = [item for item in article.locator(":scope > ul > li").all() if item.is_visible()]
    assert 1 <= len(shown) <= 2
    assert excerpt in shown[0].inner_text()
    assert marked.lower() in shown[0].locator("mark").first.inner_text().lower()
    assert not article.locator(":scope > p").first.is_visible(), "the word list stays hidden"
    title = article.locator("h1, h2").first.inner_text()
    assert not shown[0].inner_text().startswith(title)
    screenshot(page, f"search-excerpt-{language.strip('/') or 'en'}-{query}")


def test_a_table_row_is_found_as_a_sentence(page, site_address, screenshot):
    assert search_misses(page, site_address, "", {"imprecise": set()}) == []
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.md-search-result__link'))
            .some(a => a.href.includes('/tables/'))"""
    )
    texts = page.locator('.md-search-result__link[href*="/tables/"] li').all_inner_texts()
    sentence = r"claude-natural-imprecise-umi-n50-20260420: \w[^,]* \S+(, \w[^,]* \S+)*"
    assert any(re.fullmatch(sentence, text) for text in texts), texts
    assert not any(re.search(r"(^|, )(Count|Outputs|Rate) ", text) for text in texts), (
        "a bare figure is not indexed"
    )


def test_english_search_does_not_find_translations_on_the_japanese_side(page, site_address):
    """The Japanese pages do not show translations, so they must not be found by them."""
    wanted = {"galaxy": {"strawberry-game"}}
    assert search_misses(page, site_address, "ja/", wanted, timeout=2_000) == [
        ("galaxy", "strawberry-game")
    ]


def test_blns_page_shows_every_string_literally_and_runs_nothing(page, site_address, screenshot):
    page.goto(site_address + f"logs/{BLNS_ID}/")
    page.wait_for_load_state("load")
    strings = blns_strings()
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll('article.kiroku-turn')).map(t => [
            t.querySelector('.kiroku-original .kiroku-text').textContent,
            t.querySelector('.kiroku-translation .kiroku-text').textContent,
            t.querySelector('.kiroku-note .kiroku-text').textContent])"""
    )
    assert len(shown) == len(strings)
    wrong = [
        (i, s)
        for i, (s, texts) in enumerate(zip(strings, shown, strict=True))
        if texts != [s, s, s]
    ]
    assert wrong == []
    assert page.locator(".kiroku-notes").text_content() == strings[-1]
    assert page.dialogs == []
    injected = page.evaluate(
        "() => Object.keys(window).filter(k => /^(xss|alert_|pwn|hacked|foo|bar)/i.test(k))"
    )
    assert injected == []
    assert page.locator("script:not([src])").count() == page.evaluate(
        "() => document.querySelectorAll('script:not([src])').length"
    )
    assert (
        page.locator(
            "article.kiroku-turn img, article.kiroku-turn script, article.kiroku-turn iframe"
        ).count()
        == 0
    )
    assert page.title().startswith("Big List of Naughty Strings")
    screenshot(page, "blns-page")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("", ["Kiroku: shiritori transcripts", "Logs", "Tables", "Labels", "Method", "About"]),
        ("ja/", ["記録：しりとりの記録", "ログ", "集計表", "ラベル", "方法", "このサイトについて"]),
    ],
)
def test_navigation_lists_the_few_hand_written_and_section_pages(
    page, site_address, language, expected, screenshot
):
    page.goto(site_address + language + "about/")
    nav = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link")
    assert [text.strip() for text in nav.all_text_contents()] == expected
    licence = page.locator('a[href$="archive/mikan-phenomenon/LICENSE"]')
    assert licence.count() == 1
    response = page.request.get(licence.evaluate("a => a.href"))
    assert response.ok and "Copyright (c) 2026 Emi" in response.text()
    page.goto(site_address + language + "method/")
    assert page.locator("table").first.is_visible()
    screenshot(page, f"method-{language.strip('/') or 'en'}", full_page=True)


@pytest.mark.parametrize("url", [CHAT, BATCH, "ja/" + BATCH, "tables/", "method/"])
def test_narrow_screen_scrolls_tables_inside_the_page_not_the_page(
    browser, site_address, url, screenshot
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    tab = context.new_page()
    tab.goto(site_address + url)
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(tab, "narrow-" + url.strip("/").replace("/", "-").replace("logs-", ""))
    context.close()


@pytest.mark.parametrize("url", [CHAT, BATCH])
def test_dark_scheme_pages(browser, site_address, url, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    tab = context.new_page()
    tab.goto(site_address + url + ("#s1-t2" if url == CHAT else "#trials"))
    assert tab.get_attribute("body", "data-md-color-scheme") == "slate"
    screenshot(tab, "dark-" + url.strip("/").replace("logs/", ""))
    context.close()
