"""The Claude export importer on small exports: message trees, thinking, tools, attachments."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kiroku.errors import ParseError
from kiroku.importers import claude_export, detect
from kiroku.importers.base import RawInput
from kiroku.schema import ChatLog
from testkit import DATA, raw_input, soaked

EXPORT = DATA / "exports" / "claude_tree_thinking_tools_attachments.json"


def source(item: str) -> dict:
    return {
        "path": f"archive/{EXPORT.name}",
        "sha256": hashlib.sha256(EXPORT.read_bytes()).hexdigest(),
        "format": "claude-export",
        "item": item,
    }


TREE = ChatLog.model_validate(
    {
        "id": "claude-retry-edit",
        "experiment": "shiritori",
        "title": {"ja": "しりとり (retry, edit)"},
        "model": {"name": "Claude", "interface": "web"},
        "date": "2026-04-20",
        "source": source("d1ce0000-0000-4000-8000-00000000000a"),
        "sessions": [
            {
                "index": 1,
                "date": "2026-04-20",
                "turns": [
                    {
                        "index": 1,
                        "speaker": "user",
                        "text": "しりとりをしましょう。りんご",
                        "created": "2026-04-20T09:00:01Z",
                    },
                    {
                        "index": 2,
                        "speaker": "model",
                        "text": "ゴリラ！次は「ら」です。",
                        "created": "2026-04-20T09:00:30Z",
                        "alternatives": [
                            {
                                "speaker": "model",
                                "text": "ごりら",
                                "created": "2026-04-20T09:00:02Z",
                            }
                        ],
                    },
                    {
                        "index": 3,
                        "speaker": "user",
                        "text": "らくだ",
                        "created": "2026-04-20T09:02:00Z",
                        "alternatives": [
                            {
                                "speaker": "user",
                                "text": "らっぱ",
                                "created": "2026-04-20T09:01:00Z",
                            }
                        ],
                    },
                    {
                        "index": 4,
                        "speaker": "model",
                        "text": "ダンス",
                        "reasoning": "だ で始まる言葉… ダンス (ends in す).",
                        "created": "2026-04-20T09:02:05Z",
                    },
                ],
            }
        ],
    }
)

FLAT = ChatLog.model_validate(
    {
        "id": "claude-2026-04-21",
        "experiment": "conversation",
        "title": {"en": "Summarise them in one line."},
        "model": {"name": "Claude", "interface": "web"},
        "date": "2026-04-21",
        "source": source("d1ce0000-0000-4000-8000-00000000000b"),
        "sessions": [
            {
                "index": 1,
                "date": "2026-04-21",
                "turns": [
                    {
                        "index": 1,
                        "speaker": "user",
                        "text": "",
                        "attachments": [
                            {"kind": "file", "name": "notes.txt", "description": "txt, 120 bytes"},
                            {"kind": "file", "name": "photo.png"},
                        ],
                        "created": "2026-04-21T10:00:01Z",
                    },
                    {
                        "index": 2,
                        "speaker": "model",
                        "text": "I read the notes and the photo.",
                        "attachments": [
                            {
                                "kind": "tool-use",
                                "name": "web_search",
                                "description": '{"query": "notes"}',
                            },
                            {
                                "kind": "tool-result",
                                "name": "web_search",
                                "description": "no results",
                            },
                            {
                                "kind": "unknown",
                                "name": "citation_card",
                                "description": "content block of type 'citation_card' that "
                                "kiroku does not read; kept in the raw export",
                            },
                        ],
                        "created": "2026-04-21T10:00:05Z",
                    },
                    {
                        "index": 3,
                        "speaker": "user",
                        "text": "Summarise them in one line.",
                        "created": "2026-04-21T10:01:00Z",
                    },
                ],
            }
        ],
    }
)


class TestConversations:
    def test_tree_follows_the_latest_leaf_and_keeps_other_branches(self) -> None:
        assert claude_export.parse(raw_input(EXPORT))[0] == TREE

    def test_flat_export_with_attachment_only_message_tools_and_unknown_blocks(self) -> None:
        assert claude_export.parse(raw_input(EXPORT))[1] == FLAT

    def test_unknown_sender_goes_to_context_and_odd_fields_are_tolerated(
        self, tmp_path: Path
    ) -> None:
        conversation = {
            "uuid": "u1",
            "name": "odd",
            "created_at": "not a date",
            "chat_messages": [
                {"uuid": "a", "sender": "system", "text": "be brief"},
                {"uuid": "b", "sender": "human", "text": "hi", "content": 7, "files": 3},
                "not a message",
                {"uuid": "c", "sender": "assistant", "content": [{"type": "text", "text": 5}]},
            ],
        }
        path = tmp_path / "conversations.json"
        path.write_text(json.dumps([conversation]), encoding="utf-8")
        doc = claude_export.parse(raw_input(path))[0]
        session = doc.sessions[0]
        assert [(c.role, c.text) for c in session.context] == [("system", "be brief")]
        assert [(t.speaker, t.text) for t in session.turns] == [("user", "hi"), ("model", "5")]
        assert doc.date is None


class TestZipAndDetection:
    def test_the_export_zip_parses_like_its_conversations_json(self, tmp_path: Path) -> None:
        path = tmp_path / "data-2026-04-21.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("users.json", "[]")
            archive.writestr("projects.json", "[]")
            archive.write(EXPORT, "conversations.json")
        assert detect(path, path.read_bytes()[:4096]) is claude_export.IMPORTER
        docs = claude_export.parse(raw_input(path))
        assert [d.sessions for d in docs] == [TREE.sessions, FLAT.sessions]

    def test_detected_by_content(self) -> None:
        assert detect(EXPORT, EXPORT.read_bytes()[:4096]) is claude_export.IMPORTER


class TestBadInput:
    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ('[{"uuid": "x", "chat_messages": [', "invalid JSON"),
            ('[{"name": "x", "chat_messages": []}]', "has no `uuid`"),
            ('[{"uuid": "x", "chat_messages": {}}]', "`chat_messages` must be a list"),
            ("[1]", "conversation 1 is not a JSON object"),
        ],
    )
    def test_clear_error_naming_the_file(self, tmp_path: Path, content: str, message: str) -> None:
        path = tmp_path / "conversations.json"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ParseError, match=message) as error:
            claude_export.parse(raw_input(path))
        assert str(error.value).startswith(str(path))


KEYS = [
    "uuid",
    "name",
    "created_at",
    "updated_at",
    "chat_messages",
    "sender",
    "text",
    "content",
    "type",
    "thinking",
    "input",
    "attachments",
    "files",
    "file_name",
    "parent_message_uuid",
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=3), inner, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=soaked(150), deadline=None)
@given(conversations=st.lists(JSON_VALUES, min_size=1, max_size=3))
def test_any_json_gives_logs_or_a_clear_error_never_a_crash(conversations: list) -> None:
    data = json.dumps(conversations).encode()
    raw = RawInput(Path("/nonexistent/conversations.json"), "archive/c.json", data, "0" * 64)
    try:
        docs = claude_export.parse(raw)
    except ParseError as error:
        assert error.path is not None
    else:
        assert len(docs) == len(conversations)
