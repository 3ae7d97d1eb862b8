"""The ChatGPT export importer on small exports that show each tricky part of the format."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kiroku.errors import ParseError
from kiroku.importers import chatgpt_export, detect
from kiroku.importers.base import RawInput
from kiroku.schema import ChatLog
from testkit import DATA, raw_input, soaked

EXPORT = DATA / "exports" / "chatgpt_branches_hidden_reasoning_attachments.json"


def source(item: str) -> dict:
    return {
        "path": f"archive/{EXPORT.name}",
        "sha256": hashlib.sha256(EXPORT.read_bytes()).hexdigest(),
        "format": "chatgpt-export",
        "item": item,
    }


SHIRITORI = ChatLog.model_validate(
    {
        "id": "gpt-4o-regenerate-edit",
        "experiment": "shiritori",
        "title": {"ja": "しりとり (regenerate, edit)"},
        "model": {"name": "ChatGPT (gpt-4o)", "id": "gpt-4o", "interface": "web"},
        "date": "2026-04-20",
        "source": source("c0ffee00-0000-4000-8000-00000000000a"),
        "sessions": [
            {
                "index": 1,
                "date": "2026-04-20",
                "context": [
                    {
                        "role": "custom-instructions",
                        "text": "I am a researcher.\n\nAnswer in Japanese.",
                    }
                ],
                "turns": [
                    {
                        "index": 1,
                        "speaker": "user",
                        "text": "しりとりをしましょう。りんご",
                        "created": "2026-04-20T00:00:10Z",
                    },
                    {
                        "index": 2,
                        "speaker": "model",
                        "text": "ゴリラ！次は「ら」です。",
                        "created": "2026-04-20T00:00:30Z",
                        "alternatives": [
                            {
                                "speaker": "model",
                                "text": "ごりら",
                                "model_id": "gpt-4o",
                                "created": "2026-04-20T00:00:20Z",
                            }
                        ],
                    },
                    {
                        "index": 3,
                        "speaker": "user",
                        "text": "らくだ",
                        "created": "2026-04-20T00:01:00Z",
                        "alternatives": [
                            {
                                "speaker": "user",
                                "text": "らっぱ",
                                "created": "2026-04-20T00:00:40Z",
                            }
                        ],
                    },
                    {
                        "index": 4,
                        "speaker": "model",
                        "text": "だんご",
                        "reasoning": "だ → だんご ends in ご, which is safe.",
                        "created": "2026-04-20T00:01:10Z",
                    },
                    {
                        "index": 5,
                        "speaker": "user",
                        "text": "ごま",
                        "created": "2026-04-20T00:01:20Z",
                    },
                ],
            }
        ],
    }
)

TOOLS_AND_ATTACHMENTS = ChatLog.model_validate(
    {
        "id": "gpt-4o-plotting-a-chart",
        "experiment": "conversation",
        "title": {"en": "Plotting a chart"},
        "model": {"name": "ChatGPT (gpt-4o)", "id": "gpt-4o", "interface": "web"},
        "date": "2026-04-21",
        "source": source("c0ffee00-0000-4000-8000-00000000000b"),
        "sessions": [
            {
                "index": 1,
                "date": "2026-04-21",
                "context": [{"role": "system", "text": "You are ChatGPT, a large language model."}],
                "turns": [
                    {
                        "index": 1,
                        "speaker": "user",
                        "text": "What is in this picture?",
                        "attachments": [
                            {
                                "kind": "image",
                                "name": "file-service://file-abc",
                                "description": "512x384 image",
                            }
                        ],
                        "created": "2026-04-21T00:00:01Z",
                    },
                    {
                        "index": 2,
                        "speaker": "model",
                        "text": "A cat.",
                        "created": "2026-04-21T00:00:02Z",
                    },
                    {
                        "index": 3,
                        "speaker": "user",
                        "text": "",
                        "attachments": [
                            {"kind": "file", "name": "data.csv", "description": "text/csv"}
                        ],
                        "created": "2026-04-21T00:00:03Z",
                    },
                    {
                        "index": 4,
                        "speaker": "model",
                        "text": "Here is the chart.",
                        "attachments": [
                            {
                                "kind": "code",
                                "name": "python",
                                "description": "import pandas as pd\npd.read_csv('data.csv').plot()",
                            },
                            {
                                "kind": "execution-output",
                                "name": "python",
                                "description": "<Axes: >",
                            },
                            {
                                "kind": "unknown",
                                "name": "canvas_widget",
                                "description": "content type 'canvas_widget' that kiroku does "
                                "not read; kept in the raw export",
                            },
                        ],
                        "created": "2026-04-21T00:00:04Z",
                    },
                ],
            }
        ],
    }
)


class TestConversations:
    def test_branches_regenerations_hidden_context_and_reasoning(self) -> None:
        docs = chatgpt_export.parse(raw_input(EXPORT))
        assert docs[0] == SHIRITORI

    def test_tools_images_attachment_only_message_and_unknown_content_type(self) -> None:
        docs = chatgpt_export.parse(raw_input(EXPORT))
        assert docs[1] == TOOLS_AND_ATTACHMENTS

    def test_untitled_conversation_without_current_node_takes_the_latest_leaf(self) -> None:
        doc = chatgpt_export.parse(raw_input(EXPORT))[2]
        assert doc.id == "gpt-4o-mini-2026-04-22"
        assert doc.title.en == "hello"
        assert doc.model.id == "gpt-4o-mini"
        assert [t.text for t in doc.sessions[0].turns] == ["hello\nthere", "hi"]
        assert doc.source.item == "c0ffee00-0000-4000-8000-00000000000c"

    def test_visible_thread_follows_parents_not_first_children(self) -> None:
        mapping = json.loads(EXPORT.read_text(encoding="utf-8"))[0]["mapping"]
        thread = chatgpt_export.visible_thread(mapping, "a-7")
        assert thread == [
            "a-root", "a-sys", "a-ctx", "a-1", "a-2b", "a-3b", "a-5", "a-6", "a-6b", "a-7"
        ]  # fmt: skip

    def test_sidecar_timezone_moves_dates_and_times(self) -> None:
        doc = chatgpt_export.parse(raw_input(EXPORT, {"timezone": "-05:00"}))[0]
        assert doc.date is not None and doc.date.isoformat() == "2026-04-19"
        assert doc.sessions[0].turns[0].created.isoformat() == "2026-04-19T19:00:10-05:00"

    def test_same_titles_get_distinct_ids(self, tmp_path: Path) -> None:
        conversations = json.loads(EXPORT.read_text(encoding="utf-8"))
        conversations.append({**conversations[1], "id": "other", "conversation_id": "other"})
        path = tmp_path / "conversations.json"
        path.write_text(json.dumps(conversations), encoding="utf-8")
        ids = [doc.id for doc in chatgpt_export.parse(raw_input(path))]
        assert ids[1] == "gpt-4o-plotting-a-chart"
        assert ids[3] == "gpt-4o-plotting-a-chart-2"


class TestZip:
    def test_the_export_zip_parses_like_its_conversations_json(self, tmp_path: Path) -> None:
        path = tmp_path / "chatgpt-export.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("chat.html", "<html></html>")
            archive.writestr("user.json", "{}")
            archive.write(EXPORT, "conversations.json")
        assert detect(path, path.read_bytes()[:4096]) is chatgpt_export.IMPORTER
        docs = chatgpt_export.parse(raw_input(path))
        expected = [SHIRITORI, TOOLS_AND_ATTACHMENTS]
        assert [d.sessions for d in docs[:2]] == [d.sessions for d in expected]
        assert docs[0].source.path == "archive/chatgpt-export.zip"

    def test_a_zip_without_conversations_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "photos.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("a.txt", "x")
        with pytest.raises(ParseError, match=r"no conversations\.json"):
            chatgpt_export.parse(raw_input(path))


class TestDetection:
    def test_detected_by_content_not_only_by_name(self) -> None:
        assert detect(EXPORT, EXPORT.read_bytes()[:4096]) is chatgpt_export.IMPORTER

    def test_a_json_batch_is_not_taken_for_an_export(self, tmp_path: Path) -> None:
        path = tmp_path / "batch.json"
        path.write_text('{"model": "m", "prompt": "p", "results": []}', encoding="utf-8")
        assert not chatgpt_export.sniff(path, path.read_bytes())


class TestBadInput:
    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ('[{"id": "x", "mapping": {', "invalid JSON"),
            ('{"mapping": {}}', "must be a JSON list"),
            ("[]", "holds no conversations"),
            ('[{"title": "t", "mapping": {}}]', "has no `id`"),
            ('[{"id": "x", "mapping": []}]', "`mapping` must be an object"),
        ],
    )
    def test_clear_error_naming_the_file(self, tmp_path: Path, content: str, message: str) -> None:
        path = tmp_path / "conversations.json"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ParseError, match=message) as error:
            chatgpt_export.parse(raw_input(path))
        assert str(error.value).startswith(str(path))

    def test_invalid_json_names_the_line(self, tmp_path: Path) -> None:
        path = tmp_path / "conversations.json"
        path.write_text('[\n{"id": "x",\n "mapping": {}},\n{"id": ,}\n]', encoding="utf-8")
        with pytest.raises(ParseError) as error:
            chatgpt_export.parse(raw_input(path))
        assert error.value.line == 4
        assert "invalid JSON in conversation 2" in error.value.message

    def test_strange_nodes_and_messages_are_tolerated(self, tmp_path: Path) -> None:
        mapping = {
            "r": {"id": "r", "message": None, "parent": None, "children": ["m", "ghost"]},
            "m": {
                "id": "m",
                "message": {
                    "author": {},
                    "content": {"parts": [1, None, {"x": 1}]},
                    "metadata": {"attachments": 5},
                },
                "parent": "r",
                "children": [],
            },
            "loop": {"id": "loop", "message": "text?", "parent": "loop", "children": []},
        }
        path = tmp_path / "conversations.json"
        path.write_text(json.dumps([{"id": "odd", "mapping": mapping, "current_node": "m"}]))
        doc = chatgpt_export.parse(raw_input(path))[0]
        assert doc.sessions[0].context[0].role == "unknown"

    @pytest.mark.parametrize("stamp", [253402300800.0, 6.8e16, 9.2e18, -1e20, 1e300])
    def test_a_date_beyond_any_calendar_is_left_out_not_fatal(
        self, tmp_path: Path, stamp: float
    ) -> None:
        """Found by the fuzzer: Python's datetime stops at year 9999 (and the platform's time_t)."""
        path = tmp_path / "conversations.json"
        path.write_text(json.dumps([{"id": "far", "create_time": stamp, "mapping": {}}]))
        (doc,) = chatgpt_export.parse(raw_input(path))
        assert doc.date is None


KEYS = [
    "id",
    "title",
    "create_time",
    "mapping",
    "current_node",
    "message",
    "parent",
    "children",
    "author",
    "role",
    "content",
    "content_type",
    "parts",
    "metadata",
    "recipient",
    "thoughts",
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
        docs = chatgpt_export.parse(raw)
    except ParseError as error:
        assert error.path is not None
    else:
        assert len(docs) == len(conversations)
