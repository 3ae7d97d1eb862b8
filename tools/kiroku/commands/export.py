"""`kiroku export`: the archive as tidy tables (Parquet, CSV or JSON Lines) with a dataset card."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kiroku.errors import KirokuError
from kiroku.project import Project

FORMATS = ("parquet", "csv", "jsonl")
EXPERIMENTS = ("shiritori", "conversation")


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-04-20") from None


@click.command("export")
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="parquet",
    show_default=True,
    help="File format of the tables.",
)
@click.option(
    "--experiment",
    multiple=True,
    type=click.Choice(EXPERIMENTS),
    help="Only logs of this experiment (repeatable).",
)
@click.option(
    "--model",
    multiple=True,
    metavar="TEXT",
    help="Only logs whose model name or id contains TEXT, ignoring case (repeatable).",
)
@click.option("--log", "logs", multiple=True, metavar="ID", help="Only this log (repeatable).")
@click.option(
    "--since",
    callback=_day,
    metavar="DATE",
    help="Only logs recorded on DATE (2026-04-20) or later; undated logs are left out.",
)
@click.option(
    "--site-url",
    metavar="URL",
    help="Public address of the site, for the permanent URLs (default: mkdocs.yml).",
)
@click.pass_obj
def command(
    project: Project,
    out_dir: Path,
    fmt: str,
    experiment: tuple[str, ...],
    model: tuple[str, ...],
    logs: tuple[str, ...],
    since: date | None,
    site_url: str | None,
) -> None:
    """Write the archive into OUT_DIR as tables that join: logs, units, annotations,
    conditions and the study's figures, with a dataset card (README.md) and the licences.

    Reads one log at a time. OUT_DIR is replaced only by a complete export, and only if it is
    empty or holds an earlier export.
    """
    from kiroku.dataset.export import export_archive
    from kiroku.dataset.selection import LogFilter
    from kiroku.site.build import CONFIG_NAME
    from kiroku.site.cite import configured_site_url

    selection = LogFilter(experiment, model, logs, since)
    base = site_url or configured_site_url(project.root / CONFIG_NAME)
    result = export_archive(project, out_dir, fmt, selection, base)
    if not result.logs:
        click.echo("export: no log matches; the tables are empty", err=True)
    for name, count in result.rows.items():
        click.echo(f"{name}.{fmt}  {count:,} row(s)")
    click.echo(f"export: {len(result.logs)} log(s) into {out_dir}/ (see {out_dir}/README.md)")


__all__ = ["KirokuError", "command"]
