"""`kiroku played`: correct the words a turn or trial played, then check its game again."""

from __future__ import annotations

import click

from kiroku.errors import KirokuError
from kiroku.project import Project


@click.command("played")
@click.argument("log_id")
@click.argument("unit")
@click.argument("words", nargs=-1)
@click.option("--none", "no_word", is_flag=True, help="No word was played here.")
@click.option("--talk", is_flag=True, help="The turn is talk about the game, not a move.")
@click.option("--clear", is_flag=True, help="Remove the correction (back to the analysis).")
@click.option("--who", help="Your name, recorded with the correction (default: $KIROKU_USER).")
@click.pass_obj
def command(
    project: Project,
    log_id: str,
    unit: str,
    words: tuple[str, ...],
    no_word: bool,
    talk: bool,
    clear: bool,
    who: str | None,
) -> None:
    """Say which WORDS UNIT of LOG_ID played (`played_override`), or --none, --talk, --clear.

    The game's rules are checked again at once, so the suggestions of this turn and of
    the ones after it follow the correction (a dismissed suggestion stays dismissed).
    Example: `kiroku played claude-shiritori-2025-10-28 s1-t8 みかさ`
    """
    from kiroku.annotations.scripted import OpenLog
    from kiroku.annotations.who import annotator_name, local_now

    if sum((bool(words), no_word, talk, clear)) != 1:
        raise KirokuError("give the WORDS played, or exactly one of --none, --talk, --clear")
    log = OpenLog.open(project, log_id)
    [position] = log.positions([unit])
    chosen = None if clear else list(words)
    change = log.editor.correct_played(
        position, chosen, annotator_name(who), local_now(), talk=talk
    )
    if change is None:
        click.echo(f"{unit}: unchanged")
        return
    others = [a for a in log.describe(change) if a != unit]
    click.echo(f"{unit}: corrected" + (f"; checked again: {', '.join(others)}" if others else ""))
    log.save()
