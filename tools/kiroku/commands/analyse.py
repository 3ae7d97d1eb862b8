"""`kiroku analyse`: write played words and rule suggestions into every log."""

from __future__ import annotations

from pathlib import Path

import click

from kiroku.project import Project


@click.command("analyse")
@click.option("--dry-run", is_flag=True, help="Report what would change, write nothing.")
@click.pass_obj
def command(project: Project, dry_run: bool) -> None:
    """Find the played words and rule breaks of every shiritori log, and what the replies of
    every conversation repeat; human labels stay untouched.

    Suggestions go to `suggestions` (by `rule:<name>`), never to `labels`; one a person
    dismissed stays dismissed. Running it again changes no file, and reads no log this
    analysis version has already analysed as it is (the proofs are kept in .kiroku/proofs/).
    """
    from kiroku.analyse_logs import analyse_project

    def report(path: Path, suggestions: int) -> None:
        click.echo(
            f"{'would update' if dry_run else 'updated'}  {project.relative(path)} "
            f"({suggestions} suggestion(s))"
        )

    result = analyse_project(project, dry_run=dry_run, report=report)
    verb = "would change" if dry_run else "changed"
    reused = f", {result.reused} already analysed" if result.reused else ""
    click.echo(f"analyse: {len(result.changed)} of {result.logs} log(s) {verb}{reused}")
