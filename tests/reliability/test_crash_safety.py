"""A save killed with SIGKILL at any moment leaves the complete old or the complete new file."""

from __future__ import annotations

import os
import random
import select
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.check import check_project
from kiroku.ingest import apply, plan_import
from kiroku.project import Project
from kiroku.schema import BatchLog, Label
from testkit import soaked

TRIALS = soaked(200)
AT = datetime(2026, 4, 20, tzinfo=UTC)


def version(doc: BatchLog, number: int) -> BatchLog:
    """Save number `number`: a label on one trial (a patch) and every 5th a new title (full save)."""
    doc = doc.model_copy(deep=True)
    trial = doc.trials[number % len(doc.trials)]
    trial.labels = [Label(id="ends-in-n", by="crash", at=AT, note=f"save {number}")]
    for other in doc.trials:
        if other is not trial:
            other.labels = []
    doc.title.en = f"version {number // 5}"
    return doc


def save_forever(path: Path, base: BatchLog, progress: int) -> None:
    """The child: save the versions after the one on disk, one after another, until killed;
    a byte on `progress` when it is about to start, and one after each save."""
    try:
        loaded = storage.load(path)
        sha = loaded.sha256
        assert isinstance(loaded.doc, BatchLog)
        number = which_version(loaded.doc) + 1
        os.write(progress, b"r")
        while True:
            sha = storage.save(version(base, number), path, sha)
            number += 1
            os.write(progress, b"s")
    finally:
        os._exit(0)


def wait_for_byte(fd: int) -> None:
    ready, _, _ = select.select([fd], [], [], 30)
    assert ready and os.read(fd, 1), "the saving child stopped or hung"


def which_version(doc: BatchLog) -> int:
    notes = [label.note for trial in doc.trials for label in trial.labels]
    if not notes:
        return 0
    assert len(notes) == 1 and notes[0] is not None
    return int(notes[0].removeprefix("save "))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_killed_saves_leave_a_whole_file(project: Project, mikan_files: Path) -> None:
    raw = mikan_files / "claude_fixed_prompt_kami_n50_20260420.csv"
    apply(plan_import(project, [raw], into="mikan-phenomenon"))
    [path] = project.log_paths()
    base = storage.load(path).doc
    assert isinstance(base, BatchLog)
    rng = random.Random(8)
    seen: set[int] = set()
    save_time = 0.02
    for _ in range(TRIALS):
        # The kill lands after 0-2 whole saves, at a random moment of the next one: a save's
        # length is measured as it runs, so a slow disk (fsync) cannot push every kill
        # before the first save ends.
        progress, report = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(progress)
            save_forever(path, base, report)
        os.close(report)
        wait_for_byte(progress)
        saves = rng.randrange(3)
        start = time.monotonic()
        for _ in range(saves):
            wait_for_byte(progress)
        if saves:
            save_time = (time.monotonic() - start) / saves
        time.sleep(rng.uniform(0.0, save_time))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(progress)
        storage._SNAPSHOTS.clear()
        doc = storage.load(path).doc
        assert isinstance(doc, BatchLog)
        number = which_version(doc)
        assert doc == (version(base, number) if number else base)
        seen.add(number)
    assert len(seen) >= 5, "the kills should land on many different saves"
    assert check_project(project) == []


def write_recovery_forever(project: Project, log_path: Path, progress: int) -> None:
    """The child: keep the annotator's unsaved edits again and again, each a longer note."""
    from kiroku.annotations import edits
    from kiroku.annotations.merge import states_of
    from kiroku.annotations.recovery import write_recovery

    try:
        doc = storage.load(log_path).doc
        base = states_of(doc)
        number = 0
        os.write(progress, b"r")
        while True:
            number += 1
            mine = dict(base)
            first = next(iter(mine))
            note = f"unsaved {number} " + "x" * 50_000
            mine[first] = edits.revise_text(mine[first], "note", note, "crash", AT)
            write_recovery(project, log_path, None, base, mine)
            os.write(progress, b"s")
    finally:
        os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_killed_while_keeping_unsaved_edits_the_recovery_file_is_whole(
    project: Project, mikan_files: Path
) -> None:
    from kiroku.annotations.recovery import read_recovery

    raw = mikan_files / "claude_fixed_prompt_kami_n50_20260420.csv"
    apply(plan_import(project, [raw], into="mikan-phenomenon"))
    [log_path] = project.log_paths()
    rng = random.Random(9)
    seen: set[int] = set()
    for _ in range(max(TRIALS // 10, 20)):
        progress, report = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(progress)
            write_recovery_forever(project, log_path, report)
        os.close(report)
        wait_for_byte(progress)
        for _ in range(rng.randrange(1, 4)):
            wait_for_byte(progress)
        time.sleep(rng.uniform(0.0, 0.01))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(progress)
        kept = read_recovery(project, log_path)
        assert kept is not None
        [state] = kept.mine.values()
        assert state.note is not None and state.note.current is not None
        number, rest = state.note.current.removeprefix("unsaved ").split(" ", 1)
        assert rest == "x" * 50_000
        seen.add(int(number))
    assert len(seen) >= 3
    assert check_project(project) == []
