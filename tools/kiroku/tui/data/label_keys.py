"""Which label each number key toggles: a small settings file, else the taxonomy's first nine."""

from __future__ import annotations

import os
from pathlib import Path

from kiroku.errors import StorageError
from kiroku.storage import parse_yaml
from kiroku.taxonomy import Taxonomy

KEYS = tuple(str(number) for number in range(1, 10))


def settings_path(environ: dict[str, str] | None = None) -> Path:
    """`$XDG_CONFIG_HOME/kiroku/annotate.yaml` (default `~/.config/…`): hers, not the project's."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kiroku" / "annotate.yaml"


def default_keys(taxonomy: Taxonomy, experiment: str | None = None) -> dict[str, str]:
    """The first nine labels in the taxonomy's order (rule breaks come first in Kiroku's), of
    those the taxonomy gives `experiment` when one is named."""
    kinds = taxonomy.labels if experiment is None else taxonomy.for_experiment(experiment)
    return dict(zip(KEYS, (label.id for label in kinds), strict=False))


def load_label_keys(path: Path, taxonomy: Taxonomy) -> dict[str, str] | None:
    """The number keys a settings file assigns, e.g. `label_keys: {1: ends-in-n, 2: mikan}`,
    or None without a file (each log then takes `default_keys` for its experiment).

    A broken file is an error naming the file and line, so she knows why her keys are not the
    ones she wrote.
    """
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StorageError(f"cannot read: {error}", path) from None
    tree = parse_yaml(text, path)
    if tree is None:
        return None
    table = tree.get("label_keys") if isinstance(tree, dict) else None
    if not isinstance(table, dict):
        raise StorageError("expected `label_keys:` mapping number keys 1-9 to label ids", path)
    keys: dict[str, str] = {}
    for key, label_id in table.items():
        line = _line_of(table, key)
        if str(key) not in KEYS:
            raise StorageError(f"{key!r} is not a number key from 1 to 9", path, line)
        if not isinstance(label_id, str) or taxonomy.get(label_id) is None:
            raise StorageError(f"{label_id!r} is not a label of the taxonomy", path, line)
        keys[str(key)] = label_id
    return dict(sorted(keys.items()))


def _line_of(table: object, key: object) -> int | None:
    """The 1-based line of `key` in a round-trip mapping, when ruamel recorded it."""
    lc = getattr(table, "lc", None)
    try:
        return lc.key(key)[0] + 1 if lc is not None else None
    except (KeyError, TypeError):
        return None
