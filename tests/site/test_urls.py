"""Relative links between site paths (`kiroku.site.urls.link`)."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st
from kiroku.site.urls import link

SEGMENT = st.sampled_from(["logs", "ja", "taxonomy", "a", "x.y", "ログ", "..", ".", ""])
SITE_PATH = st.lists(SEGMENT, max_size=4).map("/".join) | st.sampled_from(["", "/", "/logs/"])


def reference(from_url: str, to_url: str) -> str:
    """The link as `posixpath.relpath` makes it."""
    start = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url)
    target = posixpath.relpath(to_url or ".", start or ".")
    if to_url.endswith("/") or to_url == "":
        target = "./" if target == "." else target + "/"
    return target


def test_links_between_the_site_s_pages() -> None:
    assert link("taxonomy/", "logs/x/") == "../logs/x/"
    assert link("ja/taxonomy/", "ja/logs/x/") == "../logs/x/"
    assert link("", "logs/x/") == "logs/x/"
    assert link("ja/logs/x/", "") == "../../../"
    assert link("logs/x/", "logs/x/") == "./"
    assert link("ja/", "tables/a.csv") == "../tables/a.csv"


@given(SITE_PATH, SITE_PATH)
def test_a_link_is_what_relpath_makes_of_any_two_paths(from_url: str, to_url: str) -> None:
    assert link(from_url, to_url) == reference(from_url, to_url)
