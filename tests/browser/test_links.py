"""Every internal link and anchor of the built site resolves (no browser needed)."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            target = values.get(name)
            if target and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(target)
                if tag in ("script", "link", "img", "iframe", "source"):
                    self.resources.append(target)


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def resolve(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None
    base = page.parent.relative_to(site).as_posix()
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else None
    file = page if target is None else site / target
    if file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(built_site: Path):
    # 404.html is served for any missing path, so Material gives it root-absolute links.
    pages = {path: parse(path) for path in built_site.rglob("*.html") if path.name != "404.html"}
    broken = []
    checked = 0
    for page, collector in pages.items():
        for link in collector.links:
            resolved = resolve(built_site, page, link)
            if resolved is None:
                continue
            file, fragment = resolved
            checked += 1
            if not file.exists() or (
                fragment and file.suffix == ".html" and fragment not in pages[file].ids
            ):
                broken.append((page.relative_to(built_site).as_posix(), link))
    assert broken == []
    assert checked > 1000


def test_site_loads_nothing_from_elsewhere(built_site: Path):
    for page in built_site.rglob("*.html"):
        resources = parse(page).resources
        outside = [link for link in resources if link.startswith(("http:", "https:", "//"))]
        assert outside == [], page
