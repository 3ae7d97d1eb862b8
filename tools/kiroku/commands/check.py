"""`kiroku check`: validate every log against the schema, its archived source and the taxonomy."""

from __future__ import annotations

import sys

import click

from kiroku.project import Project


@click.command("check")
@click.pass_obj
def command(project: Project) -> None:
    """Validate logs/: schema, source checksums, re-parse, ids and label ids. Exit 1 on problems."""
    from kiroku.check import check_project

    problems = check_project(project)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    count = sum(1 for _ in project.log_paths())
    if problems:
        click.echo(f"check: {len(problems)} problem(s) in {count} log(s)", err=True)
        sys.exit(1)
    click.echo(f"check: {count} log(s) OK")
