"""Pages that send readers of a log's old address (`/logs/<id>`) to its permanent one, anchor kept."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kiroku.errors import KirokuError
from kiroku.site.cite import log_address
from kiroku.site.html import escape
from kiroku.storage import atomic_write

MARKER = "<!-- kiroku redirect: written by `kiroku redirects`, safe to overwrite with it -->"
"""Opens every page written here: a file carrying it may be rewritten, any other is refused."""


@dataclass(frozen=True)
class MovedLog:
    """A log as its old address showed it: its id and title."""

    id: str
    title: str


def checked_target(to: str) -> str:
    """The new site's address as given to `--to`: absolute (`https://…/`) or from the
    host's root (`/kiroku/`), ending in `/`."""
    parts = urlsplit(to)
    if not (parts.scheme in ("http", "https") and parts.netloc) and not to.startswith("/"):
        raise KirokuError(
            f"--to {to!r}: give the new site's address, e.g. https://example.org/kiroku/ or /kiroku/"
        )
    if parts.query or parts.fragment:
        raise KirokuError(f"--to {to!r}: the site's address has no query or #anchor")
    return to if to.endswith("/") else to + "/"


def redirect_page(log: MovedLog, target: str) -> str:
    """A page that moves the reader, with the `#` anchor they came with, to `target`; a
    canonical link for search engines, and a visible link (and a refresh) without script."""
    shown = escape(target)
    script = json.dumps(target).replace("<", "\\u003c")
    title = escape(log.title)
    return (
        f"<!doctype html>\n{MARKER}\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>{title} (moved)</title>\n"
        f'<link rel="canonical" href="{shown}">\n'
        '<meta name="robots" content="noindex">\n'
        f"<script>location.replace({script} + location.hash);</script>\n"
        f'<noscript><meta http-equiv="refresh" content="0; url={shown}"></noscript>\n'
        "</head><body>\n"
        f'<p>{title} has moved to <a href="{shown}">{shown}</a>.</p>\n'
        "</body></html>\n"
    )


def redirect_files(logs: Iterable[MovedLog], to: str) -> dict[str, str]:
    """Relative path → page: `<id>.html` and `<id>/index.html` for every log."""
    base = checked_target(to)
    files: dict[str, str] = {}
    for log in logs:
        page = redirect_page(log, log_address(base, log.id))
        files[f"{log.id}.html"] = page
        files[f"{log.id}/index.html"] = page
    return files


def write_redirects(files: dict[str, str], out_dir: Path, force: bool = False) -> int:
    """Write every page (atomically); a file there that `kiroku redirects` did not write is
    refused before anything is written, unless `force`. Returns the pages written."""
    if not force:
        for relative in sorted(files):
            path = out_dir / relative
            if path.is_file() and MARKER not in path.read_text(encoding="utf-8", errors="replace"):
                raise KirokuError(
                    "is not a redirect page written by kiroku; move it away or pass --force",
                    path,
                )
            if path.exists() and not path.is_file():
                raise KirokuError("is in the way of a redirect page (not a file)", path)
    written = 0
    for relative, page in sorted(files.items()):
        path = out_dir / relative
        data = page.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        atomic_write(path, data)
        written += 1
    return written
