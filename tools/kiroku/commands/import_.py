"""`kiroku import`: archive raw files unchanged and write their logs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kiroku.errors import KirokuError
from kiroku.project import Project

if TYPE_CHECKING:
    from kiroku.ingest import LogSummary


class FormatChoice(click.Choice):  # type: ignore[type-arg]
    """The importers' names, looked up only when a value is checked or the help is shown:
    every command starts faster when the importers (and their parsers) are not loaded."""

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        from kiroku import importers

        return tuple(importer.name for importer in importers.IMPORTERS)

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        """Click sets the choices it was given (none): the property above is the truth."""


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "format_name",
    type=FormatChoice(),
    help="Raw format (default: detected from the name and content).",
)
@click.option("--into", help="Sub-folder of archive/ to copy the raw files into.")
@click.option(
    "--reimport", is_flag=True, help="Update logs that have annotations, carrying them over."
)
@click.option("--force", is_flag=True, help="With --reimport: drop annotations of changed turns.")
@click.option("--dry-run", is_flag=True, help="Parse and report; write nothing.")
@click.option(
    "--select",
    "selects",
    multiple=True,
    metavar="FILTER",
    help="Only some conversations of an export: `title=TEXT` (or just TEXT), `id=CONVERSATION`, "
    "`date=2026-04-01..2026-04-30`; repeatable (all kinds given must match).",
)
@click.option(
    "--speakers",
    metavar="NAME=SIDE,...",
    help="Speaker names of a pasted transcript, e.g. `Emi=user,Bot=model` "
    "(kept as a sidecar in archive/).",
)
@click.pass_obj
def command(
    project: Project,
    paths: tuple[Path, ...],
    format_name: str | None,
    into: str | None,
    reimport: bool,
    force: bool,
    dry_run: bool,
    selects: tuple[str, ...],
    speakers: str | None,
) -> None:
    """Archive PATHS unchanged in archive/ and parse each into logs/<id>.yaml.

    Every file is parsed before anything is written: on any error nothing changes.
    """
    from kiroku.export_items import parse_selection
    from kiroku.importers.pasted_transcript import parse_speakers_option
    from kiroku.ingest import apply, plan_import

    selection = parse_selection(selects)
    settings = {"speakers": parse_speakers_option(speakers)} if speakers else None
    plan = plan_import(
        project, list(paths), format_name, into, reimport, force, selection, settings
    )
    if selection is not None and not plan.logs:
        raise KirokuError(f"no conversation matches --select ({len(plan.skipped)} left out)")
    for copy in plan.copies:
        click.echo(f"archive  {project.relative(copy.destination)}")
    for planned in plan.logs:
        extra = f" (annotations carried on {planned.carried})" if planned.carried else ""
        units = planned.summary.units
        click.echo(f"{planned.status:<10}{project.relative(planned.path)}  {units} units{extra}")
        if planned.summary.item is not None:
            click.echo(f"         {conversation_line(planned.summary)}")
    for summary in plan.skipped:
        click.echo(f"skip     {conversation_line(summary)}")
    if dry_run:
        click.echo("dry run: nothing written")
        return
    apply(plan)


def conversation_line(summary: LogSummary) -> str:
    """A conversation of an export as the listing shows it: id, date, title."""
    return f"[{summary.item}] {summary.date or '----------'}  {summary.title}"
