"""The site's URL scheme: where each page lives, its permanent anchors, and relative links."""

from __future__ import annotations

import posixpath
from functools import lru_cache

from kiroku.site.phrases import DEFAULT_LANGUAGE

HOME = ""
LOGS = "logs/"
TABLES = "tables/"
TAXONOMY = "taxonomy/"
ASSETS = "assets/kiroku/"


def log_url(log_id: str) -> str:
    """`logs/<id>/`: the permanent address of a log, in every language."""
    return f"logs/{log_id}/"


def turn_anchor(session: int, turn: int) -> str:
    return f"s{session}-t{turn}"


def trial_anchor(trial: int) -> str:
    return f"trial-{trial}"


def label_anchor(label_id: str) -> str:
    return f"label-{label_id}"


def in_language(url: str, lang: str) -> str:
    """A page URL (relative to the site root) in `lang`: Japanese pages live under `ja/`."""
    return url if lang == DEFAULT_LANGUAGE else f"{lang}/{url}"


def markdown_path(url: str) -> str:
    """The markdown file (relative to a language's docs folder) that MkDocs turns into `url`.

    Sections are `<section>/index.md`; a log is `logs/<id>.md`, the name a redirect in
    mkdocs.yml refers to (`logs/old-id.md: logs/new-id.md`).
    """
    if url == "":
        return "index.md"
    stem = url.rstrip("/")
    return f"{stem}/index.md" if "/" not in stem else f"{stem}.md"


@lru_cache(maxsize=1 << 16)
def link(from_url: str, to_url: str) -> str:
    """A relative link between two site paths, so the site works under any sub-path.

    Remembered: a page links to the same few pages many times (the taxonomy page links
    each log once per labelled turn)."""
    start = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url)
    target = _relative(to_url or ".", start or ".")
    if to_url.endswith("/") or to_url == "":
        target = "./" if target == "." else target + "/"
    return target


def _relative(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` for two site paths; without its two `abspath`s
    (a tenth of the cost) when neither climbs (`..`), stays (`.`) or starts at `/`."""
    parts = [] if path == "." else path.split("/")
    base = [] if start == "." else start.split("/")
    if path.startswith("/") or start.startswith("/") or {".", ".."} & {*parts, *base}:
        return posixpath.relpath(path, start)
    parts, base = [p for p in parts if p], [p for p in base if p]
    common = 0
    for mine, theirs in zip(parts, base, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
