"""`kiroku site`: what `make site` runs: sync, analyse, check and an incremental build, in one process."""

from __future__ import annotations

import click

from kiroku.project import Project

STEPS = ("sync", "analyse", "check", "build")
"""The commands `kiroku site` runs, in order (`build` with `--incremental`)."""


@click.command("site")
@click.pass_context
def command(ctx: click.Context) -> None:
    """Bring the site up to date: `kiroku sync`, `kiroku analyse`, `kiroku check` and
    `kiroku build --incremental`, in that order, stopping at the first that fails.

    The same as running the four commands one after the other (each says what it did), in
    one process, so after one label the wait is the change's, not four starts of Python.
    Each step still looks at its files afresh: what the one before it wrote is noticed."""
    group = ctx.parent.command if ctx.parent is not None else None
    if not isinstance(group, click.Group) or not isinstance(ctx.obj, Project):
        raise click.UsageError("kiroku site runs inside the kiroku command")
    for name in STEPS:
        step = group.get_command(ctx, name)
        if step is None:
            raise click.UsageError(f"kiroku {name} is missing")
        options = {"incremental": True} if name == "build" else {}
        ctx.invoke(step, **options)
