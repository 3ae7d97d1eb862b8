"""`kiroku label`: switch labels on or off on one turn or trial, as a script would."""

from __future__ import annotations

import click

from kiroku.errors import KirokuError
from kiroku.project import Project


@click.command(
    "label",
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]},
)
@click.argument("log_id")
@click.argument("unit")
@click.argument("changes", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--who", help="Your name, recorded on every change (default: $KIROKU_USER or login).")
@click.pass_obj
def command(
    project: Project, log_id: str, unit: str, changes: tuple[str, ...], who: str | None
) -> None:
    """Put labels on UNIT of LOG_ID (`+ends-in-n`) or take them off (`-ends-in-n`).

    UNIT is a turn (`s1-t8`) or a trial (`trial-3`). A label switched off stays recorded
    under `removed_labels` with who removed it and when. Example:
    `kiroku label claude-shiritori-2025-10-28 s1-t8 +ends-in-n -mikan`
    """
    from kiroku.annotations import edits
    from kiroku.annotations.scripted import OpenLog
    from kiroku.annotations.who import annotator_name, local_now

    wanted: list[tuple[bool, str]] = []
    for change in changes:
        if change[:1] not in ("+", "-") or len(change) < 2:
            raise KirokuError(f"{change!r}: write +LABEL to add a label or -LABEL to remove it")
        wanted.append((change[0] == "+", change[1:]))
    log = OpenLog.open(project, log_id)
    log.check_labels(label for on, label in wanted if on)
    [position] = log.positions([unit])
    name, at = annotator_name(who), local_now()
    for on, label in wanted:
        operation = edits.label_on if on else edits.label_off
        state = log.editor.state(position)
        done = log.editor.change(position, operation(state, label, name, at), "label")
        sign = "+" if on else "-"
        click.echo(f"{unit}: {sign}{label}" + ("" if done else " (already so)"))
    log.save()
