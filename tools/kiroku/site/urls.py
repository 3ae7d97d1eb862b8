"""The site's URL scheme: where each page lives, its permanent anchors, and relative links."""

from __future__ import annotations

import posixpath

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


def link(from_url: str, to_url: str) -> str:
    """A relative link between two site paths, so the site works under any sub-path."""
    start = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url)
    target = posixpath.relpath(to_url or ".", start or ".")
    if to_url.endswith("/") or to_url == "":
        target = "./" if target == "." else target + "/"
    return target
