"""`kiroku bench` prints one table row per figure with its same-run reference and target."""

from __future__ import annotations

import os

from kiroku.bench.figures import Figure, cheaper, faster, render_table


def test_a_small_import_bench_prints_its_table(kiroku) -> None:
    result = kiroku("bench", "--only", "import", "--sizes", "3")
    assert result.exit_code in (0, 1)
    assert "| figure" in result.output
    assert "import: parse + validate, 3 batches, 150 trials" in result.output
    assert "turns/s ruamel dump" in result.output
    assert ("every target met" in result.output) == (result.exit_code == 0)


def test_bad_sizes_are_refused(kiroku) -> None:
    result = kiroku("bench", "--sizes", "ten")
    assert result.exit_code == 2
    assert "expected numbers like 100,1000" in result.stderr


def test_verdicts_follow_the_targets() -> None:
    assert faster("t", 300, "turns/s", 100, "dump", 3).passed
    assert not faster("t", 299, "turns/s", 100, "dump", 3).passed
    assert cheaper("s", 0.02, 1.0, "dump", 1 / 40).passed
    assert not cheaper("s", 0.03, 1.0, "dump", 1 / 40).passed
    table = render_table([cheaper("save", 0.02, 1.0, "dump", 1 / 40), Figure("load", 1.5, "s")])
    assert "| save" in table and "1/50" in table and "≤1/40" in table and "pass" in table
    assert "1.50 s" in table


def test_fresh_processes_of_the_bench_keep_their_compiled_modules(monkeypatch) -> None:
    """As a user's Python does: a sandbox's PYTHONDONTWRITEBYTECODE would make every step of
    `make site` the bench runs compile Kiroku again."""
    from kiroku.bench.figures import user_environment

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = user_environment()
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["DISABLE_MKDOCS_2_WARNING"] == "true"
    assert env["PATH"] == os.environ["PATH"]
