"""The pasted-transcript importer: speaker lines, multi-line messages, custom speaker names."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from kiroku.errors import ParseError
from kiroku.importers import detect, pasted_transcript
from kiroku.schema import ChatLog
from testkit import DATA, raw_input

KNOWN = DATA / "exports" / "pasted_known_speakers_fullwidth_colon_multiline.txt"
CUSTOM = DATA / "exports" / "pasted_custom_speakers_crlf.txt"


def test_known_speakers_full_width_colon_and_multi_line_messages() -> None:
    expected = ChatLog.model_validate(
        {
            "id": "pasted-known-speakers-fullwidth-colon-multiline",
            "experiment": "shiritori",
            "title": {"en": KNOWN.stem},
            "model": {"name": "Claude", "interface": "web"},
            "source": {
                "path": f"archive/{KNOWN.name}",
                "sha256": hashlib.sha256(KNOWN.read_bytes()).hexdigest(),
                "format": "pasted-transcript",
            },
            "sessions": [
                {
                    "index": 1,
                    "notes": ["Pasted from the Claude app on 2026-04-20."],
                    "turns": [
                        {"index": 1, "speaker": "user", "name": "Me", "text": "しりとりをしましょう。りんご"},
                        {"index": 2, "speaker": "model", "name": "Claude", "text": "ごりら！\n\n次は「ら」です。"},
                        {"index": 3, "speaker": "user", "name": "ユーザー", "text": "らっぱ"},
                        {
                            "index": 4,
                            "speaker": "model",
                            "name": "ChatGPT",
                            "text": "パンダ\nNote: this line is part of the reply.",
                        },
                        {"index": 5, "speaker": "user", "name": "User", "text": "ダンス"},
                    ],
                }
            ],
        }
    )  # fmt: skip
    assert pasted_transcript.parse(raw_input(KNOWN)) == [expected]


def test_unknown_names_are_refused_with_a_hint_naming_them() -> None:
    with pytest.raises(ParseError) as error:
        pasted_transcript.parse(raw_input(CUSTOM))
    assert "found Emi:, Bot:" in error.value.message
    assert "--speakers Emi=user,Bot=model" in error.value.message
    assert error.value.line == 1


def test_speakers_setting_maps_names_and_crlf_is_read_as_lines() -> None:
    sidecar = {"speakers": {"Emi": "user", "bot": "model"}, "date": "2026-04-20"}
    doc = pasted_transcript.parse(raw_input(CUSTOM, sidecar))[0]
    assert isinstance(doc, ChatLog)
    assert [(t.speaker, t.name, t.text) for t in doc.sessions[0].turns] == [
        ("user", "Emi", "しりとり、りんご"),
        ("model", "Bot", "ゴリラ"),
    ]
    assert doc.model.name == "Bot"
    assert str(doc.date) == "2026-04-20"


def test_a_bad_speakers_setting_is_an_error() -> None:
    with pytest.raises(ParseError, match="must be `user` or `model`"):
        pasted_transcript.parse(raw_input(CUSTOM, {"speakers": {"Emi": "human"}}))


@pytest.mark.parametrize(
    ("option", "expected"),
    [("Emi=user,Bot=model", {"Emi": "user", "Bot": "model"}), (" A = user ,", {"A": "user"})],
)
def test_speakers_option_pairs(option: str, expected: dict[str, str]) -> None:
    assert pasted_transcript.parse_speakers_option(option) == expected


@pytest.mark.parametrize("option", ["Emi", "Emi=human", "=user"])
def test_bad_speakers_option(option: str) -> None:
    with pytest.raises(ParseError, match="--speakers"):
        pasted_transcript.parse_speakers_option(option)


def test_txt_files_are_detected_as_pasted_and_markdown_stays_markdown(tmp_path: Path) -> None:
    assert detect(KNOWN, KNOWN.read_bytes()) is pasted_transcript.IMPORTER
    markdown = tmp_path / "log.md"
    markdown.write_text("**Me:** りんご\n", encoding="utf-8")
    assert detect(markdown, markdown.read_bytes()).name == "markdown-chat"


def test_one_separator_space_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "spaces.txt"
    path.write_text("Me:   two spaces kept\nClaude:\tx \nMe:\n", encoding="utf-8")
    turns = pasted_transcript.parse(raw_input(path))[0].sessions[0].turns  # type: ignore[union-attr]
    assert [t.text for t in turns] == ["  two spaces kept", "x ", ""]


@pytest.mark.parametrize(
    ("name", "id"),
    [
        ("claude-shiritori-2025-10-28.txt", "claude-shiritori-2025-10-28"),
        (f"claude-{'long-' * 22}log.txt", f"claude-{'long-' * 22}log"),
        ("Claude Shiritori 2025-10-28.txt", "claude-shiritori-2025-10-28"),
        ("Log_1.TXT", "log-1"),
    ],
)
def test_the_id_is_the_file_name_when_it_is_a_slug(tmp_path: Path, name: str, id: str) -> None:
    path = tmp_path / name
    path.write_text("Me: りんご\nClaude: ごりら\n", encoding="utf-8")
    [doc] = pasted_transcript.parse(raw_input(path))
    assert doc.id == id
    [declared] = pasted_transcript.parse(raw_input(path, {"id": "declared-id"}))
    assert declared.id == "declared-id"
