"""Fixtures for the annotator: a project holding the test logs, a fixed clock, no cursor blink."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from kiroku.tui.catalogue import Lang
from textual.widgets import Input, TextArea

from tui.annotate_helpers import ANNOTATIONS_DATA, FIXED_NOW, TUI_DATA, AddLog


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make every snapshot depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def annotate_project(project: Project) -> Project:
    """The test chat log, the test batch and the small test taxonomy."""
    for name in ("shiritori-chat.yaml", "trial-batch.yaml"):
        shutil.copy(TUI_DATA / name, project.logs_dir / name)
    shutil.copy(TUI_DATA / "taxonomy.yaml", project.taxonomy_path)
    return project


@pytest.fixture
def add_log(annotate_project: Project) -> AddLog:
    """`add_log("long-shiritori-game")`: that fixture log copied into the project, by its id."""

    def add(log_id: str) -> Path:
        for folder in (TUI_DATA, ANNOTATIONS_DATA):
            source = folder / f"{log_id}.yaml"
            if source.is_file():
                return Path(shutil.copy(source, annotate_project.log_path(log_id)))
        raise FileNotFoundError(f"no fixture log {log_id!r} in {TUI_DATA} or {ANNOTATIONS_DATA}")

    return add


@pytest.fixture
def make_app(annotate_project: Project) -> Callable[..., AnnotateApp]:
    def make(lang: Lang = "en", open_id: str | None = None) -> AnnotateApp:
        path = annotate_project.log_path(open_id) if open_id else None
        app = AnnotateApp(
            annotate_project,
            who="tester",
            lang=lang,
            clock=lambda: FIXED_NOW,
            open_path=path,
            settings=annotate_project.root / "annotate.yaml",  # none: the taxonomy's order
        )
        app.NOTIFICATION_TIMEOUT = 120  # a notice checked on a busy machine has not gone yet
        return app

    return make
