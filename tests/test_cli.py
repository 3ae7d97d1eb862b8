"""The command line: every command is documented, and `kiroku schema` gives a usable schema."""

from __future__ import annotations

import json

from click.testing import CliRunner
from kiroku.cli import cli


def test_every_command_has_help_text():
    for name, command in cli.commands.items():
        assert command.help and len(command.help) > 20, f"kiroku {name} has no help text"
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Usage: " in result.output


def test_schema_describes_both_kinds_of_log(kiroku):
    result = kiroku("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "Kiroku log document"
    assert {"ChatLog", "BatchLog", "Turn", "Trial", "Label", "Suggestion"} <= set(schema["$defs"])
    turn = schema["$defs"]["Turn"]["properties"]
    assert turn["speaker"]["enum"] == ["user", "model"]
