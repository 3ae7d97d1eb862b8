"""Incremental site builds: render again only the pages whose source or shared inputs changed."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from kiroku import jsonio
from kiroku.site.mkdocs_adapter import (
    KEPT_PAGE,
    SkippedPageFilter,
    current_language,
    keep_site_dir,
    language_folder,
    language_prefixes,
    render_kept_pages_empty,
    render_nothing,
    search_entries,
    write_sitemap,
)
from kiroku.site.prerendered import body_of
from kiroku.site.unchanged import PACKAGES
from kiroku.storage import atomic_write

STATE_VERSION = 2
PLUGIN_NAME = "kiroku/incremental"

log = logging.getLogger("mkdocs.plugins.kiroku.incremental")


@dataclass
class PageRecord:
    """What the last build knew of one page: enough to keep its HTML and index entries."""

    source: str
    """sha256 of the page's markdown file (front matter included)."""
    context: str
    """sha256 of everything around the page: config, code, theme, navigation, language."""
    size: int
    mtime_ns: int
    """The HTML file as written; any other writer (a plain `mkdocs build`) changes them."""
    title: str | None
    search: list[dict[str, Any]] = field(default_factory=list)
    """The page's search index entries, merged back into the index when the page is kept."""


def state_path(cache_dir: Path, site_dir: Path) -> Path:
    """Where the build state of `site_dir` lives: one file per output folder."""
    key = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / "site-state" / f"{key}.json"


@dataclass
class BuildState:
    """What the last build left: its pages, the order it built them in, its shared inputs."""

    pages: dict[str, PageRecord] = field(default_factory=dict)
    """Output path → record."""
    order: list[str] = field(default_factory=list)
    """Output paths in the order the pages were built (and their search entries indexed)."""
    base: str = ""
    """`base_key` of that build."""
    contexts: dict[str, str] = field(default_factory=dict)
    """Language → the context of its pages (configuration, code, navigation)."""


def read_state(path: Path) -> BuildState:
    """The state recorded by the last build; empty if missing or unusable."""
    try:
        data = jsonio.decode(path.read_bytes())
        if data.get("version") != STATE_VERSION:
            return BuildState()
        pages = {dest: PageRecord(**record) for dest, record in data["pages"].items()}
        return BuildState(pages, list(data["order"]), str(data["base"]), dict(data["contexts"]))
    except (OSError, ValueError, KeyError, TypeError):
        return BuildState()


def write_state(path: Path, state: BuildState) -> None:
    data = {
        "version": STATE_VERSION,
        "pages": state.pages,  # orjson writes each record as it is, with no copy of all
        "order": state.order,
        "base": state.base,
        "contexts": state.contexts,
    }
    atomic_write(path, jsonio.encode(data), durable=False)  # a cache: lost, the next build is full


def sha256_text(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def sha256_files(paths: list[Path]) -> str:
    """One digest over the names and bytes of `paths` (a folder's code or templates)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _tree(folder: Path) -> list[Path]:
    return (
        [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        if folder.is_dir()
        else []
    )


def base_key(config: Any) -> str:
    """What every page of every language depends on, apart from the navigation."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    code = [*_tree(Path(str(resources.files("kiroku.site"))))]
    code += [Path(hook) for hook in config.get("hooks", []) if Path(hook).is_file()]
    custom_dir = config.theme.custom_dir
    if custom_dir:
        code += _tree(Path(custom_dir))
    return sha256_text(
        Path(config.config_file_path).read_text(encoding="utf-8"),
        str(config.site_url),
        str(config.use_directory_urls),
        *versions,
        sha256_files(code),
    )


def _nav_title(item: Page) -> str:
    """The title a nav entry shows, read from the page's front matter (hand-written pages
    whose title comes from a heading are keyed by their whole text)."""
    if item.title:
        return f"title:{item.title}"
    path = item.file.abs_src_path
    if not path:
        return "none"
    source = Path(path).read_text(encoding="utf-8-sig", errors="surrogateescape")
    title = get_data(source)[1].get("title")
    return f"title:{title}" if title is not None else f"text:{sha256_text(source)}"


def nav_signature(items: list[Any]) -> list[Any]:
    """The navigation as it appears on every page: titles, addresses, nesting."""
    signature: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            signature.append(["section", item.title, nav_signature(item.children)])
        elif isinstance(item, Link):
            signature.append(["link", item.title, item.url])
        elif isinstance(item, Page):
            signature.append(["page", item.file.src_uri, item.url, _nav_title(item)])
    return signature


def _snapshot(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file of the site with its modification time and size, before the build."""
    found: dict[str, tuple[int, int]] = {}
    folders = [(str(site_dir), "")]
    while folders:
        folder, relative = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = relative + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, name + "/"))
                else:
                    stat = entry.stat(follow_symlinks=False)
                    found[name] = (stat.st_mtime_ns, stat.st_size)
    return found


def _stamp(path: str | None) -> tuple[int, int] | None:
    """A file's modification time and size, as a page record holds them; None if missing."""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if stat else None


def _nav_sources(nav: Any) -> set[str]:
    """The page files the configured navigation names (empty without a `nav`: then every
    page is in the navigation)."""
    found: set[str] = set()
    items = nav if isinstance(nav, list) else [nav] if nav else []
    for item in items:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= _nav_sources(value if isinstance(value, list) else [value])
    return found


def _stem(src_uri: str, prefixes: tuple[str, ...]) -> str:
    """A page's source path without its language folder: what its translations share."""
    return src_uri[len(language_folder(src_uri, prefixes)) :]


class IncrementalBuild(BasePlugin):  # type: ignore[type-arg]
    """Keeps the HTML and search entries of pages whose inputs did not change.

    MkDocs renders every page on every build. A page is kept when the last build's state says
    its markdown, the configuration, the code and templates, the navigation and the language
    are all unchanged and its HTML file is still the one that build wrote. A kept page is still
    read (its title feeds the navigation), but its markdown is emptied, its template renders
    nothing, nothing is written, and its recorded search entries are put back where the search
    plugin would have put them, so the index comes out in the same order as a full build's.
    Files a full build would no longer produce (deleted or renamed logs) are removed.

    With `incremental` false it only records the state, so the next incremental build can
    start from this one.
    """

    def __init__(self, state_file: Path, project_root: Path, incremental: bool) -> None:
        self.state_file = state_file
        self.project_root = project_root
        self.incremental = incremental
        self.state = BuildState()
        self.previous: dict[str, PageRecord] = {}
        self.records: dict[str, PageRecord] = {}
        self.rendered: set[str] = set()
        self.order: list[str] = []
        self.contexts: dict[str, str] = {}
        self.language = ""
        self.built_now: list[str] = []
        """Output paths of the pages the current language build handed to the search plugin."""
        self.dropped: set[str] | None = None
        """Source paths of pages left out of MkDocs' files altogether (see `_drop_unchanged`);
        decided once per build, None until then."""
        self.dropped_now: set[str] = set()
        self.sitemap: bytes | None = None
        self.kept: dict[str, PageRecord] = {}
        self.kept_sources: set[str] = set()
        self.outputs: set[str] = set()
        self.before: dict[str, tuple[int, int]] = {}
        self.depth = 0
        self.base = ""
        self.context = ""
        self.entries_before = 0
        self.search_meta: Any = None
        self.restore_clean: Any = None
        self.log_filter = SkippedPageFilter(self.kept_sources)
        self.sources: dict[str, str] = {}

    @property
    def keeping(self) -> bool:
        return self.incremental and bool(self.previous)

    @event_priority(100)
    def on_pre_build(self, *, config: Any) -> None:
        self.depth += 1
        if self.depth > 1:
            return
        self.base = base_key(config)
        self.state = read_state(self.state_file) if self.incremental else BuildState()
        self.previous = self.state.pages
        self.state_file.unlink(missing_ok=True)  # a failed build leaves none: next is full
        self.records.clear()
        self.rendered.clear()
        self.order.clear()
        self.contexts.clear()
        self.dropped = None
        self.sitemap = None
        self.kept.clear()
        self.kept_sources.clear()
        self.outputs.clear()
        logging.getLogger("mkdocs.commands.build").addFilter(self.log_filter)
        if self.keeping:
            self.before = _snapshot(Path(config.site_dir))
            self.restore_clean = keep_site_dir()

    @event_priority(-50)
    def _drop_unchanged(self, files: Files, *, config: Any) -> Files:
        """Leave unchanged pages out of the build altogether, when that cannot change the site.

        A kept page still costs MkDocs and static-i18n a read, a template context and a
        place in every structure, for every language: with thousands of logs that is most of
        an incremental build. It is left out only when the pages and the shared inputs are
        those of the last build, no navigation page changed, and every page that is built is
        a generated one (finished HTML, no Markdown links to check against the pages left
        out). Its HTML stays, its search entries go back in their place (`_restore_order`),
        and so does the sitemap, which lists every page (`_restore_sitemap`). Runs after
        plugins that read every page (redirects) and before static-i18n."""
        if not self.keeping:
            return files
        if self.dropped is None:
            self.dropped = self._pages_to_drop(files, config)
            if self.dropped:
                sitemap = Path(config.site_dir) / "sitemap.xml"
                self.sitemap = sitemap.read_bytes() if sitemap.is_file() else None
                if self.sitemap is None and config.site_url:
                    self.dropped = set()
        # Every language's build lists the pages of all; those of this language are its own.
        prefixes = language_prefixes(config)
        own = f"{current_language(config)}/"
        own = own if own in prefixes else ""
        self.dropped_now = {
            f.dest_uri
            for f in files
            if f.src_uri in self.dropped and language_folder(f.src_uri, prefixes) == own
        }
        if not self.dropped:
            return files
        return Files([f for f in files if f.src_uri not in self.dropped])

    @event_priority(-1000)
    def _record_outputs(self, files: Any, *, config: Any) -> Any:
        self.outputs.update(file.dest_uri for file in files)
        self.outputs.update(self.dropped_now)
        return files

    on_files = CombinedEvent(_drop_unchanged, _record_outputs)

    def _pages_to_drop(self, files: Files, config: Any) -> set[str]:
        """Source paths of the pages that can be left out of this build (see `_drop_unchanged`)."""
        nav = _nav_sources(config.nav)
        pages = files.documentation_pages()
        if not nav or self.state.base != self.base:
            return set()
        if {f.dest_uri for f in pages} != set(self.state.order):
            return set()
        prefixes = language_prefixes(config)
        changed: set[str] = set()
        for file in pages:
            stem = _stem(file.src_uri, prefixes)
            record = self.previous.get(file.dest_uri)
            source = Path(file.abs_src_path).read_bytes() if file.abs_src_path else b""
            same_source = record is not None and record.source == hashlib.sha256(source).hexdigest()
            if stem in nav and not same_source:
                return set()  # the navigation, on every page, may change
            if (
                same_source
                and record is not None
                and _stamp(file.abs_dest_path)
                == (
                    record.mtime_ns,
                    record.size,
                )
            ):
                continue
            if body_of(source.decode("utf-8", "replace")) is None:
                return set()  # a page with Markdown: its links are checked against all pages
            changed.add(stem)
        return {f.src_uri for f in pages if _stem(f.src_uri, prefixes) not in nav | changed}

    @event_priority(-1000)
    def on_nav(self, nav: Navigation, *, config: Any, files: Any) -> Navigation:
        language = current_language(config)
        self.language = language
        self.built_now = []
        self.context = sha256_text(
            self.base,
            str(language),
            str(config.theme.get("language")),
            str(config.site_name),
            json.dumps(config.get("extra") or {}, sort_keys=True, default=str),
            json.dumps(nav_signature(nav.items), ensure_ascii=False),
        )
        self.contexts[self.language] = self.context
        if self.dropped and self.state.contexts.get(self.language) != self.context:
            raise PluginError(
                "kiroku: the navigation changed though no navigation page did; "
                "run a full build (`kiroku build` without --incremental)"
            )
        return nav

    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: Any, files: Any) -> str:
        dest = page.file.dest_uri
        path = page.file.abs_src_path
        source = hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else ""
        self.sources[dest] = source
        record = self.previous.get(dest) if self.keeping else None
        if record is None or record.source != source or record.context != self.context:
            return markdown
        try:
            stat = os.stat(page.file.abs_dest_path)
        except OSError:
            return markdown
        if (stat.st_mtime_ns, stat.st_size) != (record.mtime_ns, record.size):
            return markdown
        self.kept[dest] = record
        self.kept_sources.add(page.file.src_uri)
        render_nothing(page)
        return ""

    @event_priority(-1000)
    def on_page_content(self, html: str, *, page: Page, config: Any, files: Any) -> str:
        record = self.kept.get(page.file.dest_uri)
        if record is not None:
            page.title = record.title  # type: ignore[method-assign]
        return html

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        # Compiling Material's templates costs a kept build more than all its kept pages.
        return render_kept_pages_empty(env, self.state_file.parent / "templates")

    @event_priority(10)
    def _before_search(self, context: Any, *, page: Page, config: Any, nav: Any) -> Any:
        entries = search_entries(config)
        self.entries_before = len(entries) if entries is not None else 0
        if page.file.dest_uri in self.kept:
            self.search_meta = page.meta.get("search")
            page.meta["search"] = {"exclude": True}
            context[KEPT_PAGE] = True
        return context

    @event_priority(-10)
    def _after_search(self, context: Any, *, page: Page, config: Any, nav: Any) -> Any:
        entries = search_entries(config)
        dest = page.file.dest_uri
        self.built_now.append(dest)
        record = self.kept.get(dest)
        if record is not None:
            if self.search_meta is None:
                page.meta.pop("search", None)
            else:
                page.meta["search"] = self.search_meta
            if entries is not None:
                entries.extend(record.search)
            self.records[dest] = record
        else:
            self.rendered.add(dest)
            added = [dict(entry) for entry in entries[self.entries_before :]] if entries else []
            self.records[dest] = PageRecord(
                self.sources.get(dest, ""), self.context, -1, -1, page.title, added
            )
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    @event_priority(-1000)
    def on_post_page(self, output: str, *, page: Page, config: Any) -> str:
        return "" if page.file.dest_uri in self.kept else output

    @event_priority(-90)
    def _restore_order(self, *, config: Any) -> None:
        """After the search plugin (0), before static-i18n gathers this language's entries
        (-100): put the entries of the pages left out back, in the last build's order."""
        built = self.built_now
        if self.dropped_now:
            present = set(built) | self.dropped_now
            built = [dest for dest in self.state.order if dest in present]
            for dest in self.dropped_now:
                self.records[dest] = self.previous[dest]
            entries = search_entries(config)
            if entries is not None:
                entries[:] = [entry for dest in built for entry in self.records[dest].search]
        self.order.extend(built)
        self.built_now = []
        self.dropped_now = set()

    @event_priority(-150)
    def _restore_sitemap(self, *, config: Any) -> None:
        """After every language (static-i18n, -100), before the hook copies the sitemap
        (-200): the last build's sitemap, with this build's date, since it lists every page."""
        if self.depth > 1 or not self.dropped or self.sitemap is None:
            return
        write_sitemap(Path(config.site_dir), self.sitemap)

    @event_priority(-1000)
    def _finish_build(self, *, config: Any) -> None:
        """After every language and the kiroku hook (-200): record, then sweep stale files."""
        self.depth -= 1
        if self.depth > 0:
            return
        site_dir = Path(config.site_dir)
        self._finish()
        if self.keeping:
            self._sweep(site_dir)
            left_out = len(self.records) - len(self.kept) - len(self.rendered)
            log.info(
                f"kiroku: {len(self.rendered)} page(s) rendered, {len(self.kept)} unchanged "
                f"kept, {left_out} unchanged left out of the build"
            )
        for dest, record in self.records.items():
            if dest not in self.rendered:
                continue
            try:
                stat = (site_dir / dest).stat()
            except OSError:
                continue
            record.mtime_ns, record.size = stat.st_mtime_ns, stat.st_size
        pages = {d: r for d, r in self.records.items() if r.size >= 0}
        order = [dest for dest in self.order if dest in pages]
        write_state(self.state_file, BuildState(pages, order, self.base, dict(self.contexts)))

    on_post_build = CombinedEvent(_restore_order, _restore_sitemap, _finish_build)

    def on_build_error(self, *, error: Exception) -> None:
        self.depth = 0
        self.dropped = None
        self._finish()

    def _finish(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(self.log_filter)
        if self.restore_clean is not None:
            self.restore_clean()
            self.restore_clean = None

    def _sweep(self, site_dir: Path) -> None:
        """Remove what a full build (which starts from an empty folder) would not write.

        A file stays if this build wrote it, if it is the output of a current page or file
        (kept pages are not rewritten), or if it is a copy of a raw file still in the project's
        archive (the hook copies those only when their size changed).
        """
        emptied: set[Path] = set()
        for relative, stamp in self.before.items():
            if relative in self.outputs or relative.startswith(".") or "/." in relative:
                continue
            if relative.startswith("archive/") and (self.project_root / relative).is_file():
                continue
            path = site_dir / relative
            try:
                stat = path.stat()
            except OSError:
                continue
            if (stat.st_mtime_ns, stat.st_size) != stamp:
                continue
            path.unlink()
            emptied.add(path.parent)
        for folder in sorted(emptied, key=lambda path: -len(path.parts)):
            while folder != site_dir and folder.is_relative_to(site_dir):
                try:
                    folder.rmdir()  # only if empty
                except OSError:
                    break
                folder = folder.parent
