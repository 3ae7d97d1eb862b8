"""The tables page at archive scale: a long table shows its first rows, the downloads all."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from kiroku.site.fragments import PageContext
from kiroku.site.tables_page import SHOWN_ROWS, Column, Table, table_section
from kiroku.site.urls import TABLES


def batches(n: int) -> Table:
    """A table with a row per batch, as the study's tables have at archive scale."""
    columns = (
        Column("log_id", "Log", "ログ"),
        Column("rate", "Rate", "割合", shown_as=lambda value: f"{float(value or 0):.0%}"),
    )
    rows = [{"log_id": f"batch-{i:05d}", "rate": i / n} for i in range(n)]
    return Table("batches", "Batches", "バッチ", columns, rows, chart=("log_id", "rate"))


def shown_logs(section: str) -> list[str]:
    return re.findall(r"<td[^>]*>(batch-\d{5})</td>", section)


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "The first 100 of 10,000 rows are shown; every row is in the downloads above."),
        (
            "ja",
            "全10,000行のうち最初の100行を表示しています。すべての行は上のダウンロードにあります。",
        ),
    ],
)
def test_a_long_table_shows_its_first_rows_and_says_where_the_rest_are(lang, note) -> None:
    table = batches(10_000)
    section = table_section(table, PageContext(lang, "tables/" if lang == "en" else "ja/tables/"))
    assert shown_logs(section) == [f"batch-{i:05d}" for i in range(SHOWN_ROWS)]
    assert section.count("<rect") == SHOWN_ROWS, "the chart draws the rows shown"
    assert note in section
    assert len(section) < 200_000, "a page a browser opens at once, whatever the archive"
    files = table.downloads()
    rows = list(csv.DictReader(io.StringIO(files[f"{TABLES}batches.csv"].decode("utf-8"))))
    assert [row["log_id"] for row in rows] == [f"batch-{i:05d}" for i in range(10_000)]
    assert len(json.loads(files[f"{TABLES}batches.json"])["rows"]) == 10_000


def test_a_table_that_fits_shows_every_row_and_no_note() -> None:
    table = batches(SHOWN_ROWS)
    section = table_section(table, PageContext("en", "tables/"))
    assert len(shown_logs(section)) == SHOWN_ROWS
    assert "rows are shown" not in section
