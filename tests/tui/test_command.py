"""`kiroku annotate` on the command line: who is annotating, and refusing a log that is not there."""

from __future__ import annotations

import pytest
from kiroku.commands.annotate import annotator_name


def test_who_then_environment_then_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIROKU_USER", "emi")
    assert annotator_name("  hana ") == "hana"
    assert annotator_name(None) == "emi"
    monkeypatch.delenv("KIROKU_USER")
    monkeypatch.setattr("getpass.getuser", lambda: "login-name")
    assert annotator_name("") == "login-name"


def test_unknown_log_is_an_error_naming_it(kiroku, annotate_project) -> None:
    run = kiroku("annotate", "no-such-log")
    assert run.exit_code == 1
    assert "no-such-log.yaml: no such log: no-such-log" in run.stderr


def test_help_names_the_options(kiroku) -> None:
    run = kiroku("annotate", "--help")
    assert run.exit_code == 0
    assert "--who" in run.output and "--lang [ja|en]" in run.output
