"""The command line: every command is documented, `kiroku schema` gives a usable schema, `cite` errs cleanly."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from kiroku.cli import cli
from testkit import REPO


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


def test_cite_of_an_unknown_turn_prints_no_url(project, kiroku):
    shutil.copy(REPO / "logs" / "example-claude-shiritori-mikan.yaml", project.logs_dir)
    result = kiroku(
        "cite", "example-claude-shiritori-mikan", "--turn", "s9-t1", "--site-url", "https://x.org"
    )
    assert result.exit_code == 1
    assert "has no turn 's9-t1'" in result.stderr
    assert result.output == ""
