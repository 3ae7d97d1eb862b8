"""Shared fixtures: a fresh project folder, the shared corpus, and running `kiroku` like a user."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from kiroku.cli import cli
from kiroku.project import Project
from testkit import BLNS_PATH, CORPUS, DATA, MIKAN, REPO, blns_strings, snapshot_tree

__all__ = ["BLNS_PATH", "CORPUS", "DATA", "MIKAN", "REPO", "blns_strings", "snapshot_tree"]


@dataclass
class Run:
    exit_code: int
    output: str
    stderr: str


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty Kiroku project: `archive/` and `logs/` and nothing else."""
    (tmp_path / "archive").mkdir()
    (tmp_path / "logs").mkdir()
    return Project(tmp_path)


@pytest.fixture
def kiroku(project: Project):
    """Run the `kiroku` command in `project`, as a person would from its folder."""

    def run(*args: str) -> Run:
        result = CliRunner().invoke(cli, ["--root", str(project.root), *args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def mikan_files(tmp_path: Path) -> Path:
    """The three real CSV batches with sidecars, as laid out in the repository's archive."""
    folder = tmp_path / "incoming"
    shutil.copytree(REPO / "archive" / "mikan-phenomenon", folder)
    return folder
