"""`kiroku translate` and `kiroku note`: a new version of a unit's English translation or note."""

from __future__ import annotations

import sys

import click

from kiroku.project import Project


def _text_command(name: str, field: str, what: str) -> click.Command:
    @click.command(name)
    @click.argument("log_id")
    @click.argument("unit")
    @click.argument("text")
    @click.option(
        "--who", help="Your name, recorded with the text (default: $KIROKU_USER or login)."
    )
    @click.pass_obj
    def text_command(project: Project, log_id: str, unit: str, text: str, who: str | None) -> None:
        from kiroku.annotations import edits
        from kiroku.annotations.scripted import OpenLog
        from kiroku.annotations.who import annotator_name, local_now

        if text == "-":
            text = sys.stdin.read()
        log = OpenLog.open(project, log_id)
        [position] = log.positions([unit])
        state = log.editor.state(position)
        after = edits.revise_text(state, field, text, annotator_name(who), local_now())  # type: ignore[arg-type]
        done = log.editor.change(position, after, name)
        click.echo(f"{unit}: {what} " + ("saved" if done else "unchanged"))
        log.save()

    text_command.help = (
        f"Set the {what} of UNIT (`s1-t8`, `trial-3`) in LOG_ID to TEXT (`-` reads it from "
        f"standard input; an empty TEXT removes it). The version it replaces is kept with its "
        f"author and date."
    )
    return text_command


command = _text_command("translate", "translation_en", "English translation")
