"""Generated pages skip Markdown and the search plugin reads only their indexable part,
with the same pages and the same index as before."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kiroku.site.build import build_site
from kiroku.site.generate import SitePlan, plan_site
from kiroku.site.html import restore_nel
from kiroku.site.prerendered import (
    BODY_MARKER,
    PLACEHOLDER,
    anchor_ids,
    body_of,
    insert_body,
    page_source,
    same_anchor_ids,
    split_markdown,
)
from kiroku.site.search import search_view, tables_as_sentences
from material.plugins.search.plugin import SearchIndex
from site_support import BLNS_ID, make_site_project


@pytest.fixture(scope="module")
def blns_plan(tmp_path_factory: pytest.TempPathFactory) -> SitePlan:
    return plan_site(make_site_project(tmp_path_factory.mktemp("blns") / "project"))


def material_entries(content: str, title: str) -> list[dict[str, str]]:
    """The entries Material's search plugin makes of a page with this content."""
    index = SearchIndex()
    page = SimpleNamespace(content=content, toc=[], url="logs/x/", meta={}, title=title)
    index.add_entry_from_context(page)
    return index.entries


def test_search_view_gives_material_the_same_entries_for_every_generated_page(blns_plan):
    pages = [page for page in blns_plan.pages if "data-search-exclude" in page.body]
    assert any(page.url.startswith("logs/") for page in pages)
    for page in pages:
        content = restore_nel(page.body.strip("\n"))
        view = search_view(content)
        assert len(view) < len(content), page.path
        # The same entries, but for tables given as sentences and charts left out, on purpose.
        whole = tables_as_sentences(content)
        assert material_entries(view, page.title) == material_entries(whole, page.title)


def test_search_shows_a_generated_page_title_once(blns_plan):
    """The result's heading is the page title, and its text does not start with it again."""
    generated = [page for page in blns_plan.pages if 'id="title"' in page.body]
    assert {"index.md", "logs/index.md", "tables/index.md", f"ja/logs/{BLNS_ID}.md"} <= {
        page.path for page in generated
    }
    for page in generated:
        first = material_entries(search_view(restore_nel(page.body.strip("\n"))), "unused")[0]
        heading = re.search(r'<h1 id="title">(.*?)</h1>', page.body)
        assert heading is not None
        assert first["title"] == heading.group(1), page.path
        assert not first["text"].startswith(heading.group(1)), page.path


def test_search_view_empties_excluded_elements_but_keeps_their_tags():
    html = (
        '<div><h1>T</h1><p hidden="">みかん</p>'
        '<div data-search-exclude=""><div><p>turn</p></div><input data-x=""></div>'
        '<section data-search-exclude="" id="s1"><h2>S</h2></section><p>tail</p></div>'
    )
    assert search_view(html) == (
        '<div><h1>T</h1><p hidden="">みかん</p><div data-search-exclude=""></div>'
        '<section data-search-exclude="" id="s1"></section><p>tail</p></div>'
    )


def test_an_excluded_element_holding_a_heading_with_an_id_stays_whole():
    html = '<div data-search-exclude=""><h2 id="label">L</h2><p>x</p></div><p>y</p>'
    assert search_view(html) == html
    assert material_entries(search_view(html), "t") == material_entries(html, "t")


def test_markdown_sees_a_placeholder_and_the_body_comes_back_unchanged():
    body = "\n\n<div>*not emphasis* &amp; <code>__x__</code></div>\n\n"
    source = page_source('title: "T"', body)
    assert body_of(source) == body
    markdown = source.split("\n---\n", 1)[1]
    parsed, kept = split_markdown(markdown)  # type: ignore[misc]
    assert PLACEHOLDER in parsed and "<div>" not in parsed
    assert insert_body(f"<p>{PLACEHOLDER}</p>", kept) == body.strip("\n")


def test_hand_written_markdown_is_left_to_markdown():
    assert split_markdown("# Method\n\nText\n") is None
    assert body_of("---\ntitle: x\n---\n# Method\n") is None


def test_anchor_ids_are_read_unescaped():
    assert anchor_ids('<article id="s1-t2"><tr id="a&amp;b">') == {"s1-t2", "a&b"}


def test_built_pages_hold_every_generated_body_verbatim(tmp_path: Path):
    project = make_site_project(tmp_path / "project")
    site = build_site(project, strict=True)
    plan = plan_site(project)
    generated = (project.root / "docs-gen" / f"logs/{BLNS_ID}.md").read_text(encoding="utf-8")
    assert generated.split("\n---\n", 1)[1].startswith(BODY_MARKER)
    for page in plan.pages:
        html = (site / page.site_url / "index.html").read_text(encoding="utf-8")
        assert restore_nel(page.body.strip("\n")) in html, page.path
        assert PLACEHOLDER not in html


_TAG = st.builds(
    lambda name, anchor: f'<{name} id="{anchor}">' if anchor else f"<{name}>",
    st.sampled_from(["p", "span", "h2"]),
    st.sampled_from(["", "a", "b", "a&amp;b", "trial-1"]),
)
_TEXT = st.lists(
    st.one_of(_TAG, st.sampled_from(["</p>", "x", "é", "&lt;", "&gt;", " id=&quot;c&quot;", "\n"])),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT, _TEXT, _TEXT, _TEXT)
def test_same_anchor_ids_reads_only_the_change_and_agrees_with_reading_all(
    start: str, old: str, new: str, end: str
) -> None:
    """Patching a page after a label compares its ids where the page changed (a megabyte's
    taxonomy page, a few lines of it); the answer is that of comparing every id."""
    before, after = start + old + end, start + new + end
    assert same_anchor_ids(before, after) == (anchor_ids(before) == anchor_ids(after))
