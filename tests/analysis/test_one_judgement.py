"""The site, the terminal app and `kiroku stats` show exactly what the analysis decided, turn by turn."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.analysis.stats import label_counts
from kiroku.analysis.suggest import analyse, annotate
from kiroku.importers import markdown_chat
from kiroku.schema import ChatLog, PlayedOverride
from kiroku.site.chat_page import chain
from kiroku.site.fragments import PageContext, played_list
from kiroku.tui.data import units
from testkit import DATA, REPO, raw_input

NOW = datetime(2026, 12, 1, tzinfo=UTC)
SHAPES = sorted((DATA / "analysis" / "shapes").glob("*.md"))
LOGS = [
    *SHAPES,
    DATA / "analysis" / "chat-with-every-rule-break.yaml",
    *sorted((REPO / "archive" / "examples").glob("*shiritori*.md")),
]
MOVE_BREAKS = frozenset({"ends-in-n", "chain-broken", "word-repeated"})
_WORD = re.compile(r'<span class="kiroku-word"[^>]*>(?:<ruby>)?([^<]+)')


def analysed(path: Path, tmp_path: Path | None = None) -> ChatLog:
    if path.suffix == ".yaml":
        assert tmp_path is not None  # loading writes a cache beside the file: load a copy
        (tmp_path / "logs").mkdir(exist_ok=True)
        doc = storage.load(Path(shutil.copy(path, tmp_path / "logs" / path.name))).doc
    else:
        [doc] = markdown_chat.parse(raw_input(path))
    result = annotate(doc, NOW)
    assert isinstance(result, ChatLog)
    return result


@pytest.mark.parametrize("path", LOGS, ids=[p.stem for p in LOGS])
def test_every_face_agrees_with_the_analysis_on_every_turn(path: Path, tmp_path: Path) -> None:
    doc = analysed(path, tmp_path)
    ctx = PageContext("en", f"logs/{doc.id}/")
    decided = {a.reading.anchor: a for a in analyse(doc)}
    for session in doc.sessions:
        strip = chain(session, ctx)
        for turn in session.turns:
            truth = decided[f"s{session.index}-t{turn.index}"]
            words = [w.surface for w in truth.reading.words]
            breaks = {f.rule for f in truth.findings} & MOVE_BREAKS
            site = played_list(turn, ctx)
            assert _WORD.findall(site) == words, turn.text
            assert ("kiroku-break" in site) == bool(breaks), turn.text
            assert units.played_words(turn) == words
            assert units.is_rule_break(turn, MOVE_BREAKS) == bool(breaks)
            for word in words:
                assert f"#s{session.index}-t{turn.index}" in strip and word in strip
    expected: dict[str, int] = {}
    for analysis in decided.values():
        for finding in analysis.findings:
            expected[finding.rule] = expected.get(finding.rule, 0) + 1
    assert {c.label: c.suggested for c in label_counts([doc]) if c.suggested} == expected


def test_a_correction_after_mikan_is_no_rule_break_on_any_face() -> None:
    doc = analysed(DATA / "analysis" / "shapes" / "claude-after-the-loss.md")
    turn = doc.turn(1, 10)  # こうばん, a loss: add a correction as the fixed-prompt outputs do
    turn.played_override = PlayedOverride(words=["こうばん", "こうえん"], by="emi", at=NOW)
    again = annotate(doc, NOW)
    turn = again.turn(1, 10)
    site = played_list(turn, PageContext("en", "logs/x/"))
    assert site.count("kiroku-break") == 1  # the move こうばん, not the correction
    assert units.played_words(turn) == ["こうばん", "こうえん"]
