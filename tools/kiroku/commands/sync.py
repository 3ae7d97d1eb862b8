"""`kiroku sync`: re-parse every archived source into its log, keeping annotations."""

from __future__ import annotations

from pathlib import Path

import click

from kiroku.project import Project


@click.command("sync")
@click.option("--force", is_flag=True, help="Drop annotations of turns that changed in the source.")
@click.pass_obj
def command(project: Project, force: bool) -> None:
    """Re-parse archive/ into logs/ (after an importer improved); idempotent.

    A source whose raw file, sidecar, importer code and logs are those the last sync left
    in agreement is not parsed again (the proofs are kept in .kiroku/proofs/)."""
    from kiroku.sync_logs import sync_project

    def report(status: str, path: Path) -> None:
        click.echo(f"{status:<10}{project.relative(path)}")

    result = sync_project(project, force=force, report=report)
    reused = f", {result.reused} of {result.sources} source(s) unchanged" if result.reused else ""
    click.echo(f"sync: {len(result.changed)} log(s) changed{reused}")
