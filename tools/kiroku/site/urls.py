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
    """The markdown file (relative to the docs folder) that MkDocs turns into page `url`."""
    return f"{url}index.md" if url.endswith("/") or url == "" else url


def link(from_url: str, to_url: str) -> str:
    """A relative link between two site paths, so the site works under any sub-path."""
    start = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url)
    target = posixpath.relpath(to_url or ".", start or ".")
    if to_url.endswith("/") or to_url == "":
        target = "./" if target == "." else target + "/"
    return target
