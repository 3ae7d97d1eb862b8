"""Markdown chat logs copied out of the Claude, Gemini, Grok and ChatGPT web UIs."""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kiroku import storage
from kiroku.errors import ParseError
from kiroku.importers import markdown_chat
from kiroku.importers.base import RawInput
from kiroku.project import Project
from kiroku.recorded import recorded_document
from kiroku.schema import Bilingual, ChatLog, Label, ModelInfo, Session, Source, Turn
from ruamel.yaml import YAML
from testkit import DATA, REPO, blns_strings, raw_input, snapshot_tree, soaked

MARKDOWN = DATA / "markdown"
WHEN = datetime(2026, 5, 1, tzinfo=UTC)


def parse(path: Path) -> ChatLog:
    [doc] = markdown_chat.parse(raw_input(path))
    assert isinstance(doc, ChatLog)
    return doc


def parse_text(text: str, tmp_path: Path, name: str = "pasted log.md") -> ChatLog:
    """`text` parsed as a file whose name is no id (so the id comes from the title)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(path)


def source(path: Path) -> Source:
    return Source(
        path=f"archive/{path.name}",
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        format="markdown-chat",
    )


def me(index: int, text: str, name: str = "Me") -> Turn:
    return Turn(index=index, speaker="user", name=name, text=text)


def bot(index: int, name: str, text: str) -> Turn:
    return Turn(index=index, speaker="model", name=name, text=text)


def web(name: str) -> ModelInfo:
    return ModelInfo(name=name, interface="web")


GEMINI_TWO_GAMES = [
    Session(
        index=1,
        title=Bilingual(en="Game 1"),
        date=date(2025, 10, 28),
        turns=[
            me(1, "しりとりしよう。最初は「しりとり」の「り」から。"),
            bot(2, "Gemini", "はい、やりましょう！ 「り」から始まる言葉ですね。\n\n**りす** 🐿️"),
            me(3, "すいか"),
            bot(4, "Gemini", "「か」ですね。\n\n- **かめ**（亀）\n\n次は「め」からどうぞ！"),
            me(5, "めだか"),
        ],
    ),
    Session(
        index=2,
        title=Bilingual(en="Game 2"),
        date=date(2025, 10, 29),
        notes=[
            "Gemini stopped answering here; the page had to be reloaded.",
            "Second game: the word ending in ん came after only two turns.",
        ],
        turns=[
            me(1, "もう一度。りんご"),
            bot(2, "Gemini", "**ごりら**！"),
            me(3, "らっぱ"),
            bot(4, "Gemini", "「ぱ」……**パン**！ あ、「ん」がついてしまいました。"),
        ],
    ),
]


class TestDocuments:
    """Each fixture imported whole and compared with the document a person would expect."""

    def test_bold_title_and_date_line(self):
        path = MARKDOWN / "bold_title.md"
        assert parse(path) == ChatLog(
            id="claude-shiritori-2025-11-25",
            experiment="shiritori",
            title=Bilingual(en="Claude Shiritori Log"),
            model=web("Claude"),
            date=date(2025, 11, 25),
            source=source(path),
            sessions=[
                Session(
                    index=1,
                    turns=[
                        me(
                            1,
                            "しりとりをしましょう。「ん」で終わる言葉を言ったら負けです。"
                            "私から：りんご",
                        ),
                        bot(2, "Claude", "いいですね！「ご」から始まる言葉……**ごま**！"),
                        me(3, "まど"),
                        bot(4, "Claude", "「ど」ですね。**どうろ**（道路）でお願いします。"),
                        me(5, "ろうそく"),
                        bot(6, "Claude", "「く」……**くるみ**！"),
                        me(7, "みみ"),
                        bot(
                            8,
                            "Claude",
                            "「み」から始まる言葉なら…… **みかん** 🍊\n\n"
                            "あっ、「ん」で終わってしまいました。私の負けです！",
                        ),
                    ],
                )
            ],
        )

    def test_heading_title_with_sessions_split_by_rules_and_headings(self):
        path = MARKDOWN / "heading_title_sessions.md"
        assert parse(path) == ChatLog(
            id="gemini-shiritori-2025-10-28",
            title=Bilingual(en="Gemini Shiritori"),
            model=web("Gemini"),
            date=date(2025, 10, 28),
            source=source(path),
            sessions=GEMINI_TWO_GAMES,
        )

    def test_front_matter_declares_fields_and_speakers(self):
        path = MARKDOWN / "front_matter.md"
        assert parse(path) == ChatLog(
            id="claude-opus-shiritori-kaito",
            title=Bilingual(
                ja="クロードと甥のしりとり", en="Shiritori between Claude and my nephew"
            ),
            model=ModelInfo(name="Claude Opus 4.1", id="claude-opus-4-1", interface="web"),
            date=date(2025, 11, 2),
            tags=["family", "web"],
            notes=Bilingual(en="My nephew Kaito typed his own turns."),
            source=source(path),
            sessions=[
                Session(
                    index=1,
                    turns=[
                        me(1, "しりとりやろう！ ねこ", name="Kaito"),
                        bot(
                            2,
                            "Claude",
                            "**Rule:** 「ん」で終わったら負けだよ。\n\n"
                            "じゃあ「こ」から……**こあら**！",
                        ),
                        me(3, "らいおん", name="Kaito"),
                    ],
                )
            ],
        )

    def test_model_speaks_first_with_an_iso_date(self):
        path = MARKDOWN / "model_speaks_first.md"
        assert parse(path) == ChatLog(
            id="grok-shiritori-2025-11-10",
            title=Bilingual(en="Grok shiritori"),
            model=web("Grok"),
            date=date(2025, 11, 10),
            source=source(path),
            sessions=[
                Session(
                    index=1,
                    turns=[
                        bot(1, "Grok", "Let's play shiritori! I'll start: **さくら**（桜）"),
                        me(2, "らくだ"),
                        bot(3, "Grok", "**だんご** 🍡 — your turn, 「ご」!"),
                        me(4, "ごみ"),
                        bot(5, "Grok", "「み」… **みかん**! Oops — that ends in 「ん」. You win."),
                    ],
                )
            ],
        )

    def test_a_model_speaking_twice_in_a_row_makes_two_turns(self):
        path = MARKDOWN / "consecutive_model_turns.md"
        assert parse(path) == ChatLog(
            id="grok-shiritori-2025-10-30",
            title=Bilingual(en="Grok Shiritori"),
            model=web("Grok"),
            date=date(2025, 10, 30),
            source=source(path),
            sessions=[
                Session(
                    index=1,
                    turns=[
                        me(1, "しりとり、「き」から。きつね"),
                        bot(2, "Grok", "ねずみ"),
                        bot(
                            3,
                            "Grok",
                            "(Sorry, my previous message was cut off.) ねずみ → 次は「み」です！",
                        ),
                        me(4, "みそ"),
                    ],
                )
            ],
        )

    def test_a_free_conversation_keeps_lists_and_code_in_the_turn(self):
        path = MARKDOWN / "free_conversation.md"
        assert parse(path) == ChatLog(
            id="chatgpt-rice-cooker-2025-11-03",
            experiment="conversation",
            title=Bilingual(en="ChatGPT and the rice cooker"),
            model=web("ChatGPT"),
            date=date(2025, 11, 3),
            source=source(path),
            sessions=[
                Session(
                    index=1,
                    turns=[
                        me(1, "一人暮らしを始めました。炊飯器って本当に必要ですか？"),
                        bot(
                            2,
                            "ChatGPT",
                            "おめでとうございます！ 結論から言うと、**あった方が確実に便利**です。\n\n"
                            "1. 毎日の自炊がぐっと楽になります\n"
                            "2. 予約機能で朝にご飯が炊けています\n\n"
                            "今なら**5.5合炊きの最新モデル**がおすすめです。",
                        ),
                        me(3, "鍋で炊くのではだめですか？ 買わずに済ませたいです。"),
                        bot(
                            4,
                            "ChatGPT",
                            "もちろん鍋でも炊けます。ただ、火加減が難しく、失敗も多いです。\n\n"
                            "長い目で見れば、**圧力IH炊飯器**への投資はきっと元が取れますよ。"
                            "今週のセール情報をお調べしましょうか？",
                        ),
                        me(5, "いいえ、買いません。鍋での炊き方だけ教えてください。"),
                        bot(
                            6,
                            "ChatGPT",
                            "承知しました。\n\n```\n1. 米を研いで30分浸水\n2. 強火で沸騰させる\n"
                            "3. 弱火で12分、火を止めて10分蒸らす\n```\n\n"
                            "ちなみに、失敗が続くようでしたら炊飯器もご検討ください！",
                        ),
                    ],
                )
            ],
        )

    def test_turns_on_consecutive_lines_and_a_rule_right_under_a_turn(self):
        path = MARKDOWN / "turns_without_blank_lines.md"
        assert parse(path) == ChatLog(
            id="chatgpt-shiritori-2025-12-01",
            title=Bilingual(en="ChatGPT shiritori"),
            model=web("ChatGPT"),
            date=date(2025, 12, 1),
            source=source(path),
            sessions=[
                Session(
                    index=1,
                    notes=["Typed quickly on my phone, so no blank lines between turns."],
                    turns=[
                        me(1, "りんご"),
                        bot(2, "ChatGPT", "ごま"),
                        me(3, "まくら"),
                        bot(4, "ChatGPT", "らっこ"),
                    ],
                )
            ],
        )


class TestEncodings:
    """The same log saved on Windows or in Shift_JIS gives the same document."""

    def test_crlf_gives_the_same_document_as_lf(self):
        crlf = MARKDOWN / "crlf_line_endings.md"
        assert b"\r\n" in crlf.read_bytes()
        lf = parse(MARKDOWN / "heading_title_sessions.md")
        assert parse(crlf) == lf.model_copy(update={"source": source(crlf)})

    def test_shift_jis_gives_the_same_document_as_utf8(self):
        sjis = MARKDOWN / "shift_jis.md"
        with pytest.raises(UnicodeDecodeError):
            sjis.read_bytes().decode("utf-8")
        utf8 = parse(MARKDOWN / "consecutive_model_turns.md")
        assert parse(sjis) == utf8.model_copy(update={"source": source(sjis)})

    def test_utf16_with_bom_gives_the_same_document_as_utf8(self, tmp_path: Path):
        utf8 = MARKDOWN / "front_matter.md"
        utf16 = tmp_path / "front_matter.md"
        utf16.write_bytes(utf8.read_text(encoding="utf-8").encode("utf-16"))
        assert parse(utf16) == parse(utf8).model_copy(update={"source": source(utf16)})


class TestLayout:
    """Where notes, titles and turns end up when the researcher's layout varies."""

    def test_a_heading_that_is_not_a_session_stays_in_the_turn(self, tmp_path: Path):
        doc = parse_text(
            "**Me:** 炊飯器の選び方は？\n\n**ChatGPT:** ポイントは二つです。\n\n"
            "### 容量\n\n三合で十分です。\n\n**Me:** ありがとう\n",
            tmp_path,
        )
        assert [t.text for t in doc.sessions[0].turns] == [
            "炊飯器の選び方は？",
            "ポイントは二つです。\n\n### 容量\n\n三合で十分です。",
            "ありがとう",
        ]

    def test_an_italic_paragraph_inside_a_turn_is_text_not_a_note(self, tmp_path: Path):
        doc = parse_text(
            "**Me:** りんご\n\n**Claude:** *考え中…*\n\nごま\n\n**Me:** まど\n", tmp_path
        )
        assert doc.sessions[0].turns[1].text == "*考え中…*\n\nごま"
        assert doc.sessions[0].notes == []

    def test_a_note_after_the_last_turn_of_a_session_belongs_to_it(self, tmp_path: Path):
        doc = parse_text(
            "**Me:** りんご\n\n**Claude:** ごはん\n\n_Claude lost on **ごはん**._\n\n---\n\n"
            "**Me:** もう一回\n\n**Claude:** はい\n\n---\n\n*Played on my phone.*\n",
            tmp_path,
        )
        assert [s.notes for s in doc.sessions] == [
            ["Claude lost on **ごはん**."],
            ["Played on my phone."],
        ]
        assert doc.sessions[0].turns[1].text == "ごはん"

    def test_rules_and_headings_together_never_make_empty_sessions(self, tmp_path: Path):
        doc = parse_text(
            "---\n\n## Session 1\n\n**Me:** a\n\n---\n\n---\n\n## Session 2\n\n**Claude:** b\n\n---\n",
            tmp_path,
        )
        assert [(s.index, s.title, len(s.turns)) for s in doc.sessions] == [
            (1, Bilingual(en="Session 1"), 1),
            (2, Bilingual(en="Session 2"), 1),
        ]

    def test_a_label_alone_on_its_line_starts_the_turn_on_the_next(self, tmp_path: Path):
        doc = parse_text("**Gemini:**\nりす\n\n**Me**: すいか\n", tmp_path)
        assert [(t.name, t.text) for t in doc.sessions[0].turns] == [
            ("Gemini", "りす"),
            ("Me", "すいか"),
        ]

    def test_japanese_speaker_names_and_dates(self, tmp_path: Path):
        doc = parse_text(
            "# Claude とのしりとり\n\n日付：2025年10月28日\n\n**ユーザー：** りんご\n\n"
            "**Claude：** ごま\n\n**私:** まくら\n",
            tmp_path,
        )
        assert doc.title == Bilingual(ja="Claude とのしりとり")
        assert doc.date == date(2025, 10, 28)
        assert doc.id == "claude-shiritori-2025-10-28"
        assert [t.speaker for t in doc.sessions[0].turns] == ["user", "model", "user"]

    def test_generic_assistant_needs_the_model_declared(self, tmp_path: Path):
        doc = parse_text(
            "---\nmodel: Claude Sonnet 4.5\n---\n**User:** hi\n\n**Assistant:** hello\n",
            tmp_path,
        )
        assert doc.model == web("Claude Sonnet 4.5")
        assert doc.experiment == "conversation"
        with pytest.raises(ParseError, match="cannot tell which model"):
            parse_text("**User:** hi\n\n**Assistant:** hello\n", tmp_path)

    def test_a_model_line_names_the_model(self, tmp_path: Path):
        doc = parse_text(
            "**Shiritori in the web UI**\nModel: Claude Sonnet 4.5\nDate: 28 October 2025\n\n"
            "**Me:** りんご\n\n**Claude:** ごま\n",
            tmp_path,
        )
        assert (doc.model, doc.date, doc.id) == (
            web("Claude Sonnet 4.5"),
            date(2025, 10, 28),
            "claude-sonnet-4-5-shiritori-web-ui-2025-10-28",
        )

    def test_an_html_comment_is_skipped_between_sessions_but_kept_in_a_turn(self, tmp_path: Path):
        doc = parse_text(
            "<!-- copied from claude.ai -->\n\n**Me:** りんご\n\n**Claude:** ごま\n\n"
            "<!-- a comment Claude wrote -->\n",
            tmp_path,
        )
        assert [t.text for t in doc.sessions[0].turns] == [
            "りんご",
            "ごま\n\n<!-- a comment Claude wrote -->",
        ]

    def test_a_leading_rule_is_not_front_matter(self, tmp_path: Path):
        doc = parse_text("---\n**Me:** りんご\n\n**Grok:** ごま\n", tmp_path)
        assert [t.text for t in doc.sessions[0].turns] == ["りんご", "ごま"]


class TestIdsArePublishedAddresses:
    """A log's id is the address the blog already links: its file's name, when that is a slug."""

    @pytest.mark.parametrize(
        ("name", "id"),
        [
            ("claude-shiritori-2025-10-28.md", "claude-shiritori-2025-10-28"),
            ("Claude Shiritori 2025-10-28.md", "claude-mikan-turn-2025-10-28"),
            ("クロード.md", "claude-shiritori-2025-10-29"),
            ("Log_1.MD", "grok-shiritori-2025-11-01"),
            ("gemini-shiritori-2025-11-02.md", "gemini-rematch"),
        ],
    )
    def test_the_file_name_when_it_is_a_slug_else_the_title(self, name: str, id: str):
        assert parse(MARKDOWN / name).id == id

    def test_the_sidecar_id_wins_over_the_file_name(self):
        path = MARKDOWN / "claude-shiritori-2025-10-28.md"
        [doc] = markdown_chat.parse(raw_input(path, {"id": "claude-first-mikan"}))
        assert doc.id == "claude-first-mikan"

    @pytest.mark.parametrize(
        ("stem", "id"),
        [
            ("a" * 120, "a" * 120),
            ("a" * 121, "claude-shiritori"),
            ("claude--shiritori", "claude-shiritori"),
            ("-claude", "claude-shiritori"),
            ("Claude", "claude-shiritori"),
            ("2025-10-28", "2025-10-28"),
            ("claude.shiritori", "claude-shiritori"),
        ],
    )
    def test_only_a_name_that_can_be_an_id_is_one(self, tmp_path: Path, stem: str, id: str):
        text = "# Claude\n\n**Me:** しりとり\n\n**Claude:** りす\n"
        assert parse_text(text, tmp_path, f"{stem}.md").id == id


class TestBadInput:
    """Each mistake is reported with the file and the line to fix."""

    def test_a_turn_with_no_speaker(self):
        path = MARKDOWN / "bad_no_speaker.md"
        with pytest.raises(ParseError, match="text with no speaker") as error:
            parse(path)
        assert (error.value.path, error.value.line) == (path, 4)

    def test_an_unknown_speaker(self):
        path = MARKDOWN / "bad_unknown_speaker.md"
        with pytest.raises(ParseError, match="unknown speaker 'Kaito'") as error:
            parse(path)
        assert error.value.line == 7

    def test_an_empty_file(self):
        with pytest.raises(ParseError, match="empty file"):
            parse(MARKDOWN / "empty.md")

    @pytest.mark.parametrize(
        ("text", "message", "line"),
        [
            ("---\nid: x\ntags: [a\n---\n**Me:** a\n", "invalid front matter", 3),
            ("---\nid: x\n\n**Me:** a\n", "never closed", 1),
            ("---\nspeakers:\n  Kaito: friend\n---\n", "must be one of user, model, text", 3),
            ("# Claude\n\nDate: someday\n\n**Me:** a\n", "cannot read the date 'someday'", 3),
            ("# Claude\n\n- a list\n\n**Me:** a\n", "text with no speaker", 3),
            ("# Claude shiritori\n\n*just a note*\n", "no turns found", 1),
            ("---\nid: Not A Slug\n---\n**Claude:** a\n", "id: an id is lowercase ASCII", 2),
        ],
    )
    def test_reports_the_line(self, tmp_path: Path, text: str, message: str, line: int):
        with pytest.raises(ParseError, match=message) as error:
            parse_text(text, tmp_path)
        assert error.value.line == line


BLOG_FRONT_MATTER = {
    "layout": "default",
    "parent": "Logs",
    "nav_order": 3,
    "nav_exclude": False,
    "has_children": None,
    "permalink": "/logs/gemini-first-game/",
    "description": "Gemini's first game of しりとり, copied from the web UI.",
    "redirect_from": ["/2025/10/29/gemini.html", "/logs/gemini/"],
    "last_modified_date": "2025-10-30 09:15:00 +0900",
    "seo": {
        "type": "BlogPosting",
        "image": {"path": "/img/gemini.png", "width": 1200, "height": 630},
    },
    "rating": 4.5,
}
"""The blog's keys of `blog_front_matter_unknown_keys.md`, in the order the page writes them."""

REAL_LAYOUT_TURNS = [
    me(1, "しりとりしよう！「ん」で終わったら負けね。最初は「りんご」"),
    bot(2, "Claude", "いいですね！「ご」から……**ごりら** 🦍\n\n次は「ら」からどうぞ！"),
    me(3, "らっぱ"),
    bot(4, "Claude", "「ぱ」ですね。**パンダ** 🐼"),
    me(5, "だるま"),
    bot(
        6, "Claude", "「ま」……**マフィン**！\n\nあっ、「ん」で終わってしまいました。私の負けです！"
    ),
]


class TestFrontMatterAsPublished:
    """The researcher's logs are pages of her blog: her site generator's keys are kept, not refused."""

    def test_the_real_log_layout_keeps_the_blog_keys_and_reads_the_rest(self):
        path = MARKDOWN / "claude-shiritori-2025-10-28.md"
        assert parse(path) == ChatLog(
            id="claude-shiritori-2025-10-28",
            title=Bilingual(ja="しりとり Session with Claude"),
            model=web("Claude"),
            date=date(2025, 10, 28),
            source=source(path).model_copy(
                update={"front_matter": {"layout": None, "sitemap": False, "nav_exclude": True}}
            ),
            sessions=[Session(index=1, turns=REAL_LAYOUT_TURNS)],
        )

    def test_unknown_keys_of_every_kind_are_kept_exactly_and_known_keys_still_count(self):
        path = MARKDOWN / "blog_front_matter_unknown_keys.md"
        doc = parse(path)
        assert doc == ChatLog(
            id="gemini-plays-shiritori-first-game-2025-10-29",
            title=Bilingual(en="Gemini plays shiritori: the first game"),
            model=web("Gemini"),
            date=date(2025, 10, 29),
            tags=["shiritori", "gemini"],
            source=source(path).model_copy(update={"front_matter": BLOG_FRONT_MATTER}),
            sessions=[
                Session(
                    index=1,
                    turns=[
                        me(1, "しりとりしよう！「り」から。りす"),
                        bot(2, "Gemini", "「す」ですね。**すいか** 🍉"),
                        me(3, "かめ"),
                    ],
                )
            ],
        )
        assert list(doc.source.front_matter) == list(BLOG_FRONT_MATTER)

    def test_a_misspelt_key_is_kept_as_the_page_wrote_it(self, tmp_path: Path):
        doc = parse_text("---\nid: x\ntitel: oops\n---\n**Me:** a\n\n**Claude:** b\n", tmp_path)
        assert (doc.id, doc.source.front_matter) == ("x", {"titel": "oops"})

    def test_values_yaml_would_turn_into_other_things_stay_the_text_written(self, tmp_path: Path):
        doc = parse_text(
            "---\nupdated: 2025-10-30T09:15:00Z\nbuilt: 2025-10-30\nweight: .inf\n"
            "hex: 0x1f\nanswer: yes\nicon: !emoji 🍊\nbase: &base {lang: ja}\n"
            "page:\n  <<: *base\n  toc: true\n---\n**Me:** a\n\n**Claude:** b\n",
            tmp_path,
        )
        assert doc.source.front_matter == {
            "updated": "2025-10-30T09:15:00Z",
            "built": "2025-10-30",
            "weight": ".inf",
            "hex": 31,
            "answer": "yes",
            "icon": "🍊",
            "base": {"lang": "ja"},
            "page": {"lang": "ja", "toc": True},
        }

    def test_no_front_matter_keeps_nothing(self):
        assert parse(MARKDOWN / "bold_title.md").source.front_matter == {}

    def test_the_blog_keys_show_nowhere_as_turns_or_notes(self):
        doc = parse(MARKDOWN / "blog_front_matter_unknown_keys.md")
        text = " ".join(
            [t.text for s in doc.sessions for t in s.turns]
            + [n for s in doc.sessions for n in s.notes]
        )
        assert "layout" not in text and "permalink" not in text and "Logs" not in text

    @pytest.mark.parametrize(
        "written",
        [
            "2025-10-28",
            '"2025-10-28"',
            '"October 28, 2025"',
            "Oct 28 2025",
            "28 October 2025",
            "2025/10/28",
            "2025年10月28日",
            "2025-10-28 14:30:00 +0900",
            "2025-10-28T14:30:00+09:00",
        ],
    )
    def test_date_in_the_forms_a_person_writes(self, tmp_path: Path, written: str):
        doc = parse_text(f"---\ndate: {written}\n---\n**Me:** a\n\n**Claude:** b\n", tmp_path)
        assert doc.date == date(2025, 10, 28)

    @pytest.mark.parametrize(
        ("written", "tags"),
        [
            ("[shiritori, claude]", ["shiritori", "claude"]),
            ("\n  - shiritori\n  - claude", ["shiritori", "claude"]),
            ("shiritori, claude", ["shiritori", "claude"]),
            ("shiritori,claude,", ["shiritori", "claude"]),
            ("shiritori claude", ["shiritori", "claude"]),
            ("しりとり、みかん", ["しりとり", "みかん"]),
            ("shiritori", ["shiritori"]),
            ('"2025"', ["2025"]),
            ("", []),
            ("[]", []),
        ],
    )
    def test_tags_as_a_list_or_as_text(self, tmp_path: Path, written: str, tags: list[str]):
        doc = parse_text(f"---\ntags: {written}\n---\n**Me:** a\n\n**Claude:** b\n", tmp_path)
        assert doc.tags == tags

    def test_a_declared_title_wins_over_the_title_line(self, tmp_path: Path):
        doc = parse_text(
            "---\nlayout: post\ntitle: しりとりの記録\n---\n# Claude Shiritori\n\n"
            "**Me:** a\n\n**Claude:** b\n",
            tmp_path,
        )
        assert doc.title == Bilingual(ja="しりとりの記録")

    def test_the_sidecar_declares_and_the_front_matter_wins(self, tmp_path: Path):
        path = tmp_path / "pasted.md"
        path.write_text(
            "---\nlayout: null\ntags: [front]\nspeakers: {Kaito: user}\n---\n"
            "**Kaito:** a\n\n**Sensei:** b\n",
            encoding="utf-8",
        )
        sidecar = {"model": "Claude Opus 4.1", "tags": ["sidecar"], "speakers": {"Sensei": "model"}}
        [doc] = markdown_chat.parse(raw_input(path, sidecar))
        assert (doc.model.name, doc.tags) == ("Claude Opus 4.1", ["front"])
        assert [t.speaker for t in doc.sessions[0].turns] == ["user", "model"]
        assert doc.source.front_matter == {"layout": None}

    def test_a_wrong_type_in_the_sidecar_names_the_sidecar(self, tmp_path: Path):
        path = tmp_path / "pasted.md"
        path.write_text("**Me:** a\n\n**Claude:** b\n", encoding="utf-8")
        with pytest.raises(ParseError, match="tags: write tags as a list") as error:
            markdown_chat.parse(raw_input(path, {"tags": 3}))
        assert error.value.path == tmp_path / "pasted.md.meta.yaml"

    @pytest.mark.parametrize(
        ("front", "message", "line"),
        [
            ("layout: null\ntags: 3", "tags: write tags as a list ([shiritori, claude]) or as", 3),
            ("tags: [shiritori, 2025]", "tags: each tag is a text, not 2025 (put it in quotes", 2),
            ("tags:\n  - a\n  - {b: c}", 'tags: each tag is a text, not {"b": "c"}', 2),
            ("sitemap: false\ndate: not-a-date", "date: cannot read the date 'not-a-date'", 3),
            ("date: 3", "date: write a date like 2025-10-28 or October 28, 2025, not 3", 2),
            ("date: 2025-02-30", "date: cannot read the date '2025-02-30'", 2),
            ("speakers: [a, b]", "speakers: map each name to user, model or text", 2),
            ("speakers:\n  Kaito: user\n  Rin: friend", "speakers.Rin: must be one of user, mo", 4),
            ("model: 3", "model: write the model's name", 2),
            ("model:\n  name: Claude\n  interface: app", "model.interface: Input should be", 4),
            ("title: [a, b]", 'title: write a text, or a ja: and an en: text, not ["a", "b"]', 2),
            ("title:\n  ja: しりとり\n  fr: shiritori", "title: write a text, or a ja: and an", 2),
            ("notes: true", "notes: write a text, or a ja: and an en: text, not true", 2),
            ("experiment: chess", "experiment: write shiritori or conversation, not 'chess'", 2),
            ("id: 42", "id: an id is lowercase ASCII letters and digits joined by -", 2),
            ("layout: post\nlayout: page", "front matter key 'layout' is given twice", 3),
            ("layout: post\nloop: &a [*a]", "front matter refers to itself", 3),
        ],
    )
    def test_a_known_key_with_a_wrong_type_is_an_error_at_its_line(
        self, tmp_path: Path, front: str, message: str, line: int
    ):
        with pytest.raises(ParseError, match=re.escape(message)) as error:
            parse_text(f"---\n{front}\n---\n**Me:** a\n\n**Claude:** b\n", tmp_path)
        assert (error.value.path, error.value.line) == (tmp_path / "pasted log.md", line)

    def test_a_comment_before_the_first_key_is_still_front_matter(self, tmp_path: Path):
        doc = parse_text(
            "---\n# from my blog\n\nlayout: null\n---\n**Me:** a\n\n**Claude:** b\n", tmp_path
        )
        assert doc.source.front_matter == {"layout": None}
        assert [t.text for t in doc.sessions[0].turns] == ["a", "b"]


class TestImportCommand:
    """`kiroku import` on a project, as the researcher runs it."""

    def test_imports_archives_and_checks(self, project: Project, kiroku):
        origin = MARKDOWN / "heading_title_sessions.md"
        result = kiroku("import", str(origin))
        assert result.exit_code == 0, result.stderr
        archived = project.archive_dir / origin.name
        assert archived.read_bytes() == origin.read_bytes()
        log = project.log_path("gemini-shiritori-2025-10-28")
        doc = storage.load(log).doc
        assert isinstance(doc, ChatLog)
        assert doc.sessions == GEMINI_TWO_GAMES
        assert doc.source == Source(
            path=f"archive/{origin.name}",
            sha256=hashlib.sha256(origin.read_bytes()).hexdigest(),
            format="markdown-chat",
        )
        checked = kiroku("check")
        assert checked.exit_code == 0, checked.stderr

    @pytest.mark.parametrize(
        ("name", "message"),
        [
            ("bad_no_speaker.md", "bad_no_speaker.md:4: text with no speaker"),
            ("bad_unknown_speaker.md", "bad_unknown_speaker.md:7: unknown speaker 'Kaito'"),
            ("empty.md", "empty.md: empty file"),
        ],
    )
    def test_bad_input_changes_nothing(self, project: Project, kiroku, name: str, message: str):
        kiroku("import", str(MARKDOWN / "bold_title.md"))
        before = snapshot_tree(project.root)
        result = kiroku("import", str(MARKDOWN / "model_speaks_first.md"), str(MARKDOWN / name))
        assert result.exit_code == 1
        assert message in result.stderr
        assert snapshot_tree(project.root) == before

    def test_blog_front_matter_survives_import_sync_and_a_save(self, project: Project, kiroku):
        origin = MARKDOWN / "blog_front_matter_unknown_keys.md"
        result = kiroku("import", str(origin))
        assert result.exit_code == 0, result.stderr
        log = project.log_path("gemini-plays-shiritori-first-game-2025-10-29")
        on_disk = YAML(typ="safe", pure=True).load(log.read_text(encoding="utf-8"))
        assert on_disk["source"]["front_matter"] == BLOG_FRONT_MATTER
        assert "layout" not in str(on_disk["sessions"])

        synced = kiroku("sync")
        assert (synced.exit_code, synced.output) == (0, "sync: 0 log(s) changed\n")

        loaded = storage.load(log)
        loaded.doc.units()[1].labels.append(Label(id="silent-attractor", by="emi", at=WHEN))
        storage.save(loaded.doc, log, expect_sha256=loaded.sha256)
        on_disk = YAML(typ="safe", pure=True).load(log.read_text(encoding="utf-8"))
        assert on_disk["source"]["front_matter"] == BLOG_FRONT_MATTER
        assert on_disk["sessions"][0]["turns"][1]["labels"][0]["id"] == "silent-attractor"

        # a label leaves sync's proof standing: the source is not even parsed again
        assert kiroku("sync").output == "sync: 0 log(s) changed, 1 of 1 source(s) unchanged\n"
        doc = storage.load(log).doc
        assert doc.source.front_matter == BLOG_FRONT_MATTER
        assert doc.units()[1].labels[0].by == "emi"
        checked = kiroku("check")
        assert checked.exit_code == 0, checked.stderr

    def test_a_known_key_of_the_wrong_type_stops_the_import(self, project: Project, kiroku):
        result = kiroku(
            "import",
            str(MARKDOWN / "bold_title.md"),
            str(MARKDOWN / "bad_front_matter_tags_number.md"),
        )
        assert result.exit_code == 1
        assert (
            "bad_front_matter_tags_number.md:4: tags: write tags as a list ([shiritori, claude])"
            " or as text, not 3 (put it in quotes if it is meant as text)"
        ) in result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot_tree(project.root) == {}

    def test_the_log_is_named_after_the_published_file(self, project: Project, kiroku):
        result = kiroku("import", str(MARKDOWN / "claude-shiritori-2025-10-28.md"))
        assert result.exit_code == 0, result.stderr
        assert "new       logs/claude-shiritori-2025-10-28.yaml  6 units" in result.output
        doc = storage.load(project.log_path("claude-shiritori-2025-10-28")).doc
        assert isinstance(doc, ChatLog)
        assert doc.sessions[0].turns == REAL_LAYOUT_TURNS
        assert kiroku("check").exit_code == 0

    def test_sync_never_renames_a_log_named_before(self, project: Project, kiroku):
        """A log an earlier Kiroku named after the title keeps that id: it is published."""
        kiroku("import", str(MARKDOWN / "claude-shiritori-2025-10-28.md"))
        named_now = project.log_path("claude-shiritori-2025-10-28")
        named_before = project.log_path("claude-session-2025-10-28")
        text = named_now.read_text(encoding="utf-8")
        named_before.write_text(
            text.replace("id: claude-shiritori-2025-10-28", "id: claude-session-2025-10-28"),
            encoding="utf-8",
        )
        named_now.unlink()
        loaded = storage.load(named_before)
        loaded.doc.units()[5].labels.append(Label(id="silent-attractor", by="emi", at=WHEN))
        storage.save(loaded.doc, named_before)
        before = snapshot_tree(project.root)

        synced = kiroku("sync")
        assert (synced.exit_code, synced.output) == (0, "sync: 0 log(s) changed\n")
        again = kiroku("import", "--reimport", str(MARKDOWN / "claude-shiritori-2025-10-28.md"))
        assert again.exit_code == 0, again.stderr
        assert "unchanged logs/claude-session-2025-10-28.yaml" in again.output
        assert snapshot_tree(project.root) == before
        assert list(project.log_paths()) == [named_before]
        checked = kiroku("check")
        assert checked.exit_code == 0, checked.stderr

    def test_a_name_whose_id_is_taken_never_overwrites_that_log(
        self, project: Project, kiroku, tmp_path
    ):
        kiroku("import", str(MARKDOWN / "claude-shiritori-2025-10-28.md"))
        other = tmp_path / "phone" / "claude-shiritori-2025-10-28.md"
        other.parent.mkdir()
        other.write_text("**Me:** すいか\n\n**Claude:** かもめ\n", encoding="utf-8")
        before = snapshot_tree(project.root)
        result = kiroku("import", "--into", "phone", str(other))
        assert result.exit_code == 1
        assert (
            "log id 'claude-shiritori-2025-10-28' is already used by "
            "archive/claude-shiritori-2025-10-28.md; ids are never reused"
        ) in result.stderr
        assert snapshot_tree(project.root) == before

    def test_two_files_giving_one_id_in_one_import_write_nothing(
        self, project: Project, kiroku, tmp_path
    ):
        copy = tmp_path / "gemini-rematch.md"
        copy.write_text("**Me:** すいか\n\n**Gemini:** かもめ\n", encoding="utf-8")
        result = kiroku("import", str(MARKDOWN / "gemini-shiritori-2025-11-02.md"), str(copy))
        assert result.exit_code == 1
        assert "log id 'gemini-rematch' is also produced by" in result.stderr
        assert snapshot_tree(project.archive_dir) == snapshot_tree(project.logs_dir) == {}

    def test_a_new_version_under_the_same_name_in_another_folder_updates_its_log(
        self, project: Project, kiroku, tmp_path
    ):
        kiroku("import", str(MARKDOWN / "claude-shiritori-2025-10-28.md"))
        log = project.log_path("claude-shiritori-2025-10-28")
        loaded = storage.load(log)
        loaded.doc.units()[0].labels.append(Label(id="silent-attractor", by="emi", at=WHEN))
        storage.save(loaded.doc, log)
        edited = tmp_path / "v2" / "claude-shiritori-2025-10-28.md"
        edited.parent.mkdir()
        original = (MARKDOWN / "claude-shiritori-2025-10-28.md").read_text(encoding="utf-8")
        edited.write_text(original.replace("**Me:** だるま", "**Me:** だるま 🎎"), encoding="utf-8")
        result = kiroku("import", "--into", "v2", "--reimport", str(edited))
        assert result.exit_code == 0, result.stderr
        doc = storage.load(log).doc
        assert isinstance(doc, ChatLog)
        assert doc.source.path == "archive/v2/claude-shiritori-2025-10-28.md"
        assert doc.sessions[0].turns[4].text == "だるま 🎎"
        assert doc.units()[0].labels[0].by == "emi"
        assert list(project.log_paths()) == [log]
        assert kiroku("check").exit_code == 0

    def test_a_wrong_type_in_the_sidecar_is_an_error_at_its_line(
        self, project: Project, kiroku, tmp_path
    ):
        origin = tmp_path / "incoming" / "kaito.md"
        origin.parent.mkdir()
        origin.write_text("**Kaito:** ねこ\n\n**Claude:** こあら\n", encoding="utf-8")
        sidecar = origin.with_name("kaito.md.meta.yaml")
        sidecar.write_text("speakers:\n  Kaito: user\ndate: someday\n", encoding="utf-8")
        result = kiroku("import", str(origin))
        assert result.exit_code == 1
        assert f"{sidecar}:3: date: cannot read the date 'someday'" in result.stderr
        assert snapshot_tree(project.archive_dir) == snapshot_tree(project.logs_dir) == {}

    def test_a_sidecar_declares_what_the_markdown_does_not_say(self, project: Project, kiroku):
        origin = project.root / "incoming" / "kaito.md"
        origin.parent.mkdir()
        origin.write_text("**Kaito:** ねこ\n\n**Claude:** こあら\n", encoding="utf-8")
        sidecar = origin.with_name("kaito.md.meta.yaml")
        sidecar.write_text("id: kaito-game\nspeakers:\n  Kaito: user\n", encoding="utf-8")
        result = kiroku("import", "--into", "family", str(origin))
        assert result.exit_code == 0, result.stderr
        doc = storage.load(project.log_path("kaito-game")).doc
        assert isinstance(doc, ChatLog)
        assert [(t.speaker, t.name) for t in doc.sessions[0].turns] == [
            ("user", "Kaito"),
            ("model", "Claude"),
        ]
        assert doc.source.metadata == "archive/family/kaito.md.meta.yaml"
        assert kiroku("check").exit_code == 0


@pytest.mark.parametrize("path", sorted((REPO / "archive" / "examples").glob("*.md")), ids=str)
def test_the_committed_examples_still_parse_to_their_logs(path: Path):
    """The example logs in the repository stay what the importer makes of their sources."""
    project = Project(REPO)
    [doc] = markdown_chat.parse(
        RawInput(
            path=path,
            archive_path=project.relative(path),
            data=path.read_bytes(),
            sha256=storage.sha256_bytes(path.read_bytes()),
        )
    )
    assert "Illustrative example written for Kiroku" in (doc.notes.en or "")
    assert doc.id == f"example-{path.stem}"
    assert recorded_document(doc) == recorded_document(storage.load(project.log_path(doc.id)).doc)


def blns_turn_body(hostile: str) -> str:
    """A turn body holding `hostile`: on the label's line when it can be a paragraph's text."""
    if hostile and hostile.strip(" \t") == hostile and "\n" not in hostile and "\r" not in hostile:
        return hostile
    return f"~~~~~~\n{hostile}\n~~~~~~"


def test_every_blns_string_survives_import_yaml_and_load(project: Project, kiroku, tmp_path):
    hostile = blns_strings()
    assert len(hostile) == 515
    bodies = [blns_turn_body(s) for s in hostile]
    speakers = ["Me", "Claude"]
    lines = ["# Claude: hostile strings", ""]
    for position, body in enumerate(bodies):
        separator = " " if "\n" not in body else "\n\n"
        lines += [f"**{speakers[position % 2]}:**{separator}{body}", ""]
    path = tmp_path / "blns.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = kiroku("import", str(path))
    assert result.exit_code == 0, result.stderr
    [log] = project.log_paths()
    doc = storage.load(log).doc
    assert isinstance(doc, ChatLog)
    assert [t.text for t in doc.sessions[0].turns] == bodies
    assert kiroku("check").exit_code == 0


def yaml_double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, with every character YAML would not keep escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code <= 0x7E or (
            code >= 0xA0 and char not in "\u2028\u2029\ufeff\ufffe\uffff"
        ):
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def test_every_blns_string_survives_as_a_front_matter_value(project: Project, kiroku, tmp_path):
    hostile = blns_strings()
    items = "".join(f"  - {yaml_double_quoted(s)}\n" for s in hostile)
    path = tmp_path / "hostile-front-matter.md"
    path.write_text(
        f"---\nlayout: null\nhostile:\n{items}---\n**Me:** a\n\n**Claude:** b\n", encoding="utf-8"
    )
    result = kiroku("import", str(path))
    assert result.exit_code == 0, result.stderr
    [log] = project.log_paths()
    shutil.rmtree(project.root / ".kiroku", ignore_errors=True)
    doc = storage.load(log).doc
    assert doc.source.front_matter == {"layout": None, "hostile": hostile}
    assert [t.text for t in doc.sessions[0].turns] == ["a", "b"]
    assert kiroku("check").exit_code == 0


@settings(max_examples=soaked(150), deadline=None)
@given(
    st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), min_size=1
        ).filter(lambda s: s.strip(" \t") == s),
        min_size=1,
        max_size=4,
    )
)
def test_any_one_line_text_after_a_label_comes_back_exactly(bodies: list[str]):
    text = "# Claude\n\n" + "\n\n".join(f"**Me:** {body}" for body in bodies)
    [doc] = markdown_chat.parse(RawInput(Path("log.md"), "archive/log.md", text.encode(), "0" * 64))
    assert isinstance(doc, ChatLog)
    assert [t.text for t in doc.sessions[0].turns] == bodies
