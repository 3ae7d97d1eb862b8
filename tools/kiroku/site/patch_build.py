"""A build after a change that only rewrote generated pages' bodies: spliced into the last build's HTML, MkDocs not started."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kiroku import jsonio
from kiroku.atomic import atomic_write
from kiroku.file_stamps import files_under, stamps
from kiroku.project import Project
from kiroku.site import unchanged
from kiroku.site.prerendered import body_of, content_of, same_anchor_ids

PATCH_VERSION = 2
SEARCH_INDEX = "search/search_index.json"
log = logging.getLogger("mkdocs.plugins.kiroku.patch")


def configured_docs_dir(project: Project, config: Path) -> Path:
    """The docs folder `mkdocs.yml` names (MkDocs' default `docs`), without loading MkDocs."""
    return unchanged.configured_folder(project, config, "docs_dir", "docs")


def _record_path(project: Project, site_dir: Path) -> Path:
    key = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return project.cache_dir / "site-state" / f"{key}.patch.json"


def frame_key(inputs: unchanged.Inputs, options: object) -> str:
    """Everything a build reads but the logs and `urls.manifest`: what must be as the last
    build found it for its pages to be patched (code, libraries, configuration, archive,
    `docs/`). The manifest, which a build adds its new URLs to, must be as it left it."""
    return inputs.key(options, manifest=False, folders=("archive", "docs"))


def _manifest_sha256(project: Project) -> str | None:
    return stamps(project.cache_dir).sha256(project.root / "urls.manifest")


@dataclass(frozen=True)
class BuildShape:
    """What a successful build was made of, for the next one to patch it."""

    frame: str
    """`frame_key` when the build started."""
    outputs: str
    """`unchanged.outputs_key` when it ended."""
    site_url: str | None
    search: bool
    """Whether the search plugin indexed (it then strips `data-search-*` attributes)."""
    manifest: str | None
    """sha256 of `urls.manifest` as the build left it."""
    sources: list[str]
    """Every file of the docs folder: the generated pages and files, the hand-written ones."""
    pages: int
    """How many pages (`index.html` files) the site folder holds."""


@dataclass(frozen=True)
class Patched:
    """A build made by patching the last one's pages."""

    site_dir: Path
    outputs: str | None
    """`unchanged.outputs_key` as it left the outputs, if known."""
    pages: int
    """How many pages (`index.html` files) the site folder holds (as the last build left)."""


def forget(project: Project, site_dir: Path) -> None:
    _record_path(project, site_dir).unlink(missing_ok=True)


def record(project: Project, site_dir: Path, shape: BuildShape) -> None:
    data = {"version": PATCH_VERSION, **shape.__dict__}
    atomic_write(_record_path(project, site_dir), jsonio.encode(data), durable=False)


def _recorded(project: Project, site_dir: Path) -> BuildShape | None:
    try:
        data = jsonio.decode(_record_path(project, site_dir).read_bytes())
        if data.pop("version") != PATCH_VERSION:
            return None
        return BuildShape(**data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def docs_listing(docs_dir: Path) -> list[str]:
    """The files of the docs folder as `write_docs` leaves it (hidden files aside)."""
    start = len(os.fspath(docs_dir / "-")) - 1
    return sorted(
        path[start:].replace(os.sep, "/")
        for path in files_under(docs_dir)
        if not os.path.basename(path).startswith(".")
    )


def shape_of_config(config: Any) -> tuple[str | None, bool]:
    """(site URL, whether search indexes) of a loaded MkDocs configuration."""
    from kiroku.site.mkdocs_adapter import search_enabled

    return (config.site_url or None), search_enabled(config)


def page_count(site_dir: Path) -> int:
    """How many pages (`index.html` files) the site folder holds."""
    return sum(names.count("index.html") for _, _, names in os.walk(site_dir))


def recorded_pages(project: Project, site_dir: Path) -> int | None:
    """How many pages the last build left in the site folder, if it recorded them."""
    shape = _recorded(project, site_dir)
    return shape.pages if shape is not None else None


def recorded_shape(project: Project, site_dir: Path) -> tuple[str | None, bool]:
    """(site URL, whether search indexes) the last build recorded."""
    shape = _recorded(project, site_dir)
    return (shape.site_url, shape.search) if shape is not None else (None, False)


def record_build(
    project: Project,
    config: Path,
    site_dir: Path,
    frame: str,
    settings: tuple[str | None, bool],
    outputs: str | None = None,
    pages: int | None = None,
) -> None:
    """After a successful build that started with `frame`: what the next one may patch (if
    anything but the logs changed while it ran, the next build's frame differs from it, and
    that build runs MkDocs). `outputs` and `pages`, if the build knows them, are not taken
    from the site folder again."""
    forget(project, site_dir)
    docs = docs_listing(configured_docs_dir(project, config))
    outputs = outputs or unchanged.outputs_key(project, site_dir)
    manifest = _manifest_sha256(project)
    pages = page_count(site_dir) if pages is None else pages
    shape = BuildShape(frame, outputs, settings[0], settings[1], manifest, docs, pages)
    record(project, site_dir, shape)
    stamps(project.cache_dir).save()


def dest_of(path: str) -> str:
    """The HTML file MkDocs writes for a page's markdown file (`use_directory_urls`)."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def url_of(dest: str) -> str:
    return dest[: -len("index.html")]


def _front_matter(source: str) -> str:
    return source.split("\n---\n", 1)[0]


@dataclass
class PagePatch:
    dest: str
    html: bytes
    markdown: bytes
    entries: list[dict[str, Any]]


def _encoded(text: str) -> bytes:
    """As MkDocs writes a page: characters UTF-8 cannot hold as character references."""
    return text.encode("utf-8", "xmlcharrefreplace")


def _patch_page(
    site_dir: Path, dest: str, old: str, new: str, record: Any, search: bool
) -> PagePatch | None:
    """The page's HTML with its old content replaced by the new, or None when the change
    reaches beyond the content (front matter, an `<h1>` appearing or going) or the HTML is
    not the one the last build wrote with that content."""
    from kiroku.site.hook import finished_page
    from kiroku.site.mkdocs_adapter import page_search_entries, without_search_attributes

    old_body, new_body = body_of(old), body_of(new)
    if old_body is None or new_body is None or _front_matter(old) != _front_matter(new):
        return None
    path = site_dir / dest
    try:
        stat = os.stat(path)
        html = path.read_bytes()
    except OSError:
        return None
    if (stat.st_mtime_ns, stat.st_size) != (record.mtime_ns, record.size):
        return None
    if not same_anchor_ids(old_body, new_body):
        return None  # MkDocs checks links to a page's anchors (hand-written pages may link)
    old_content, new_content = content_of(old_body), content_of(new_body)
    if ("<h1" in old_content) != ("<h1" in new_content):
        return None  # the theme writes the page's title itself when the content has none
    shown_old, shown_new = old_content, new_content
    if search:
        shown_old = without_search_attributes(old_content)
        shown_new = without_search_attributes(new_content)
    if finished_page(shown_new, url_of(dest), "", None) != shown_new:
        return None  # what the hook rewrites in a whole page would reach into the content
    before = _encoded(shown_old)
    if html.count(before) != 1:
        return None
    entries: list[dict[str, Any]] = []
    if search:
        entries = page_search_entries(new_content, url_of(dest), record.title, new)
    return PagePatch(dest, html.replace(before, _encoded(shown_new)), _encoded(new), entries)


def _language_of(dest: str, prefixes: tuple[str, ...]) -> str:
    return next((prefix for prefix in prefixes if dest.startswith(prefix)), "")


def _patched_indexes(
    site_dir: Path, patches: list[PagePatch], previous: dict[str, Any], prefixes: tuple[str, ...]
) -> dict[Path, bytes] | None:
    """Each language's search index with the entries of the patched pages replaced in its
    bytes, the rest of the index not decoded (as `kiroku.site.search.split_index` writes an
    index, an entry's bytes are its own JSON: `{"location":...}` cannot occur inside a
    string, whose quotes are escaped)."""
    by_folder: dict[str, list[PagePatch]] = {}
    for patch in patches:
        by_folder.setdefault(_language_of(patch.dest, prefixes), []).append(patch)
    written: dict[Path, bytes] = {}
    for folder, mine in by_folder.items():
        path = site_dir / folder / SEARCH_INDEX
        try:
            raw = path.read_bytes()
        except OSError:
            return None

        def local(entry: dict[str, Any], folder: str = folder) -> dict[str, Any]:
            return {**entry, "location": entry["location"][len(folder) :]}

        for patch in mine:
            old = [local(entry) for entry in previous[patch.dest].search]
            new = [local(entry) for entry in patch.entries]
            if not old and not new:
                continue
            if not old:
                return None
            spliced = _spliced(raw, _index_bytes(old)[1:-1], _index_bytes(new)[1:-1])
            if spliced is None:
                return None
            raw = spliced
        written[path] = raw
    return written


def _spliced(index: bytes, before: bytes, after: bytes) -> bytes | None:
    """The index with its one run of entries `before` (entries joined by commas) replaced by
    `after`, or None when it holds no such run, or more than one."""
    start = index.find(before)
    if start < 0 or index.find(before, start + 1) >= 0:
        return None
    end = start + len(before)
    opening, closing = index[start - 1 : start], index[end : end + 1]
    if opening not in (b"[", b",") or closing not in (b"]", b","):
        return None
    if after:
        return index[:start] + after + index[end:]
    if opening == b",":
        return index[: start - 1] + index[end:]
    return index[:start] + index[end + (closing == b",") :]


def _index_bytes(entries: Any) -> bytes:
    """As `kiroku.site.search.split_index` writes a language's index (here, its entries)."""
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def patched_build(
    project: Project, config: Path, frame: str, site_dir: Path | None = None
) -> Patched | None:
    """The site folder (`site_dir`, else the one `mkdocs.yml` names), built by patching the
    last build's pages, or None when this change needs MkDocs: something but the logs
    changed (code, configuration, hand-written pages, the archive), a page came or went, a
    page's front matter changed, or the site folder is not as the last build left it.
    Nothing is written before the whole patch is known."""
    from kiroku.published import record_urls, urls_key
    from kiroku.site.generate import plan_site, write_docs
    from kiroku.site.incremental import read_state, state_path, write_state
    from kiroku.site.phrases import LANGUAGES
    from kiroku.site.urls import in_language

    site_dir = site_dir or unchanged.configured_site_dir(project, config)
    shape = _recorded(project, site_dir)
    if shape is None or shape.frame != frame or shape.manifest != _manifest_sha256(project):
        return None
    before = unchanged.outputs(project, site_dir)
    if shape.outputs != before.key():
        return None
    state_file = state_path(project.cache_dir, site_dir)
    state = read_state(state_file)
    if not state.pages:
        return None
    docs_dir = configured_docs_dir(project, config)
    key = urls_key(project)
    plan = plan_site(project, docs_dir, site_url=shape.site_url)
    wanted = {page.path for page in plan.pages} | set(plan.files) | set(plan.handwritten)
    if sorted(wanted) != shape.sources:
        return None
    patches: list[PagePatch] = []
    for page in plan.pages:
        if page.unchanged:
            continue
        new = page.markdown()
        try:
            old_bytes = (docs_dir / page.path).read_bytes()
        except OSError:
            return None
        if old_bytes == _encoded(new):
            continue
        dest = dest_of(page.path)
        previous = state.pages.get(dest)
        if previous is None or previous.source != hashlib.sha256(old_bytes).hexdigest():
            return None
        patch = _patch_page(site_dir, dest, old_bytes.decode("utf-8"), new, previous, shape.search)
        if patch is None:
            return None
        patches.append(patch)
    prefixes = tuple(in_language("", lang) for lang in LANGUAGES if in_language("", lang))
    indexes = _patched_indexes(site_dir, patches, state.pages, prefixes) if shape.search else {}
    if indexes is None:
        return None
    unchanged.forget(project, site_dir)
    state_file.unlink(missing_ok=True)
    changed = set(write_docs(plan, docs_dir))
    written = [docs_dir / relative for relative in sorted(changed)]
    for relative in sorted(changed & set(plan.files)):
        atomic_write(site_dir / relative, plan.files[relative], durable=False)
        written.append(site_dir / relative)
    for patch in patches:
        atomic_write(site_dir / patch.dest, patch.html, durable=False)
        written.append(site_dir / patch.dest)
    for path, data in indexes.items():
        atomic_write(path, data, durable=False)
        written.append(path)
    sitemap = site_dir / "sitemap.xml"
    if shape.site_url and sitemap.is_file():
        from kiroku.site.mkdocs_adapter import write_sitemap

        write_sitemap(site_dir, sitemap.read_bytes())
        written += [sitemap, site_dir / "sitemap.xml.gz"]
        for folder in prefixes:
            if (site_dir / folder).is_dir():
                atomic_write(site_dir / folder / "sitemap.xml", sitemap.read_bytes(), durable=False)
                written.append(site_dir / folder / "sitemap.xml")
    for patch in patches:
        stat = (site_dir / patch.dest).stat()
        state.pages[patch.dest] = replace(
            state.pages[patch.dest],
            source=hashlib.sha256(patch.markdown).hexdigest(),
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            search=patch.entries,
        )
    write_state(state_file, state)
    if urls_key(project) == key:
        record_urls(project, key, plan.published_urls())
    log.info(
        "kiroku: %d page(s) patched into the last build, %d kept (MkDocs not run)",
        len(patches),
        len(state.pages) - len(patches),
    )
    after = before.after_writing(written)
    return Patched(site_dir, after.key() if after is not None else None, shape.pages)
