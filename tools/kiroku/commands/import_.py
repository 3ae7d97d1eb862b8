"""`kiroku import`: archive raw files unchanged and write their logs."""

from __future__ import annotations

from pathlib import Path

import click

from kiroku import importers
from kiroku.ingest import apply, plan_import
from kiroku.project import Project


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "format_name",
    type=click.Choice([i.name for i in importers.IMPORTERS]),
    help="Raw format (default: detected from the name and content).",
)
@click.option("--into", help="Sub-folder of archive/ to copy the raw files into.")
@click.option(
    "--reimport", is_flag=True, help="Update logs that have annotations, carrying them over."
)
@click.option("--force", is_flag=True, help="With --reimport: drop annotations of changed turns.")
@click.option("--dry-run", is_flag=True, help="Parse and report; write nothing.")
@click.pass_obj
def command(
    project: Project,
    paths: tuple[Path, ...],
    format_name: str | None,
    into: str | None,
    reimport: bool,
    force: bool,
    dry_run: bool,
) -> None:
    """Archive PATHS unchanged in archive/ and parse each into logs/<id>.yaml.

    Every file is parsed before anything is written: on any error nothing changes.
    """
    plan = plan_import(project, list(paths), format_name, into, reimport, force)
    for copy in plan.copies:
        click.echo(f"archive  {project.relative(copy.destination)}")
    for planned in plan.logs:
        extra = f" (annotations carried on {planned.carried})" if planned.carried else ""
        units = len(planned.doc.units())
        click.echo(f"{planned.status:9}{project.relative(planned.path)}  {units} units{extra}")
    if dry_run:
        click.echo("dry run: nothing written")
        return
    apply(plan)
