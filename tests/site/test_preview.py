"""What a link to a log shows where it is pasted: the chain, the first words, or the first turn."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiroku.schema import validate_document
from kiroku.site.preview import clipped, description
from kiroku.storage import load
from site_support import REPO, SITE_DATA


def loaded(path: Path, tmp_path: Path):
    """A fixture's document, read from a copy (loading caches beside the project)."""
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    return load(copy).doc


def chat(turns: list[dict], experiment: str = "shiritori", sessions: int = 1):
    return validate_document(
        {
            "kind": "chat",
            "id": "x",
            "experiment": experiment,
            "title": {"en": "X"},
            "model": {"name": "Claude", "interface": "web"},
            "source": {"path": "archive/x.md", "sha256": "0" * 64, "format": "markdown-chat"},
            "sessions": [{"index": i, "turns": turns} for i in range(1, sessions + 1)],
        }
    )


def played(surface: str) -> dict:
    return {"surface": surface}


def test_a_game_is_described_by_its_words_in_order_session_by_session():
    turns = [
        {"index": 1, "speaker": "user", "text": "うみ", "played": [played("うみ")]},
        {"index": 2, "speaker": "model", "text": "**みかん**！", "played": [played("みかん")]},
        {"index": 3, "speaker": "user", "text": "「ん」で終わりましたね。"},
    ]
    assert description(chat(turns), "en") == "Shiritori: うみ → みかん"
    assert description(chat(turns, sessions=2), "ja") == "しりとり: うみ → みかん / うみ → みかん"


def test_a_person_s_correction_of_the_played_word_is_what_the_preview_shows():
    turn = {
        "index": 1,
        "speaker": "model",
        "text": "みかん… いや、みかさ",
        "played": [played("みかん"), played("みかさ")],
        "played_override": {"words": ["みかさ"], "by": "emi", "at": "2026-01-06T10:00:00+09:00"},
    }
    assert description(chat([turn]), "en") == "Shiritori: みかさ"


def test_a_conversation_is_described_by_its_first_turn_on_one_line():
    turns = [
        {"index": 1, "speaker": "user", "text": "炊飯器の\n\n  使い方を\t教えて", "played": []},
        {"index": 2, "speaker": "model", "text": "はい。"},
    ]
    assert description(chat(turns, experiment="conversation"), "en") == "炊飯器の 使い方を 教えて"


def test_a_batch_is_described_by_how_often_each_word_came_first(tmp_path):
    doc = loaded(next((REPO / "logs").glob("claude-natural-imprecise-*.yaml")), tmp_path)
    assert description(doc, "en") == "50 trials · first words: みかん 30, りんご 11, りす 9"
    assert description(doc, "ja") == "50 試行 · 最初の語: みかん 30, りんご 11, りす 9"


def test_a_long_description_is_cut_at_a_space_with_an_ellipsis():
    text = " ".join(["word"] * 100)
    cut = clipped(text, 50)
    assert len(cut) <= 50 and cut.endswith("word…")
    assert clipped("短い", 50) == "短い"
    assert clipped("あ" * 80, 50) == "あ" * 49 + "…"


def test_the_annotated_fixture_reads_as_its_chain(tmp_path):
    doc = loaded(SITE_DATA / "annotated_chat.yaml", tmp_path)
    assert description(doc, "en").startswith("Shiritori: うみ → みかん")
