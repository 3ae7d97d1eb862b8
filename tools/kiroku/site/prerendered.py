"""Generated pages carry their finished HTML past Markdown, which only sees a placeholder."""

from __future__ import annotations

import html
import re

from kiroku.site.html import restore_nel

BODY_MARKER = "<!-- kiroku:prerendered -->\n"
"""Opens a generated page's body in its markdown file: what follows is finished HTML.

Python-Markdown (with `md_in_html`) would parse every tag of a page only to hand the same raw
HTML back, which was most of a build's time; the hook takes the HTML out before Markdown runs
and puts it back into the rendered page."""

PLACEHOLDER = "kiroku-prerendered-body"
"""What Markdown sees instead of the body: one word, rendered as one paragraph."""

_PLACEHOLDER_HTML = f"<p>{PLACEHOLDER}</p>"
_ANCHOR_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"')


def page_source(front_matter: str, body: str) -> str:
    """A generated page's markdown file: front matter, the marker, then the HTML body."""
    return "---\n" + front_matter + "\n---\n" + BODY_MARKER + body


def body_of(source: str) -> str | None:
    """The HTML body of a generated page's markdown file (front matter included), if any."""
    if not source.startswith("---\n") or "\n---\n" not in source:
        return None
    rest = source.split("\n---\n", 1)[1]
    return rest[len(BODY_MARKER) :] if rest.startswith(BODY_MARKER) else None


def split_markdown(markdown: str) -> tuple[str, str] | None:
    """(what Markdown should parse, the HTML to put back) of a page's markdown without its
    front matter; None for a page that is not prerendered (hand-written pages)."""
    if not markdown.startswith(BODY_MARKER):
        return None
    return PLACEHOLDER + "\n", markdown[len(BODY_MARKER) :]


def insert_body(rendered: str, body: str) -> str:
    """The page's HTML with the placeholder's paragraph replaced by the body, trimmed as
    Markdown trims a raw HTML block."""
    return rendered.replace(_PLACEHOLDER_HTML, body.strip("\n"), 1)


def content_of(body: str) -> str:
    """A generated page's content as the hook leaves it for the theme: the body in place of
    the placeholder's paragraph (all Markdown makes of the placeholder), NEL restored."""
    return restore_nel(insert_body(_PLACEHOLDER_HTML, body))


def anchor_ids(body: str) -> set[str]:
    """The `id`s a body holds, which MkDocs checks links to `page.md#anchor` against."""
    return {html.unescape(value) for value in _ANCHOR_ID.findall(body)}


def same_anchor_ids(old: str, new: str) -> bool:
    """`anchor_ids(old) == anchor_ids(new)`, reading only where the two differ: a label
    changes a few lines of a page of a megabyte (the taxonomy's), whose every tag the
    pattern would otherwise visit twice. The differing middle is widened to the `>` before
    and after it: a tag (and an id in it) cannot reach across a `>`, as the pages escape
    every `>` of an attribute's value. The ids of the shared start and end are in both."""
    start, old_end, new_end = _differing_middle(old, new)
    if start == old_end and start == new_end:
        return True
    start = old.rfind(">", 0, start) + 1
    close = old.find(">", old_end)
    grow = (close + 1 - old_end) if close >= 0 else len(old) - old_end
    if anchor_ids(old[start : old_end + grow]) == anchor_ids(new[start : new_end + grow]):
        return True
    return anchor_ids(old) == anchor_ids(new)  # an id moved in or out of the middle


def _differing_middle(old: str, new: str) -> tuple[int, int, int]:
    """(where the texts start to differ, where that difference ends in `old`, in `new`):
    `old[:start] == new[:start]` and `old[old_end:] == new[new_end:]`, each the longest, by
    halving (each comparison is of whole slices, not of characters one by one)."""
    shortest = min(len(old), len(new))
    low, high = 0, shortest  # the common start's length lies in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    start = low
    low, high = 0, shortest - start  # the common end's length, not reaching into the start
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle : len(old) - low] == new[len(new) - middle : len(new) - low]:
            low = middle
        else:
            high = middle - 1
    return start, len(old) - low, len(new) - low
