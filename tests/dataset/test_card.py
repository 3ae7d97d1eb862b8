"""The dataset card: every column in the files is described, and its loading snippets run."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from testkit import RealArchive

FORMATS = ["parquet", "csv", "jsonl"]


def card_columns(card: str) -> dict[str, list[str]]:
    """File name → the columns the card lists for it, in order."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in card.splitlines():
        heading = re.match(r"^### `([^`]+)`$", line)
        if heading:
            current = tables.setdefault(heading.group(1), [])
        elif current is not None and (row := re.match(r"^\| `([^`]+)` \|", line)):
            current.append(row.group(1))
    return tables


def file_columns(path: Path) -> list[str] | None:
    if path.suffix == ".parquet":
        return pq.read_schema(path).names
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as stream:
            return next(csv.reader(stream))
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return list(json.loads(first)) if first else None


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_card_lists_every_column_of_every_file(real_archive: RealArchive, fmt: str) -> None:
    folder = real_archive.export(fmt)
    listed = card_columns((folder / "README.md").read_text(encoding="utf-8"))
    files = sorted(p.name for p in folder.glob(f"*.{fmt}"))
    assert sorted(listed) == files
    for name in files:
        columns = file_columns(folder / name)
        if columns is not None:  # an empty JSON Lines table has no line to read columns from
            assert listed[name] == columns, name


def test_the_card_states_licences_and_provenance(real_archive: RealArchive) -> None:
    card = (real_archive.export("parquet") / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n# Written by `kiroku export`")
    assert "\nlicense: mit\n" in card
    assert "for the 3 logs from `archive/mikan-phenomenon/` (Copyright (c) 2026 Emi)" in card
    assert "for the 3 logs from the project (its own LICENSE)" in card
    assert "`licences/archive/mikan-phenomenon/SOURCE.md`" in card
    assert "`emi-8/mikan-phenomenon` (folder `data/`, commit f2d2071" in card
    assert "- Kiroku 0.1.0; " in card
    assert "the archive is not in a git repository" in card  # a copy in a temporary folder


def snippets(card: str) -> dict[str, str]:
    blocks = re.findall(r"\*\*([^*]+)\*\*\n\n```python\n(.*?)```", card, re.S)
    return {title.split()[0].strip("`").lower(): code for title, code in blocks}


def counts_printed(output: str) -> dict[str, tuple[int, int]]:
    """The (みかん, outputs) pair printed on the line of each condition."""
    found = {}
    for line in output.splitlines():
        numbers = [int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", line)]
        for key in ("imprecise", "precise", "fixed"):
            if key in line and len(numbers) >= 2:
                found[key] = (numbers[-2], numbers[-1])
                break
    return found


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("library", ["pandas", "polars", "duckdb"])
def test_the_cards_snippets_print_the_mikan_counts(
    real_archive: RealArchive, fmt: str, library: str
) -> None:
    folder = real_archive.export(fmt)
    code = snippets((folder / "README.md").read_text(encoding="utf-8"))[library]
    output = io.StringIO()
    here = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(output):
            exec(compile(code, f"README.md ({library})", "exec"), {})
    finally:
        os.chdir(here)
    assert counts_printed(output.getvalue()) == {
        "fixed": (50, 50),
        "imprecise": (30, 50),
        "precise": (50, 50),
    }


def test_the_card_offers_hugging_face_datasets_the_same_files(real_archive: RealArchive) -> None:
    card = (real_archive.export("jsonl") / "README.md").read_text(encoding="utf-8")
    code = snippets(card)["hugging"]
    assert 'load_dataset("json", data_files="units.jsonl", split="train")' in code
    assert "- config_name: units\n  data_files: units.jsonl\n  default: true\n" in card
