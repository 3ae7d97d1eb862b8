"""`kiroku analyse`: write played words and rule suggestions into every log."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from kiroku.project import Project


@click.command("analyse")
@click.option("--dry-run", is_flag=True, help="Report what would change, write nothing.")
@click.pass_obj
def command(project: Project, dry_run: bool) -> None:
    """Find the played words and rule breaks of every shiritori log, and what the replies of
    every conversation repeat; human labels stay untouched.

    Suggestions go to `suggestions` (by `rule:<name>`), never to `labels`; one a person
    dismissed stays dismissed. Running it again changes no file.
    """
    from kiroku import storage
    from kiroku.analysis.suggest import annotate
    from kiroku.schema import to_data

    now = datetime.now(UTC).replace(microsecond=0)
    loaded = [storage.load(path) for path in project.log_paths()]
    changed = []
    for item in loaded:
        new = annotate(item.doc, now)
        if to_data(new) != to_data(item.doc):
            changed.append((item, new))
    for item, new in changed:
        suggestions = sum(len(unit.suggestions) for unit in new.units())
        click.echo(
            f"{'would update' if dry_run else 'updated'}  {project.relative(item.path)} "
            f"({suggestions} suggestion(s))"
        )
        if not dry_run:
            storage.save(new, item.path, expect_sha256=item.sha256)
    verb = "would change" if dry_run else "changed"
    click.echo(f"analyse: {len(changed)} of {len(loaded)} log(s) {verb}")
