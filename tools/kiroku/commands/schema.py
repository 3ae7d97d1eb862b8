"""`kiroku schema`: print the JSON Schema of a log file, for editors that validate YAML."""

from __future__ import annotations

import json

import click


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of logs/*.yaml (e.g. for the YAML language server)."""
    from kiroku.schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
