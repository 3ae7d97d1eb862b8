"""The synthetic archive is seeded, stable as it grows, realistic, and importable."""

from __future__ import annotations

import re

from kiroku import storage
from kiroku.bench.synth import SynthSpec, big_chat, synth_documents, write_archive
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog

KANJI = re.compile(r"[\u4e00-\u9fff]")
EMOJI = re.compile(r"[\U0001f300-\U0001faff\u2728]")


def test_same_seed_same_archive_and_document_n_does_not_depend_on_size() -> None:
    small = [doc for doc, _ in synth_documents(SynthSpec(8))]
    large = [doc for doc, _ in synth_documents(SynthSpec(16))]
    assert small == large[:8]
    other_seed = [doc for doc, _ in synth_documents(SynthSpec(8, seed=1))]
    assert other_seed != small


def test_turns_are_20_to_200_characters_of_japanese_with_emoji() -> None:
    docs = [doc for doc, _ in synth_documents(SynthSpec(30))]
    chats = [doc for doc in docs if isinstance(doc, ChatLog)]
    assert chats and any(isinstance(doc, BatchLog) for doc in docs)
    texts = [turn.text for doc in chats for turn in doc.units()]
    assert all(20 <= len(text) <= 200 for text in texts)
    assert sum(bool(KANJI.search(text)) for text in texts) > len(texts) / 2
    assert any(EMOJI.search(text) for text in texts)


def test_written_archive_loads_and_batches_match_their_raw_files(project: Project) -> None:
    paths = write_archive(project, SynthSpec(12, units=5))
    assert len(paths) == 12
    for path in paths:
        doc = storage.load(path).doc
        raw = project.absolute(doc.source.path)
        assert storage.sha256_file(raw) == doc.source.sha256


def test_big_chat_numbers_its_turns_in_one_session() -> None:
    doc = big_chat(250)
    assert len(doc.sessions) == 1
    assert [turn.index for turn in doc.units()] == list(range(1, 251))
