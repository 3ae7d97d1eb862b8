"""Every place Kiroku reaches into MkDocs, Material or static-i18n internals, in one module.

Kiroku's pages are generated outside MkDocs, but a few things can only be done by touching
what the frameworks do not promise to keep: the names of their attributes, the order of their
events, their templates and the files they write. Each such reach is one function here, with
what it assumes and what it is for, and `tests/site/test_mkdocs_adapter.py` checks every
assumption against the installed versions. An upgrade of MkDocs (pinned `>=1.6,<2`), Material
or static-i18n, or a move to ProperDocs or Zensical, starts here: if these tests pass, the
rest of `kiroku.site` needs no change.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from mkdocs import utils as mkdocs_utils
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from kiroku.storage import atomic_write

SITEMAP = "sitemap.xml"


def leave_out_sitemap(env: jinja2.Environment) -> None:
    """Stop MkDocs writing `sitemap.xml` (and `sitemap.xml.gz`).

    Assumes: MkDocs renders each of `theme.static_templates` from the theme's Jinja
    environment after the pages and writes nothing for one whose output is blank (it says
    "Template skipped" at INFO), gzipping only a written `sitemap.xml`. Taking the name out
    of `static_templates` instead would make MkDocs copy the template's source as a static
    file. Without `site_url` the sitemap is invalid (every `<loc>` starts with `None`)."""
    blank = jinja2.DictLoader({SITEMAP: ""})
    env.loader = jinja2.ChoiceLoader([blank, env.loader] if env.loader else [blank])
    if env.cache is not None:
        env.cache.clear()


_HEAD_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def add_link_preview(output: str, site_name: str, kind: str, locale: str, url: str | None) -> str:
    """A page with Open Graph and Twitter card tags, so a link pasted into a post or a chat
    shows the page's title and description.

    Assumes: Material's `base.html` writes the page's `<title>` as "title - site name" (the
    title as the page gives it, escaped in a generated page's front matter; the site name
    raw) and `<meta name="description">` from the page's `description` (else
    `site_description`), as given; the tags go right after the description."""
    found = _DESCRIPTION.search(output)
    heading = _HEAD_TITLE.search(output)
    if found is None or heading is None:
        return output
    title = heading.group(1).strip()
    suffix = f" - {site_name}"
    if title.endswith(suffix) and title != suffix.strip():
        title = title[: -len(suffix)]
    tags = {
        "og:type": kind,
        "og:site_name": html.escape(site_name),
        "og:title": title.replace('"', "&quot;"),
        "og:description": found.group(1),
        "og:locale": locale,
    }
    if url:
        tags["og:url"] = html.escape(url)
    head = "".join(f'<meta property="{key}" content="{value}">' for key, value in tags.items())
    head += f'<meta name="twitter:card" content="summary"><meta name="twitter:title" content="{tags["og:title"]}">'
    head += f'<meta name="twitter:description" content="{tags["og:description"]}">'
    return output[: found.end()] + head + output[found.end() :]


def keep_site_dir() -> Callable[[], None]:
    """Stop MkDocs emptying `site_dir` before a build (an incremental build keeps pages'
    HTML there); returns what puts MkDocs' own behaviour back.

    Assumes: `mkdocs.commands.build.build` empties the folder by calling
    `mkdocs.utils.clean_directory(config.site_dir)` through the module (static-i18n replaces
    it the same way for its second language)."""
    original = mkdocs_utils.clean_directory
    mkdocs_utils.clean_directory = lambda directory: None

    def restore() -> None:
        mkdocs_utils.clean_directory = original

    return restore


def render_nothing(page: Page) -> None:
    """Make a kept page's `Page.render` do what MkDocs' own does for an empty markdown
    source, without setting up a Markdown converter (most of a kept page's cost).

    Assumes: `Page.render(config, files)` sets exactly `content`, `toc`,
    `_title_from_render`, `present_anchor_ids` and `links_to_anchors`."""

    def render(config: Any, files: Any) -> None:
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        page.links_to_anchors = {}

    page.render = render  # type: ignore[method-assign,assignment]


KEPT_PAGE = "kiroku_unchanged"
"""Template context flag: the page's HTML from the last build stays, nothing is rendered."""
THEME_PREFIX = "kiroku-theme"
EMPTY_TEMPLATE = "kiroku-empty.html"
MAIN_WRAPPER = (
    "{% extends ('"
    + EMPTY_TEMPLATE
    + "' if "
    + KEPT_PAGE
    + " is defined and "
    + KEPT_PAGE
    + " else '"
    + THEME_PREFIX
    + "/main.html') %}"
)
"""`main.html` renders nothing for a kept page, so its template costs nothing either."""


def render_kept_pages_empty(env: jinja2.Environment, bytecode: Path) -> jinja2.Environment:
    """The theme's environment with `main.html` rendering nothing for a page whose context
    sets `KEPT_PAGE`, and Jinja's compiled templates cached in `bytecode` across builds.

    Assumes: MkDocs renders every page through the theme's `main.html` (Material's extends
    `base.html`), and looks templates up through `env.loader`; the bytecode cache is keyed by
    each template's source, so a changed theme compiles afresh."""
    original = env.loader
    assert original is not None
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader({"main.html": MAIN_WRAPPER, EMPTY_TEMPLATE: ""}),
            jinja2.PrefixLoader({THEME_PREFIX: original}),
            original,
        ]
    )
    if env.cache is not None:
        env.cache.clear()
    bytecode.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(bytecode))
    return env


class SkippedPageFilter(logging.Filter):
    """MkDocs says "Page skipped … empty output" for every kept page; that is no news.

    Assumes: `mkdocs.commands.build` logs exactly `Page skipped: '<src_uri>'. Generated empty
    output.` for a page whose HTML is blank."""

    def __init__(self, kept: set[str]) -> None:
        super().__init__()
        self.kept = kept

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Page skipped: '"):
            return True
        return message.split("'", 2)[1] not in self.kept


def search_entries(config: Any) -> list[dict[str, Any]] | None:
    """The search index being built (a list of entries MkDocs' or Material's search plugin
    appends to in `on_page_context`), or None without a search plugin.

    Assumes: the plugin is registered as `material/search` or `search` and keeps its index
    in `search_index.entries`."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            entries = getattr(plugin.search_index, "entries", None)
            return entries if isinstance(entries, list) else None
    return None


def built_search_index(config: Any) -> dict[str, Any] | None:
    """The search index as the search plugin last wrote it to `search/search_index.json`,
    from its memory (its config as the file reads back, its very entries), or None without a
    search plugin that indexes.

    Assumes: the plugin is Material's, whose `on_post_build` writes
    `{"config": {lang, separator, pipeline, fields of its config}, "docs": entries}` as JSON
    (`SearchIndex.generate_search_index`, with `default=str`), and the index's entries are
    still those it wrote (static-i18n writes it last, with every language's entries)."""
    plugin = config.plugins.get("material/search")
    entries = search_entries(config)
    if plugin is None or entries is None or not plugin.config.get("enabled", True):
        return None
    settings = {key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    written = json.loads(json.dumps(settings, separators=(",", ":"), default=str))
    return {"config": written, "docs": entries}


def search_index_left_to_hook(config: Any, split: Callable[[list[dict[str, Any]]], bool]) -> None:
    """Have the search plugin write only a stub of its index whenever `split(entries)` says
    the hook will write every language's index from its memory (`built_search_index`).

    The plugin encodes the whole index (`\\u` escapes: every Japanese character six bytes)
    once per language built and once for all: at 10,000 logs about 150 MB for each, which
    the hook then wrote again per language. Called on each `on_config`, after the plugin's
    own made a new index (static-i18n builds each language with its own).

    Assumes: Material's `SearchPlugin.on_post_build` writes what
    `self.search_index.generate_search_index(prev)` returns, `prev` being None but under
    `mkdocs serve --dirty` (then the plugin merges the entries itself: left to it)."""
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if index is None or "generate_search_index" in vars(index):
        return
    whole = index.generate_search_index

    def generate(prev: Any) -> str:
        entries = getattr(index, "entries", None)
        if prev or not isinstance(entries, list) or not split(entries):
            return str(whole(prev))
        return _without_entries(index, whole)

    index.generate_search_index = generate


def _without_entries(index: Any, whole: Callable[[Any], str]) -> str:
    """What the plugin writes with no entries: its config alone."""
    entries, index.entries = index.entries, []
    try:
        return whole(None)
    finally:
        index.entries = entries


def page_search_entries(
    content: str, url: str, title: str | None, source: str
) -> list[dict[str, Any]]:
    """The entries Material's search plugin adds for a generated page whose content (as
    the hook hands it to the plugin, before its search view) is `content`, from its
    markdown file `source` (front matter included), without a build.

    Assumes: the plugin is `material.plugins.search.plugin.SearchPlugin`, whose
    `SearchIndex.add_entry_from_context(page)` reads only the page's `meta` (MkDocs' front
    matter, `mkdocs.utils.meta.get_data`), `content`, `toc`, `url` and `title`, and appends
    to `entries`; a generated page's table of contents is empty (Markdown sees a placeholder);
    the hook gives the plugin `search_view(content)`."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex
    from mkdocs.utils.meta import get_data

    from kiroku.site.search import search_view

    meta = get_data(source)[1]
    index = SearchIndex()
    page = SimpleNamespace(
        meta=meta, content=search_view(content), toc=get_toc([]), url=url, title=title
    )
    index.add_entry_from_context(page)
    return [dict(entry) for entry in index.entries]


def page_markdown(path: str) -> str:
    """A page's markdown as MkDocs hands it to plugins, front matter taken off.

    Assumes: `Page.read_source` reads the file as `utf-8-sig` and splits it with
    `mkdocs.utils.meta.get_data`."""
    from mkdocs.utils.meta import get_data

    with open(path, encoding="utf-8-sig", errors="strict") as source:
        return str(get_data(source.read())[0])


def search_enabled(config: Any) -> bool:
    """Whether the search plugin indexes (it then strips `data-search-*` attributes)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return bool(plugin.config.get("enabled", True))
    return False


def current_language(config: Any) -> str:
    """The language static-i18n is building now ("" without it).

    Assumes: static-i18n registers as `i18n` and builds one language at a time, naming it
    in `current_language`."""
    i18n = config.plugins.get("i18n")
    return str(getattr(i18n, "current_language", "") or "") if i18n is not None else ""


def language_prefixes(config: Any) -> tuple[str, ...]:
    """The folders of the languages other than the default (static-i18n's folder layout).

    Assumes: static-i18n's `config.languages` items carry `locale` and `default`."""
    i18n = config.plugins.get("i18n")
    languages = getattr(getattr(i18n, "config", None), "languages", None) or []
    return tuple(
        f"{language.locale}/" for language in languages if not getattr(language, "default", False)
    )


def language_folder(src_uri: str, prefixes: tuple[str, ...]) -> str:
    """The language folder a page's source is in (`ja/`), or "" for the default language."""
    return next((prefix for prefix in prefixes if src_uri.startswith(prefix)), "")


_LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


def write_sitemap(site_dir: Path, previous: bytes) -> None:
    """Write `sitemap.xml` (and `.gz`) as MkDocs would: the last build's sitemap, which
    lists every page, with this build's date.

    Assumes: MkDocs' sitemap dates every page with `mkdocs.utils.get_build_date()` in
    `<lastmod>`, and gzips it with the build's timestamp and the file's path as its name."""
    date = mkdocs_utils.get_build_date()
    text = _LASTMOD.sub(f"<lastmod>{date}</lastmod>", previous.decode("utf-8"))
    path = site_dir / SITEMAP
    atomic_write(path, text.encode("utf-8"))
    stamp = int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp())
    gz_path = f"{path}.gz"
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, filename=gz_path, mode="wb", mtime=stamp) as gz:
        gz.write(text.encode("utf-8"))
    atomic_write(Path(gz_path), packed.getvalue())


_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


_SEARCH_ATTRIBUTE_TAIL = re.compile(r"data-search-\w+=\"[^\"]+\"")


def without_search_attributes(html: str) -> str:
    """A page's content cleaned as Material's search plugin cleans the content it indexed.

    Assumes: the plugin removes `data-search-*` attributes with this very pattern. The same
    as `_SEARCH_ATTRIBUTE.sub("", html)`, found from each `data-search-` (the pattern's
    optional leading space makes `re` try every position of a page of megabytes)."""
    pieces, done = [], 0
    found = html.find("data-search-")
    while found >= 0:
        tail = _SEARCH_ATTRIBUTE_TAIL.match(html, found)
        if tail is None:
            found = html.find("data-search-", found + 1)
            continue
        start = found - 1 if found - 1 >= done and html[found - 1].isspace() else found
        pieces.append(html[done:start])
        done = tail.end()
        found = html.find("data-search-", done)
    return "".join(pieces) + html[done:] if pieces else html


def redirect_maps(config: Any) -> dict[str, str]:
    """mkdocs-redirects' `redirect_maps` (old page → new page), empty without the plugin."""
    plugin = config.plugins.get("redirects")
    return dict(plugin.config.get("redirect_maps", {})) if plugin is not None else {}


def with_language_link(output: str, lang: str, written: str, wanted: str) -> str:
    """A page whose language switch entry for `lang` points at `wanted`.

    Assumes: static-i18n writes the switch's links as `href="<written>" hreflang="<lang>"`
    (root-absolute, so they break under a sub-path)."""
    return output.replace(
        f'href="{written}" hreflang="{lang}"', f'href="{wanted}" hreflang="{lang}"'
    )


_ALTERNATE_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def without_alternate_links(output: str) -> str:
    """A page without `<link rel="alternate" hreflang>` in its head.

    Assumes: Material fetches `sitemap.xml` under the address of every such link (a 404
    under a sub-path, on each page); the sitemap carries the same alternates."""
    return _ALTERNATE_LINK.sub("", output)


_CONFIG_BASE = re.compile(
    r'(<script id="__config" type="application/json">\{"annotate": [^,]*, "base": ")([^"]*)(")'
)


def with_search_base(output: str, base: str) -> str:
    """A page whose search (and other scripts) take `base` as the site's root.

    Assumes: Material writes its settings as `<script id="__config">` JSON opening with
    `annotate` and `base`, and its search worker loads `<base>/search/search_index.json`."""
    return _CONFIG_BASE.sub(lambda m: m.group(1) + base + m.group(3), output, count=1)


@contextlib.contextmanager
def serving_with_config(load: Callable[..., Any]) -> Iterator[None]:
    """While it lasts, `mkdocs serve` loads its configuration for every rebuild with `load`
    (which adds Kiroku's incremental plugin to each).

    Assumes: `mkdocs.commands.serve.serve` calls the `load_config` it imported into its own
    module, once per build."""
    from unittest import mock

    from mkdocs.commands import serve as mkdocs_serve

    with mock.patch.object(mkdocs_serve, "load_config", load):
        yield


@contextlib.contextmanager
def serving_with_build(build: Callable[..., None]) -> Iterator[None]:
    """While it lasts, `mkdocs serve` builds the site with `build` (which patches the last
    build's pages when it can, and runs MkDocs' own build when it cannot).

    Assumes: `mkdocs.commands.serve.serve` calls the `build` it imported into its own module
    as `build(config, serve_url=..., dirty=...)`, once per build, the first one included."""
    from unittest import mock

    from mkdocs.commands import serve as mkdocs_serve

    with mock.patch.object(mkdocs_serve, "build", build):
        yield


@contextlib.contextmanager
def serving_pages_reloaded_alone(unwatched: Iterable[Path] = ()) -> Iterator[None]:
    """While it lasts, `mkdocs serve` runs `live_reload.PageReloadServer`, which reloads only
    the open pages a rebuild rewrote, and does not watch the `unwatched` folders (those the
    build writes itself: MkDocs watches its docs folder, so each build would start another).

    Assumes: `mkdocs.commands.serve.serve` creates the `LiveReloadServer` it imported into its
    own module, runs its first build before `serve()`, and every rebuild through `builder`;
    the server's `_serve_request` answers `/livereload/<epoch>/<id>` polls, and its
    `_visible_epoch`, `_wanted_epoch`, `_epoch_cond`, `root` and `mount_path` are as in 1.6."""
    from unittest import mock

    from mkdocs.commands import serve as mkdocs_serve

    from kiroku.site.live_reload import PageReloadServer

    ignored = frozenset(os.path.abspath(folder) for folder in unwatched)
    server = type("PageReloadServer", (PageReloadServer,), {"unwatched": ignored})
    with mock.patch.object(mkdocs_serve, "LiveReloadServer", server):
        yield
