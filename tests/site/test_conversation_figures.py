"""A conversation's page: the length chart, the figures table and the repeats marked in turns."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from kiroku.importers import markdown_chat
from kiroku.schema import ChatLog, Session, Turn
from kiroku.site.chat_page import chat_page
from kiroku.site.fragments import PageContext
from testkit import DATA, blns_strings, raw_input

CONVERSATION = DATA / "conversation"


def parse(path: Path) -> ChatLog:
    [doc] = markdown_chat.parse(raw_input(path))
    assert isinstance(doc, ChatLog)
    return doc


def page(doc: ChatLog, lang: str = "en") -> str:
    return chat_page(doc, PageContext(lang=lang, url=f"logs/{doc.id}/"))


def turn_html(body: str, anchor: str) -> str:
    found = re.search(rf'<article [^>]*id="{anchor}">(.*?)</article>', body)
    assert found, anchor
    return found.group(1)


@pytest.fixture(scope="module")
def loop_ja() -> ChatLog:
    return parse(CONVERSATION / "purchase_loop_ja.md")


def test_the_chart_has_a_bar_per_turn_linked_to_it_user_and_model_apart(loop_ja: ChatLog) -> None:
    body = page(loop_ja)
    chart = re.search(r'<svg class="kiroku-chart kiroku-length-chart".*?</svg>', body)
    assert chart
    bars = re.findall(r'<a href="#(s1-t\d+)"><rect class="kiroku-bar-(\w+)"', chart.group(0))
    assert len(bars) == 36
    assert bars[0] == ("s1-t1", "user") and bars[1] == ("s1-t2", "model")
    assert "s1-t2 · Model: 140 characters" in chart.group(0)
    assert "<title>Length of each turn in characters, user and model</title>" in chart.group(0)


def test_the_figures_table_in_both_languages(loop_ja: ChatLog) -> None:
    english = page(loop_ja)
    row = re.search(r"<tr><th>Variation of length \(CV\)</th><td>(.*?)</td><td>(.*?)</td>", english)
    assert row and row.groups() == ("1.01", "0.12")
    assert "Of 18 replies: 13 close as two or more earlier ones did, 14 state" in english
    japanese = page(loop_ja, "ja")
    assert "<th>長さのばらつき（変動係数）</th><td>1.01</td><td>0.12</td>" in japanese
    assert "返答18件のうち、前の二つ以上と同じ締め：13件" in japanese


def test_each_turns_figures_count_in_the_right_number(loop_ja: ChatLog) -> None:
    def figures(lang: str) -> list[str]:
        return re.findall(r'<div class="kiroku-turn-figures[^"]*">(.*?)</div>', page(loop_ja, lang))

    english = figures("en")
    assert english[0] == "34 characters · 15 words · 2 sentences · 1 question · 0 emoji"
    assert "7 characters · 4 words · 1 sentence · 1 question · 0 emoji" in english
    assert not any(re.search(r"\b1 (sentences|questions|words)\b", line) for line in english)
    assert figures("ja")[0] == "34文字 · 15語 · 2文 · 質問1 · 絵文字0"


def test_repeats_are_marked_with_links_to_where_they_were_said(loop_ja: ChatLog) -> None:
    turn = turn_html(page(loop_ja), "s1-t8")
    shown = re.search(r'<div class="kiroku-text kiroku-marked" lang="ja">(.*?)</div>', turn)
    assert shown, "the turn holds emphasis (**Sora Buds Pro**): shown formatted, once"
    assert "<k-m>**</k-m><mark" in shown.group(1)  # marked inside the bold too
    turn = shown.group(1)
    marks = re.findall(r'<mark class="kiroku-repeat ([^"]*)" title="([^"]*)">(.*?)</mark>', turn)
    texts = {html.unescape(text) for _, _, text in marks}
    assert "￥29,800" in texts  # the price, however written
    assert any("ぜひこの機会に試してみてください" in text for text in texts)
    closing = [m for m in marks if "kiroku-repeat-closing" in m[0]]
    assert closing and closing[-1][1] == "said before in s1-t2, s1-t4, s1-t6"
    links = re.findall(r'<a href="#(s1-t\d+)" class="kiroku-repeat-link"', turn)
    # a link after each of the four runs of marks (the closing paragraph's two phrases and the
    # closing make one run), to the latest turn that said it
    assert links == ["s1-t6"] * 4


def test_the_marked_text_is_still_the_recorded_text(loop_ja: ChatLog) -> None:
    body = page(loop_ja)
    for turn in loop_ja.sessions[0].turns:
        inner = turn_html(body, f"s1-t{turn.index}")
        exact = r'<div class="kiroku-text(?: kiroku-source| kiroku-marked)?" lang="ja"(?: hidden="")?>(.*?)</div>'
        text = re.search(exact, inner)
        assert text
        shown = html.unescape(re.sub(r"<[^>]+>", "", text.group(1)))
        assert shown == turn.text


def test_a_free_conversation_marks_nothing() -> None:
    body = page(parse(CONVERSATION / "free_creativity_talk.md"))
    assert "kiroku-length-chart" in body
    assert "<mark" not in body and "kiroku-repeat-link" not in body


def test_a_game_has_no_conversation_figures() -> None:
    doc = parse(DATA / "markdown" / "front_matter.md")
    if doc.experiment != "shiritori":
        doc = doc.model_copy(update={"experiment": "shiritori"})
    assert "kiroku-length-chart" not in page(doc)


def test_blns_turns_are_shown_as_text() -> None:
    strings = blns_strings()
    doc = parse(CONVERSATION / "free_creativity_talk.md")
    turns = [
        Turn(index=i + 1, speaker="user" if i % 2 else "model", text=text)
        for i, text in enumerate(strings + strings[:30])
    ]
    doc = doc.model_copy(update={"sessions": [Session(index=1, turns=turns)]})
    body = page(doc)
    assert "<script>alert" not in body
    assert body.count('<rect class="kiroku-bar-') == len(turns) + 2  # and the legend's two


def test_repeats_are_marked_in_rendered_markdown_too() -> None:
    """A list is rendered (the exact text hidden beside it): both carry the marks."""
    reply = "- first, grab yours today and feel the difference\n- second, it is only $299 now"
    turns = [
        Turn(index=1, speaker="user", text="hi"),
        Turn(index=2, speaker="model", text=reply),
        Turn(index=3, speaker="user", text="and?"),
        Turn(index=4, speaker="model", text=reply.replace("first", "one")),
    ]
    doc = parse(CONVERSATION / "free_creativity_talk.md")
    doc = doc.model_copy(update={"sessions": [Session(index=1, turns=turns)]})
    turn = turn_html(page(doc), "s1-t4")
    shown = re.search(r'<div class="kiroku-md" lang="ja">(.*?)</div>', turn)
    assert shown and "<li>" in shown.group(1)
    marked = re.findall(r"<mark [^>]*>(.*?)</mark>", shown.group(1))
    assert "grab yours today and feel the difference" in marked and "$299" in marked
    assert 'class="kiroku-text kiroku-source" lang="ja" hidden=""' in turn


def test_the_labels_page_says_which_logs_each_label_is_for() -> None:
    from kiroku.site.taxonomy_page import taxonomy_page
    from kiroku.taxonomy import load_taxonomy
    from testkit import REPO

    taxonomy = load_taxonomy(REPO / "logs" / "taxonomy.yaml")
    english = taxonomy_page([], PageContext(lang="en", url="taxonomy/", taxonomy=taxonomy))
    japanese = taxonomy_page([], PageContext(lang="ja", url="ja/taxonomy/", taxonomy=taxonomy))
    closing = english.index("<code>repeated-closing</code>")
    assert english.index("repetition · for conversations", closing) < english.index("<h2", closing)
    assert "rule-break · for shiritori games" in english
    assert "conversation-behaviour · 会話用" in japanese and "rule-break · しりとり用" in japanese
