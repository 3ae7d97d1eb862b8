"""A save that crashes halfway leaves the old file or the new one on disk, never a broken one."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp

from tui.annotate_helpers import opened, saved, screen_text


def labels_on_disk(path: Path) -> list[str]:
    doc = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
    return [label.id for label in doc.turn(1, 2).labels]  # type: ignore[union-attr]


class HalfWriter:
    """A file object that writes half of what it is given, then fails like a full disk."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise OSError(28, "No space left on device")


def crash_mid_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))


def crash_before_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)


@pytest.mark.parametrize("crash", [crash_mid_write, crash_before_rename])
def test_failed_save_leaves_the_old_file_and_says_so(
    crash: Callable[[pytest.MonkeyPatch], None],
    make_app: Callable[..., AnnotateApp],
    annotate_project: Project,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = annotate_project.log_path("shiritori-chat")
    before = path.read_bytes()

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app, (140, 40)) as pilot:
            with monkeypatch.context() as patch:
                crash(patch)
                await pilot.press("s", "a")
                screen = await saved(pilot)
                assert screen.save_failed
                assert path.read_bytes() == before
                await pilot.pause(0.1)
                shown = screen_text(app)
                assert "Could not save" in shown and "Unsaved changes" in shown
            await pilot.press("a")  # the next edit saves both, now that the disk works
            screen = await saved(pilot)
            assert not screen.dirty

    asyncio.run(scenario())
    assert labels_on_disk(path) == ["ends-in-n", "mikan"]
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "shiritori-chat.yaml",
        "taxonomy.yaml",
        "trial-batch.yaml",
    ]


SAVER = """
import sys
from pathlib import Path
from kiroku.project import Project
from kiroku.tui.data.workspace import Workspace

workspace = Workspace(Project(Path(sys.argv[1])))
path = Path(sys.argv[2])
doc = workspace.open(path).doc
turn = doc.turn(1, 1)
print("ready", flush=True)
n = 0
while True:
    n += 1
    turn.note = ("long note " * 20000) + str(n)
    workspace.save(doc, path, None)
"""


def test_killed_during_saves_the_file_is_always_complete(annotate_project: Project) -> None:
    """SIGKILL a process that saves over and over: each time, the file is a whole version."""
    path = annotate_project.log_path("shiritori-chat")
    for delay in (0.05, 0.2, 0.35):
        process = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(annotate_project.root), str(path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        doc = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
        note = doc.turn(1, 1).note_text()  # type: ignore[union-attr]
        assert note is None or note.startswith("long note " * 20000)
        assert "# A comment written by hand" in path.read_text("utf-8")
