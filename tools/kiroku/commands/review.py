"""`kiroku review`: accept or dismiss one rule's suggestions, or mark units reviewed, in bulk."""

from __future__ import annotations

import click

from kiroku.errors import KirokuError
from kiroku.project import Project


@click.command("review")
@click.argument("log_id")
@click.argument("units", nargs=-1)
@click.option("--accept", "accept", metavar="LABEL", help="Accept every open LABEL suggestion.")
@click.option("--dismiss", "dismiss", metavar="LABEL", help="Dismiss every open LABEL suggestion.")
@click.option("--reviewed", is_flag=True, help="Mark the units reviewed (read through, done).")
@click.option("--session", type=int, metavar="N", help="Only the turns of session N.")
@click.option("--who", help="Your name, recorded on every change (default: $KIROKU_USER or login).")
@click.pass_obj
def command(
    project: Project,
    log_id: str,
    units: tuple[str, ...],
    accept: str | None,
    dismiss: str | None,
    reviewed: bool,
    session: int | None,
    who: str | None,
) -> None:
    """Review LOG_ID: over UNITS (`s1-t3 s1-t4`, `trial-7`), or session N, or the whole log.

    `--accept ends-in-n` turns each open ends-in-n suggestion into your label; `--dismiss`
    records that you turned them down; `--reviewed` marks the units reviewed, which counts
    them as done in the annotator's progress. Example:
    `kiroku review claude-shiritori-2025-10-28 --accept ends-in-n --session 1`
    """
    from kiroku.annotations import edits
    from kiroku.annotations.scripted import OpenLog
    from kiroku.annotations.who import annotator_name, local_now

    if not (accept or dismiss or reviewed):
        raise KirokuError("say what to do: --accept LABEL, --dismiss LABEL or --reviewed")
    if accept and dismiss and accept == dismiss:
        raise KirokuError(f"cannot both accept and dismiss {accept!r}")
    log = OpenLog.open(project, log_id)
    positions = log.positions(units, session)
    name, at = annotator_name(who), local_now()
    for rule, decision in ((accept, "accept"), (dismiss, "dismiss")):
        if rule is None:
            continue
        if decision == "accept":
            log.check_labels([rule])
        touched = log.describe(log.editor.decide_all(rule, positions, decision, name, at))
        verb = "accepted" if decision == "accept" else "dismissed"
        click.echo(f"{verb} {rule} on {len(touched)} unit(s)" + _listed(touched))
    if reviewed:
        change = log.editor.edit(
            positions, lambda state: edits.mark_reviewed(state, name, at), "review"
        )
        touched = log.describe(change)
        click.echo(f"marked {len(touched)} unit(s) reviewed" + _listed(touched))
    log.save()


def _listed(anchors: list[str]) -> str:
    shown = ", ".join(anchors[:10]) + (", …" if len(anchors) > 10 else "")
    return f": {shown}" if anchors else ""
