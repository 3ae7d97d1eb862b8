"""The `kiroku` command: a click group whose commands live one per module in `kiroku.commands`."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import click

from kiroku import commands
from kiroku.errors import KirokuError
from kiroku.project import Project


class KirokuGroup(click.Group):
    """Turns a KirokuError into a one-line `error: file:line: message` and exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KirokuError as error:
            raise KirokuClickError(str(error)) from None


class KirokuClickError(click.ClickException):
    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.message}", err=True)


@click.group(cls=KirokuGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KIROKU_ROOT",
    help="Project folder (holding archive/ and logs/); default: found from the current folder.",
)
@click.version_option(package_name="kiroku")
@click.pass_context
def cli(ctx: click.Context, root: Path | None) -> None:
    """Kiroku (記録): archive, analyse, annotate and publish model transcripts."""
    ctx.obj = Project(root.resolve()) if root else Project.find()


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            cli.add_command(command)


_register_commands()


def main() -> None:
    """Entry point of the `kiroku` console script."""
    cli()
