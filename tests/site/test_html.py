"""Document text written into HTML must come out of markdown and the browser unchanged."""

from __future__ import annotations

import markdown
from kiroku.site.html import block, element, escape, restore_nel, text_element
from site_support import blns_strings


def test_escape_leaves_no_markup_and_no_line_breaks():
    hostile = '<script>alert("x")</script>\n\t&amp; \x02\x03 \u2028'
    shown = escape(hostile)
    assert "<" not in shown and ">" not in shown and "\n" not in shown and "\t" not in shown
    assert "\x02" not in shown and "\x03" not in shown
    assert shown.startswith("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#10;&#9;&amp;amp;")


def test_c1_controls_stay_raw_because_references_would_be_remapped():
    assert escape("\x80\x9f") == "\x80\x9f"


def test_nel_survives_splitlines_as_a_placeholder_restored_in_html():
    shown = escape("a\x85b &kiroku-nel;")
    assert len(shown.splitlines()) == 1
    assert restore_nel(shown) == "a\x85b &amp;kiroku-nel;"


def test_every_blns_string_passes_through_markdown_verbatim():
    strings = blns_strings()
    source = "".join(block([text_element("div", s, class_="t")]) for s in strings)
    rendered = markdown.markdown(source, extensions=["attr_list", "md_in_html", "toc"])
    missing = [s for s in strings if f'<div class="t">{escape(s)}</div>' not in rendered]
    assert missing == []


def test_void_elements_have_no_closing_tag():
    assert element("input", type="search") == '<input type="search">'
    assert element("span", "x", class_="a", data_anchor="s1-t2") == (
        '<span class="a" data-anchor="s1-t2">x</span>'
    )


def test_a_lone_surrogate_is_shown_as_the_replacement_character():
    assert escape("a\ud800b\udfff") == "a\ufffdb\ufffd"
    assert escape("😀") == "😀"  # a proper pair is one character, kept
    assert text_element("p", "\udc00").encode("utf-8") == "<p>\ufffd</p>".encode()
