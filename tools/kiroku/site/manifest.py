"""The committed list of published URLs: a URL once published must keep working."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from kiroku.atomic import atomic_write
from kiroku.errors import KirokuError

MANIFEST_NAME = "urls.manifest"

HEADER = (
    "# Every URL the site has published (kiroku build adds new ones; commit this file).\n"
    "# A URL listed here must stay: if a page moves, declare a redirect in mkdocs.yml\n"
    "# (plugins: redirects: redirect_maps), or the build fails.\n"
)


def read_manifest(path: Path) -> list[tuple[int, str]]:
    """(line number, URL) of every URL in the manifest; none if there is no manifest yet."""
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        url = line.strip()
        if url and not url.startswith("#"):
            entries.append((number, url))
    return entries


def redirect_urls(redirect_maps: Mapping[str, str]) -> set[str]:
    """The URLs mkdocs-redirects keeps alive: `logs/old.md` serves `/logs/old/`."""
    urls = set()
    for source in redirect_maps:
        stem = source[: -len(".md")] if source.endswith(".md") else source
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
        else:
            stem += "/"
        urls.add("/" + stem.lstrip("/"))
    return urls


def check_manifest(path: Path, published: set[str], redirect_maps: Mapping[str, str]) -> None:
    """Fail if a URL of the manifest would disappear without a redirect."""
    alive = published | redirect_urls(redirect_maps)
    missing = [(line, url) for line, url in read_manifest(path) if url not in alive]
    if missing:
        line, url = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise KirokuError(
            f"published URL {url} would disappear{more}; keep it, or declare a redirect for it "
            "in mkdocs.yml (plugins: redirects: redirect_maps)",
            path,
            line,
        )


def update_manifest(path: Path, published: Iterable[str]) -> bool:
    """Add newly published URLs (never removes one); True if the file changed."""
    known = {url for _, url in read_manifest(path)}
    urls = sorted(known | set(published))
    text = HEADER + "".join(f"{url}\n" for url in urls)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text.encode("utf-8"))
    return True
