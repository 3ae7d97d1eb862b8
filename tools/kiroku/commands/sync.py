"""`kiroku sync`: re-parse every archived source into its log, keeping annotations."""

from __future__ import annotations

import click

from kiroku.project import Project


@click.command("sync")
@click.option("--force", is_flag=True, help="Drop annotations of turns that changed in the source.")
@click.pass_obj
def command(project: Project, force: bool) -> None:
    """Re-parse archive/ into logs/ (after an importer improved); idempotent."""
    from kiroku import storage
    from kiroku.export_items import id_book, logged_from
    from kiroku.ingest import apply, plan_import, sources_of_logs

    changed = 0
    docs = [storage.load(path).doc for path in project.log_paths()]
    book = id_book(docs)
    for source, format_name in sources_of_logs(project, docs).items():
        select = logged_from(docs, project.relative(source))
        plan = plan_import(
            project, [source], format_name, reimport=True, force=force, select=select, book=book
        )
        apply(plan)
        for planned in plan.logs:
            if planned.status != "unchanged":
                changed += 1
                click.echo(f"{planned.status:<10}{project.relative(planned.path)}")
    click.echo(f"sync: {changed} log(s) changed")
