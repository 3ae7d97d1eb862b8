"""The built search indexes: one per language, a few KB per log page (no browser needed)."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

PAGE_BUDGET = 3_000
"""Bytes of index per log page and language: 3,000 logs in two languages stay under 20 MB."""


def index(site: Path, language: str) -> list[dict[str, str]]:
    return json.loads((site / language / "search" / "search_index.json").read_text())["docs"]


def test_each_language_has_its_own_index_of_its_own_pages(built_site: Path):
    for language in ("", "ja"):
        docs = index(built_site, language)
        assert docs
        for doc in docs:
            page = built_site / language / doc["location"].split("#")[0] / "index.html"
            assert page.is_file(), doc["location"]
        titles = {doc["title"] for doc in docs}
        assert ("注釈つきの会話" in titles) == (language == "ja")
        assert ("Annotated conversation" in titles) == (language == "")


def test_log_pages_stay_within_the_index_budget(built_site: Path):
    for language in ("", "ja"):
        logs = [doc for doc in index(built_site, language) if doc["location"].startswith("logs/")]
        sizes = {doc["location"]: len(json.dumps(doc, ensure_ascii=False).encode()) for doc in logs}
        assert max(sizes.values()) <= PAGE_BUDGET, sizes
        assert all("#" not in location for location in sizes), "one entry per log page"


def test_japanese_pages_search_from_the_japanese_root(built_site: Path):
    page = built_site / "ja" / "logs" / "annotated-chat" / "index.html"
    html = page.read_text(encoding="utf-8")
    base = json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', html).group(1))[
        "base"
    ]
    assert posixpath.normpath(posixpath.join("ja/logs/annotated-chat", base)) == "ja"


def test_no_page_makes_material_fetch_a_sitemap_that_is_not_there(built_site: Path):
    for page in built_site.rglob("index.html"):
        assert '<link rel="alternate"' not in page.read_text(encoding="utf-8"), page
    assert list(built_site.rglob("sitemap.xml*")) == [], "no site_url: no sitemap"
