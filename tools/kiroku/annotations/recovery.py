"""Unsaved edits kept in Kiroku's cache folder while their log cannot be written or read."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiroku import storage
from kiroku.annotations.edits import UnitState, apply_state, state_of
from kiroku.annotations.merge import States
from kiroku.errors import StorageError
from kiroku.project import Project
from kiroku.schema import Annotations


def recovery_path(project: Project, log_path: Path) -> Path:
    """`.kiroku/recovery/<log file name>`: beside the cache, never inside `logs/`."""
    return project.cache_dir / "recovery" / log_path.name


@dataclass
class Recovery:
    """The units changed in the app and not yet on disk, each with the state it was changed from."""

    log: str
    """The log file, relative to the project."""
    base_sha256: str | None
    """The file the changes were made against."""
    base: States
    mine: States


def _state_data(state: UnitState) -> dict[str, Any]:
    unit = Annotations()
    apply_state(unit, state)
    return unit.model_dump(mode="json", exclude_defaults=True)


def _state(data: Any) -> UnitState:
    return state_of(Annotations.model_validate(data))


def write_recovery(
    project: Project, log_path: Path, base_sha256: str | None, base: States, mine: States
) -> Path:
    """Keep the changed units atomically (a crash leaves the old or the new file, whole)."""
    changed = {a: s for a, s in mine.items() if base.get(a) != s}
    data = {
        "log": project.relative(log_path),
        "base_sha256": base_sha256,
        "units": {
            anchor: {"base": _state_data(base[anchor]), "mine": _state_data(state)}
            for anchor, state in changed.items()
            if anchor in base
        },
    }
    path = recovery_path(project, log_path)
    storage.atomic_write(path, storage.dump_yaml(storage.to_node(data)))
    return path


def read_recovery(project: Project, log_path: Path) -> Recovery | None:
    """The edits kept for this log, if any; a recovery file that cannot be read is an error."""
    path = recovery_path(project, log_path)
    if not path.exists():
        return None
    tree = storage.plain_data(storage.parse_yaml(path.read_text("utf-8"), path))
    try:
        units = tree["units"]
        return Recovery(
            log=str(tree["log"]),
            base_sha256=tree.get("base_sha256"),
            base={anchor: _state(unit["base"]) for anchor, unit in units.items()},
            mine={anchor: _state(unit["mine"]) for anchor, unit in units.items()},
        )
    except (KeyError, TypeError, AttributeError, ValidationError) as error:
        raise StorageError(f"not a recovery file Kiroku wrote: {error}", path) from None


def discard_recovery(project: Project, log_path: Path) -> None:
    """Once the edits are on disk."""
    with contextlib.suppress(FileNotFoundError):
        recovery_path(project, log_path).unlink()
