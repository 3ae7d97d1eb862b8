"""Turn text rendered as markdown: formatting shown, raw HTML and unsafe links kept inert."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

import pytest
from kiroku.site.fragments import formatted_block
from kiroku.site.html import NEL_PLACEHOLDER
from kiroku.site.markdown_text import marked_markdown, rendered_markdown
from site_support import BLNS_PATH, blns_strings

ALLOWED_TAGS = {
    "k-m", "p", "br", "strong", "em", "s", "code", "pre", "ul", "ol", "li", "blockquote", "hr",
    "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    elements.close()
    return elements


def test_a_models_answer_shows_bold_lists_quotes_and_code():
    html = rendered_markdown(
        "いいですね！\n\n* **こいのぼり** 🎏\n* こま\n\n1. まず\n2. 次\n\n> 負けですよ。\n\n`り` から"
    )
    assert html == (
        "<p>いいですね！</p><ul><li><strong>こいのぼり</strong> 🎏</li><li>こま</li></ul>"
        "<ol><li>まず</li><li>次</li></ol><blockquote><p>負けですよ。</p></blockquote>"
        "<p><code>り</code> から</p>"
    )


def test_a_line_break_in_a_paragraph_stays_a_line_break():
    assert (
        rendered_markdown("**りんご**\nどうぞ") == "<p><strong>りんご</strong><br>&#10;どうぞ</p>"
    )


@pytest.mark.parametrize("text", ["ごま", "しりとりをしましょう。\n「しりとり」", "a\n\nb"])
def test_text_without_markdown_is_shown_exactly_not_rendered(text):
    assert rendered_markdown(text) is None
    assert formatted_block(text) == (
        f'<div class="kiroku-text">{text.replace(chr(10), "&#10;")}</div>'
    )


def test_raw_html_is_text():
    html = rendered_markdown('**a** <script>alert("x")</script><img src=x onerror=alert(1)>')
    assert [tag for tag, _ in parsed(html).tags] == ["p", "strong"]
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox)",
        "[x](file:///etc/passwd)",
        "[x](../../taxonomy/)",
    ],
)
def test_only_http_and_mail_links_become_links(link):
    html = rendered_markdown(f"**see** {link}") or ""
    assert [tag for tag, _ in parsed(html).tags] == ["p", "strong"]


def test_a_web_link_is_a_link_that_passes_nothing_on():
    html = rendered_markdown("[しりとり](https://ja.wikipedia.org/wiki/しりとり)") or ""
    assert parsed(html).tags[1] == (
        "a",
        {
            "href": "https://ja.wikipedia.org/wiki/%E3%81%97%E3%82%8A%E3%81%A8%E3%82%8A",
            "rel": "nofollow noopener noreferrer",
        },
    )


def test_an_image_is_not_loaded():
    html = rendered_markdown("![mikan](https://example.org/mikan.png)") or ""
    assert "<img" not in html


def test_a_heading_in_a_turn_stays_below_the_pages_headings():
    assert rendered_markdown("# 結果\n本文") == "<h4>結果</h4><p>本文</p>"


def test_formatted_text_keeps_the_exact_text_hidden_beside_it():
    block = formatted_block("* **みかん**\n* りんご", "kiroku-text kiroku-output", "ja")
    assert block == (
        '<div class="kiroku-md kiroku-output" lang="ja"><ul><li><strong>みかん</strong></li>'
        "<li>りんご</li></ul></div>"
        '<div class="kiroku-text kiroku-output kiroku-source" lang="ja" hidden="">'
        "* **みかん**&#10;* りんご</div>"
    )


def test_emphasis_only_text_is_written_once_with_its_delimiters_marked():
    block = formatted_block("「み」ですね！\n\n**みかん** 🍊 `ん`", "kiroku-text", "ja")
    assert block == (
        '<div class="kiroku-text kiroku-marked" lang="ja">「み」ですね！&#10;&#10;'
        "<strong><k-m>**</k-m>みかん<k-m>**</k-m></strong> 🍊 "
        "<code><k-m>`</k-m>ん<k-m>`</k-m></code></div>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "**a** &amp; b",  # an entity: the rendering shows "&"
        "**a**  \nb",  # a hard line break
        "\\*not emphasis\\* **a**",  # escapes
        "**a** [link](https://example.org)",
        "> **quoted**",
    ],
)
def test_text_that_cannot_be_marked_exactly_is_rendered_beside_the_exact_text(text):
    assert marked_markdown(text) is None
    assert "kiroku-source" in formatted_block(text)


def exact_text_of(html: str) -> str:
    """What `textContent` gives: the text of every element, marks included."""
    text = "".join(parsed(html).text)
    return text.replace(NEL_PLACEHOLDER, "\x85")


@pytest.mark.skipif(not BLNS_PATH.exists(), reason="the BLNS corpus is not checked out")
def test_a_marked_text_holds_exactly_the_stored_text():
    samples = [*blns_strings(), "**うどん****やま**最後", "  **a**\n\n\n_b_ ~~c~~\n", "` x `"]
    marked = [(text, marked_markdown(text)) for text in samples]
    checked = [(text, html) for text, html in marked if html is not None]
    assert len(checked) >= 10
    assert [text for text, html in checked if exact_text_of(html) != text] == []
    for text, html in checked:
        tags = parsed(html).tags
        assert all(tag in {"strong", "em", "s", "code", "k-m"} and not attrs for tag, attrs in tags)
        assert "\n" not in html, text


@pytest.mark.skipif(not BLNS_PATH.exists(), reason="the BLNS corpus is not checked out")
def test_no_blns_string_renders_a_tag_an_attribute_or_a_line_that_could_act():
    for text in blns_strings():
        html = rendered_markdown(text)
        if html is None:
            continue
        assert "\n" not in html and "\r" not in html, text
        for tag, attrs in parsed(html).tags:
            assert tag in ALLOWED_TAGS, (text, tag)
            assert set(attrs) <= {"href", "rel", "style"}, (text, attrs)
            if tag == "a":
                assert (attrs["href"] or "").startswith(("http:", "https:", "mailto:")), text
            if "style" in attrs:  # table cell alignment, the only style markdown-it writes
                assert attrs["style"] in ("text-align:left", "text-align:right"), text


def test_the_search_index_gets_the_plain_words_not_the_formatting(tmp_path):
    from kiroku.site.fragments import PageContext
    from kiroku.site.search import search_terms
    from kiroku.storage import load
    from site_support import SITE_DATA

    copy = tmp_path / "formatted-chat.yaml"  # loading writes a cache beside the file
    shutil.copy(SITE_DATA / "formatted_chat.yaml", copy)
    doc = load(copy).doc
    found = search_terms(doc, PageContext("en", "logs/formatted-chat/"))
    assert {"こいのぼり", "koinobori", "ごりら", "carp"} <= set(found)
    assert [term for term in found if "*" in term or "strong" in term or "<li" in term] == []
