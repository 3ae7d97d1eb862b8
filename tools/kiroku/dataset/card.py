"""The dataset card (`README.md` of an export): tables, columns, licences, provenance, loading."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiroku.dataset.tables import JSON_TEXT, TABLES, TableSpec

if TYPE_CHECKING:
    from kiroku.dataset.export import ExportResult, Provenance
    from kiroku.dataset.licences import Licence

MARK = "# Written by `kiroku export`: the next export into this folder replaces it."
"""A comment in the card's front matter telling an export folder from a person's files."""

FIGURE_SQL = """SELECT c.name_en AS condition,
       count(*) FILTER (WHERE u.reading = 'みかん') AS mikan,
       count(*) AS outputs
FROM {units} AS u
JOIN {conditions} AS c USING (log_id)
GROUP BY condition
ORDER BY condition"""
"""The worked example: outputs whose first played word reads みかん, per batch condition."""

_READERS = {
    "parquet": {
        "pandas": 'pd.read_parquet("{name}.parquet")',
        "polars": 'pl.read_parquet("{name}.parquet")',
        "duckdb": "'{name}.parquet'",
        "datasets": "parquet",
    },
    "csv": {
        "pandas": 'pd.read_csv("{name}.csv")',
        "polars": 'pl.read_csv("{name}.csv", try_parse_dates=True)',
        "duckdb": "read_csv('{name}.csv', allow_quoted_nulls = false)",
        "datasets": "csv",
    },
    "jsonl": {
        "pandas": 'pd.read_json("{name}.jsonl", lines=True, dtype=False)',
        "polars": 'pl.read_ndjson("{name}.jsonl", infer_schema_length=None)',
        "duckdb": "read_json('{name}.jsonl')",
        "datasets": "json",
    },
}


def figure_sql(fmt: str, prefix: str = "") -> str:
    """The worked example's query over the files of an export in `fmt` (under `prefix`)."""
    reader = _READERS[fmt]["duckdb"]
    return FIGURE_SQL.format(
        units=reader.format(name=prefix + "units"),
        conditions=reader.format(name=prefix + "conditions"),
    )


def loading_snippets(fmt: str) -> dict[str, str]:
    """Python code that loads the export and prints the みかん count per condition, per library."""
    read = _READERS[fmt]
    sql = "\n".join("    " + line for line in figure_sql(fmt).splitlines())
    return {
        "pandas": (
            "import pandas as pd\n\n"
            f"units = {read['pandas'].format(name='units')}\n"
            f"conditions = {read['pandas'].format(name='conditions')}\n"
            'trials = units.merge(conditions, on="log_id")\n'
            'trials["mikan"] = trials["reading"] == "みかん"\n'
            'print(trials.groupby("name_en")["mikan"].agg(["sum", "size"]))'
        ),
        "polars": (
            "import polars as pl\n\n"
            f"units = {read['polars'].format(name='units')}\n"
            f"conditions = {read['polars'].format(name='conditions')}\n"
            "print(\n"
            '    units.join(conditions, on="log_id")\n'
            '    .group_by("name_en")\n'
            '    .agg((pl.col("reading") == "みかん").sum().alias("mikan"), pl.len().alias("outputs"))\n'
            '    .sort("name_en")\n'
            ")"
        ),
        "duckdb": f'import duckdb\n\nduckdb.sql("""\n{sql}\n""").show()',
        "datasets": (
            "from datasets import load_dataset\n\n"
            f'units = load_dataset("{read["datasets"]}", data_files="units.{fmt}", split="train")\n'
            "print(units)"
        ),
    }


def _front_matter(result: ExportResult, licences: list[Licence]) -> str:
    ids = {licence.spdx() for licence in licences}
    licence = ids.pop() if len(ids) == 1 else "other"
    lines = ["---", MARK, f"license: {licence}", "language:", "- ja", "- en"]
    lines += ["pretty_name: Kiroku archive export", "configs:"]
    for spec in TABLES:
        lines += [f"- config_name: {spec.name}", f"  data_files: {spec.name}.{result.fmt}"]
        if spec.name == "units":
            lines.append("  default: true")
    lines.append("---")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_section(spec: TableSpec, rows: int, fmt: str) -> str:
    key = ", ".join(f"`{name}`" for name in spec.key)
    lines = [
        f"### `{spec.name}.{fmt}`",
        "",
        f"{spec.row[0].upper()}{spec.row[1:]} ({rows:,} rows); key: {key}.",
        "",
        "| column | type | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{c.name}` | {c.type_name()} | {_cell(c.doc)} |" for c in spec.columns]
    return "\n".join(lines)


def _encoding(fmt: str) -> str:
    if fmt == "parquet":
        return (
            "Parquet (zstd), one file per table, with the column types below: dates as dates, "
            "times as UTC timestamps, lists as lists of strings. Each column's meaning is also "
            "in the file, as the field's `description` metadata. "
            "Columns of type string (JSON object) hold a JSON object as text."
        )
    if fmt == "csv":
        return (
            "CSV, UTF-8 without a byte order mark, one header row, `\\n` line ends. Every "
            'string is quoted; an empty unquoted field is null, while `""` is an empty '
            "string (pandas reads both as missing; pyarrow with "
            "`quoted_strings_can_be_null=False`, polars and DuckDB with "
            "`allow_quoted_nulls = false` keep them apart). Lists are JSON arrays "
            '(`["みかん","みかさ"]`), dates `2026-04-20`, times ISO 8601 in UTC '
            "(`2026-04-20T19:52:38.996037Z`), booleans `true`/`false`."
        )
    return (
        "JSON Lines, UTF-8: one object per line with every column, nulls as `null`, lists as "
        "arrays, dates `2026-04-20`, times ISO 8601 in UTC (`2026-04-20T19:52:38.996037Z`)."
    )


def _licences(result: ExportResult, licences: list[Licence], counts: dict[Path, int]) -> str:
    if not licences:
        return "No licence file was found beside the logs' raw files: ask the archive's owner."
    parts = [
        "Each log's data is under the licence nearest its raw file in the archive (column "
        "`licence_file` of `logs`). The licences and attributions are copied into this "
        "folder; keep them with any copy of the files."
    ]
    for licence in sorted(licences, key=lambda item: item.folder):
        where = f"`{licence.folder}/`" if licence.folder else "the project (its own LICENSE)"
        files = ", ".join(
            f"`{licence.export_folder}/{path.name}`"
            for path in (licence.path, *licence.attribution)
        )
        count = counts.get(licence.path, 0)
        text = [
            f"- **{licence.name}**, for the {count:,} log{'s' if count != 1 else ''} from {where}"
        ]
        if licence.copyright:
            text[0] += f" ({licence.copyright})"
        text[0] += f": {files}."
        summary = licence.summary()
        if summary:
            text.append(f"  > {summary}")
        parts.append("\n".join(text))
    return "\n\n".join(parts)


def _provenance(result: ExportResult, provenance: Provenance, site_url: str | None) -> str:
    if provenance.commit is None:
        commit = "the archive is not in a git repository"
    else:
        commit = f"archive at git commit `{provenance.commit}`"
        if provenance.uncommitted:
            commit += ", with uncommitted changes in `logs/` or `archive/`"
    options = " ".join((f"--format {result.fmt}", *provenance.options))
    chosen = ", ".join(provenance.options) if provenance.options else "the whole archive"
    lines = [
        f"- Kiroku {provenance.kiroku}; {commit}.",
        f"- Command: `kiroku export OUT_DIR {options}`"
        + (f" with the site URL {site_url}" if site_url else "")
        + f" ({chosen}).",
        "- Played words and rule suggestions are those `kiroku analyse` stored on each unit; "
        "labels, dismissals and corrections are people's, with who and when.",
        "- The `study_*` tables are the figures `kiroku stats` prints for these logs "
        "(computed by `kiroku.analysis.stats` from the outputs' text, never from a recorded "
        "`is_mikan`).",
        "- The same archive exported again gives the same bytes in every file.",
    ]
    return "\n".join(lines)


def dataset_card(
    result: ExportResult,
    licences: list[Licence],
    provenance: Provenance,
    site_url: str | None = None,
    counts: dict[Path, int] | None = None,
) -> str:
    """The card's markdown: what the export holds and how to use it, from the export itself."""
    fmt = result.fmt
    rows = result.rows
    json_columns = sorted(
        f"`{spec.name}.{c.name}`"
        for spec in TABLES
        for c in spec.columns
        if c.encoding == JSON_TEXT
    )
    snippets = loading_snippets(fmt)
    sections = [
        _front_matter(result, licences),
        "",
        f"# Kiroku archive: {rows.get('logs', 0):,} logs, {rows.get('units', 0):,} turns and trials",
        "",
        "An export of a Kiroku (記録) archive: raw chat transcripts and API trial batches of "
        "language-model experiments (the しりとり / mikan phenomenon study), with every label, "
        f"suggestion and correction and who made it, as tidy tables. It holds "
        f"{rows.get('annotations', 0):,} annotations and {rows.get('conditions', 0):,} batch "
        "conditions. Tables join on `log_id` (and `anchor` for a unit).",
        "",
        "## How it was produced",
        "",
        _provenance(result, provenance, site_url),
        "",
        "## Licences",
        "",
        _licences(result, licences, counts or {}),
        "",
        "## Loading",
        "",
        "Each snippet, run in this folder, counts per batch condition the outputs whose first "
        "played word reads みかん.",
        "",
    ]
    for library, title in (
        ("pandas", "pandas"),
        ("polars", "polars"),
        ("duckdb", "DuckDB (queries the files in place, without loading them)"),
        ("datasets", "Hugging Face `datasets`"),
    ):
        sections += [f"**{title}**", "", "```python", snippets[library], "```", ""]
    sections += [
        "The front matter of this card names each table as a configuration, so "
        '`load_dataset("path/to/this/folder", "annotations")` loads one table by name.',
        "",
        "## Tables and columns",
        "",
        _encoding(fmt)
        + (f" JSON text columns: {', '.join(json_columns)}." if json_columns else ""),
        "",
    ]
    sections += [table_section(spec, rows.get(spec.name, 0), fmt) + "\n" for spec in TABLES]
    return "\n".join(sections).rstrip("\n") + "\n"
