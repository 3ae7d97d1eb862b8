"""The site figures' checks: which logs a search for みかん finds, and each language's index size."""

from __future__ import annotations

import json
from pathlib import Path

from kiroku.bench.site_figures import index_sizes, logs_found_by, note_at, target_at

SEPARATOR = r"[\s\-、。「」]+"


def write_index(site: Path, prefix: str, docs: list[dict[str, str]]) -> None:
    path = site / prefix / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    index = {"config": {"separator": SEPARATOR}, "docs": docs}
    path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")


def test_a_log_is_found_by_a_term_starting_with_the_word_in_its_page_or_sections(
    tmp_path: Path,
) -> None:
    write_index(
        tmp_path,
        "",
        [
            {"location": "logs/whole/", "title": "Game", "text": "<p>りんご みかん</p>"},
            {"location": "logs/prefix/", "title": "Game", "text": "<p>「みかん箱」</p>"},
            {"location": "logs/inside/", "title": "Game", "text": "<p>あおみかん</p>"},
            {"location": "logs/anchor/#s1-t2", "title": "Turn", "text": "みかん"},
            {"location": "logs/", "title": "Logs", "text": "みかん"},
        ],
    )
    write_index(tmp_path, "ja", [{"location": "logs/whole/", "title": "対局", "text": "みかん"}])

    found = logs_found_by(tmp_path, "みかん")

    assert found == {"en": {"whole", "prefix", "anchor"}, "ja": {"whole"}}


def test_index_sizes_are_per_language(tmp_path: Path) -> None:
    write_index(tmp_path, "", [])
    write_index(tmp_path, "ja", [{"location": "logs/x/", "title": "t", "text": "みかん"}])

    sizes = index_sizes(tmp_path)

    assert set(sizes) == {"en", "ja"}
    assert sizes["ja"] > sizes["en"] > 0


def test_the_targets_stated_at_a_thousand_logs_are_not_judged_on_smaller_archives() -> None:
    """At 100 logs starting MkDocs outweighs the pages: the ratio is shown, not judged."""
    assert target_at(0.1, 1000) == 0.1
    assert target_at(0.1, 3000) == 0.1
    assert target_at(0.1, 100) is None
    assert "target is at 1,000 logs" in note_at("CPU time", 100)
    assert note_at("CPU time", 1000) == "CPU time"
