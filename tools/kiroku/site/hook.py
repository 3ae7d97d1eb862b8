"""The MkDocs hook: generate the pages before a build, copy the raw files after it."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.published import record_urls, urls_key
from kiroku.site.build import NO_SITEMAP, release_freed_memory
from kiroku.site.generate import SitePlan, plan_site, write_docs
from kiroku.site.html import restore_nel
from kiroku.site.manifest import MANIFEST_NAME, check_manifest, update_manifest
from kiroku.site.mkdocs_adapter import (
    add_link_preview,
    built_search_index,
    leave_out_sitemap,
    page_markdown,
    redirect_maps,
    search_enabled,
    search_index_left_to_hook,
    with_language_link,
    with_search_base,
    without_alternate_links,
    without_search_attributes,
)
from kiroku.site.phrases import DEFAULT_LANGUAGE, LANGUAGES
from kiroku.site.prerendered import anchor_ids, insert_body, split_markdown
from kiroku.site.search import search_view, split_index, splits, tables_as_sentences
from kiroku.site.urls import in_language, link

_LOG_PAGE = re.compile(r"(?:^|/)logs/[^/]+/$")

log = logging.getLogger("mkdocs.plugins.kiroku")


_planned: tuple[Any, SitePlan] | None = None
"""The config this process last generated for: the i18n plugin re-runs `on_config` for each
language on the same config object, and the pages only need generating once."""


def on_config(config: Any) -> Any:
    global _planned
    search_index_left_to_hook(config, lambda entries: splits(entries, LANGUAGES))
    if _planned is not None and _planned[0] is config:
        return config
    root = Path(config.config_file_path).resolve().parent
    project = Project(root)
    key = urls_key(project)
    try:
        plan = plan_site(project, Path(config.docs_dir), site_url=config.site_url, stream=True)
        check_manifest(root / MANIFEST_NAME, plan.published_urls(), redirect_maps(config))
    except KirokuError as error:
        raise PluginError(str(error)) from None
    if urls_key(project) == key:  # nothing changed while the site was planned
        record_urls(project, key, plan.published_urls())
    write_docs(plan, Path(config.docs_dir))
    # MkDocs reads the pages from the docs folder: their text need not stay in memory too
    bare = [dataclasses.replace(page, body="") for page in plan.pages]
    _planned = (config, dataclasses.replace(plan, pages=bare, files=dict.fromkeys(plan.files, b"")))
    del plan, bare
    release_freed_memory()
    if not config.site_url:
        log.info(NO_SITEMAP)
    return config


def on_env(env: Any, config: Any, files: Any) -> Any:
    if not config.site_url:
        leave_out_sitemap(env)
    return env


_bodies: dict[str, str] = {}
"""Source path → finished HTML of the generated page being rendered (`kiroku.site.prerendered`)."""
_deferred: dict[str, str] = {}
"""Source path → sha256 of the body of a generated page whose HTML is put in only when the
page is built: MkDocs renders every page before it builds the first, and holding every
page's HTML meanwhile made a build's memory grow with the archive."""
_prerendered: set[str] = set()
"""Source paths of generated pages rendered and not yet indexed."""
_full_content: dict[str, str] = {}
"""Source path → a generated page's content while the search plugin reads its search view."""


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Markdown gets a placeholder instead of a generated page's HTML (a kept page of an
    incremental build arrives empty and stays so)."""
    split = split_markdown(markdown)
    if split is None:
        _bodies.pop(page.file.src_uri, None)
        return markdown
    _bodies[page.file.src_uri] = split[1]
    return split[0]


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    body = _bodies.pop(page.file.src_uri, None)
    if body is not None:
        page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(body)
        _deferred[page.file.src_uri] = _sha256(body)
        _prerendered.add(page.file.src_uri)
    return restore_nel(html)


def _sha256(body: str) -> str:
    """Of a body as the page shows it (`insert_body` trims its line breaks)."""
    return hashlib.sha256(body.strip("\n").encode("utf-8", "surrogatepass")).hexdigest()


def _with_body(page: Any) -> None:
    """A generated page's content with its body, read again from its markdown file as MkDocs
    read it (refused if the file changed since)."""
    expected = _deferred.pop(page.file.src_uri, None)
    if expected is None:
        return
    body = split_markdown(page_markdown(page.file.abs_src_path))
    if body is None or _sha256(body[1]) != expected:
        raise PluginError(f"kiroku: {page.file.src_uri} changed while the site was built")
    page.content = restore_nel(insert_body(page.content, body[1]))


@event_priority(50)
def _before_search(context: Any, page: Any, config: Any, **kwargs: Any) -> Any:
    """Give the search plugin (priority 0) only what it indexes of a generated page, and
    any page's tables as sentences."""
    _with_body(page)
    uri = page.file.src_uri
    if uri in _prerendered and page.content:
        _prerendered.discard(uri)
        _full_content[uri] = page.content
        page.content = search_view(page.content)
    elif page.content and "<table" in page.content:
        _full_content[uri] = page.content
        page.content = tables_as_sentences(page.content)
    return context


@event_priority(-50)
def _after_search(context: Any, page: Any, config: Any, **kwargs: Any) -> Any:
    """Put the whole content back, cleaned as the search plugin cleans what it indexed."""
    full = _full_content.pop(page.file.src_uri, None)
    if full is not None:
        page.content = without_search_attributes(full) if search_enabled(config) else full
    return context


on_page_context = CombinedEvent(_before_search, _after_search)


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    page.content = None  # written next, and read by nothing after: not held to the end
    gc.collect(0)  # what rendering this page left in cycles (the build pauses the collector)
    return finished_page(output, page.url, config.site_name, page.canonical_url)


def finished_page(output: str, url: str, site_name: str, canonical_url: str | None) -> str:
    """Fix what static-i18n and Material get wrong under a sub-path, for every page.

    - The language switcher's root links become relative (static-i18n writes `/` and `/ja/`).
    - The `<link rel="alternate" hreflang>` tags go: Material fetches `sitemap.xml` under every
      such address (a 404 on each page and after each language switch); the sitemap already
      carries the same hreflang alternates for search engines.
    - A page's search base becomes its language's root, so it loads that language's own index
      (see `split_index`) and finds only pages in its language.
    """
    for lang in LANGUAGES:
        root = in_language("", lang)
        output = with_language_link(output, lang, f"/{root}", link(url, root))
    output = without_alternate_links(output)
    lang = page_language(url)
    kind = "article" if _LOG_PAGE.search(url) else "website"
    locale = "ja_JP" if lang == "ja" else "en_US"
    output = add_link_preview(output, site_name, kind, locale, canonical_url)
    if lang != DEFAULT_LANGUAGE:
        base = link(url, in_language("", lang)).rstrip("/") or "."
        output = with_search_base(output, base)
    return output


def page_language(url: str) -> str:
    """The language of a built page from its URL (`ja/logs/x/` is Japanese)."""
    for lang in LANGUAGES:
        prefix = in_language("", lang)
        if prefix and (url + "/").startswith(prefix):
            return lang
    return DEFAULT_LANGUAGE


@event_priority(-200)
def on_post_build(config: Any) -> None:
    """After static-i18n (-100) has built every language and the search index of all of them:
    split the index per language, copy the raw files, record the published URLs."""
    site_dir = Path(config.site_dir)
    split_index(site_dir, LANGUAGES, built_search_index(config))
    sitemap = site_dir / "sitemap.xml"
    for lang in LANGUAGES:
        folder = site_dir / in_language("", lang)
        if folder != site_dir and folder.is_dir() and sitemap.is_file():
            shutil.copyfile(sitemap, folder / "sitemap.xml")
    if _planned is None or _planned[0] is not config:
        return
    plan = _planned[1]
    for site_path, source in plan.downloads.items():
        target = site_dir / site_path
        try:
            copied = os.stat(target).st_size == os.stat(source).st_size
        except OSError:
            copied = False
        if not copied:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    root = Path(config.config_file_path).resolve().parent
    update_manifest(root / MANIFEST_NAME, plan.published_urls())
