"""Sharing a turn from the built site: copy quote, a language switch that keeps the turn, previews."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kiroku.project import Project
from kiroku.site.cite import quote
from kiroku.storage import load

pytestmark = pytest.mark.browser

CHAT = "annotated-chat"
BATCH = "claude-natural-imprecise-umi-n50-20260420"


def cited(built_site: Path, log_id: str, anchor: str, address: str, lang: str = "en") -> str:
    """What `kiroku cite LOG --turn ANCHOR --lang LANG` prints as the quote, for `address`."""
    doc = load(Project(built_site.parent).log_path(log_id)).doc
    return quote(doc, anchor, address, lang)


def copied_quote(page, selector: str) -> str:
    page.locator(f"{selector} .kiroku-copy-quote").click()
    page.wait_for_function(
        "s => document.querySelector(s + ' .kiroku-copy-quote').dataset.copiedQuote", arg=selector
    )
    return page.locator(f"{selector} .kiroku-copy-quote").get_attribute("data-copied-quote")


@pytest.mark.parametrize("language", ["", "ja/"])
def test_copy_quote_copies_what_kiroku_cite_prints_with_the_page_s_address(
    page, built_site, site_address, language
):
    url = f"{site_address}{language}logs/{CHAT}/"
    page.goto(url)
    text = copied_quote(page, "#s1-t2")
    assert text == cited(built_site, CHAT, "s1-t2", url + "#s1-t2", language.strip("/") or "en")
    if language:
        assert (
            text
            == f"> **みかん**！\n>\n> — 注釈つきの会話, セッション 1・ターン 2 (Claude): <{url}#s1-t2>"
        )
    else:
        assert text.startswith(
            "> **みかん**！\n>\n> **Mikan** (mandarin orange)!\n>\n> — Annotated"
        )
    button = page.locator("#s1-t2 .kiroku-copy-quote")
    assert button.text_content() == ("コピーしました" if language else "copied")
    page.wait_for_function(
        "() => !document.querySelector('#s1-t2 .kiroku-copy-quote').textContent.includes('コピーし')"
        " && document.querySelector('#s1-t2 .kiroku-copy-quote').textContent !== 'copied'"
    )
    assert button.text_content() == ("引用をコピー" if language else "copy quote")


def test_copy_quote_of_a_trial(page, built_site, site_address):
    url = f"{site_address}logs/{BATCH}/"
    page.goto(url)
    text = copied_quote(page, "#trial-3")
    assert text == cited(built_site, BATCH, "trial-3", url + "#trial-3")
    assert text.endswith(f", trial 3 (Claude Sonnet 4.6): <{url}#trial-3>")


def switch_language(page, lang: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'.md-select a[hreflang="{lang}"]').first.click()
    page.wait_for_load_state()


def test_the_language_switch_keeps_the_turn_the_reader_is_looking_at(page, site_address):
    page.goto(f"{site_address}logs/{CHAT}/#s1-t4")
    switch_language(page, "ja")
    assert page.url == f"{site_address}ja/logs/{CHAT}/#s1-t4"
    assert page.evaluate("() => document.querySelector(':target').id") == "s1-t4"
    page.evaluate("() => { location.hash = '#s1-t2'; }")
    switch_language(page, "en")
    assert page.url == f"{site_address}logs/{CHAT}/#s1-t2"


def test_the_language_switch_without_an_anchor_goes_to_the_page_itself(page, site_address):
    page.goto(f"{site_address}logs/{BATCH}/")
    switch_language(page, "ja")
    assert page.url == f"{site_address}ja/logs/{BATCH}/"


@pytest.mark.parametrize(
    ("language", "title", "description"),
    [
        ("", "Annotated conversation", "Shiritori: うみ → みかん"),
        ("ja/", "注釈つきの会話", "しりとり: うみ → みかん"),
    ],
)
def test_a_log_page_describes_itself_to_link_previews(
    page, site_address, language, title, description
):
    page.goto(f"{site_address}{language}logs/{CHAT}/")

    def meta(selector: str) -> str:
        return page.locator(f"head meta[{selector}]").get_attribute("content")

    assert meta('name="description"').startswith(description)
    assert meta('property="og:description"') == meta('name="description"')
    assert meta('property="og:title"') == title
    assert meta('property="og:type"') == "article"
    assert re.fullmatch(r"(en_US|ja_JP)", meta('property="og:locale"'))


@pytest.fixture(scope="module")
def old_blog(built_site, site_address) -> str:
    """The logs' old addresses on the blog (`/blog/logs/<id>.html` and `/blog/logs/<id>/`),
    written by `kiroku redirects` beside the served site; returns the blog's address."""
    from click.testing import CliRunner
    from kiroku.cli import cli

    out = built_site.parent / "served" / "blog" / "logs"
    result = CliRunner().invoke(
        cli, ["--root", str(built_site.parent), "redirects", "--to", site_address, str(out)]
    )
    assert result.exit_code == 0, result.output
    return site_address.replace("/kiroku/", "/blog/")


@pytest.mark.parametrize("old", [f"logs/{CHAT}.html", f"logs/{CHAT}/"])
def test_an_old_address_lands_on_the_same_turn_at_the_new_one(page, old_blog, site_address, old):
    page.goto(f"{old_blog}{old}#s1-t4")
    page.wait_for_url(f"{site_address}logs/{CHAT}/#s1-t4")
    page.wait_for_load_state()
    assert page.evaluate("() => document.querySelector(':target').id") == "s1-t4"
    assert page.locator("#s1-t4").is_visible()


def test_without_script_an_old_address_shows_a_link_and_still_reaches_the_log(
    browser, old_blog, site_address
):
    new = f"{site_address}logs/{CHAT}/"
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    html = tab.request.get(f"{old_blog}logs/{CHAT}.html").text()
    assert f'<a href="{new}">{new}</a>' in html
    assert f'<link rel="canonical" href="{new}">' in html
    tab.goto(f"{old_blog}logs/{CHAT}.html#s1-t4")
    tab.wait_for_url(new)  # the plain refresh: the log, though not the turn
    assert tab.locator("#s1-t4").count() == 1
    context.close()
