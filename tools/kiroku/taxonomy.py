"""The label taxonomy (`logs/taxonomy.yaml`): bilingual names and descriptions of every label id."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from pydantic import Field, ValidationError

from kiroku.errors import StorageError
from kiroku.schema import Bilingual, Experiment, Slug, Strict
from kiroku.storage import parse_yaml


class LabelKind(Strict):
    """One label a turn or trial can carry."""

    id: Slug
    group: str
    """`rule-break`, `failure-mode`, `behaviour` (shiritori); `repetition`, `conversation-behaviour`."""
    experiments: list[Experiment] = Field(default_factory=lambda: list(get_args(Experiment)))
    """The experiments whose logs this label is for (the palette and the labels page show it
    only there); a label that does not say is for every experiment."""
    name: Bilingual
    description: Bilingual


class Taxonomy(Strict):
    labels: list[LabelKind] = Field(min_length=1)

    def ids(self) -> set[str]:
        return {label.id for label in self.labels}

    def for_experiment(self, experiment: str) -> list[LabelKind]:
        """The labels a log of `experiment` can carry, in the taxonomy's order."""
        return [label for label in self.labels if experiment in label.experiments]

    def get(self, label_id: str) -> LabelKind | None:
        return next((label for label in self.labels if label.id == label_id), None)


def load_taxonomy(path: Path) -> Taxonomy:
    """Load and validate the taxonomy; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise StorageError(f"cannot read: {error.strerror}", path) from None
    tree = parse_yaml(text, path)
    try:
        taxonomy = Taxonomy.model_validate(tree)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise StorageError(f"{field}: {first['msg']}", path) from None
    seen: set[str] = set()
    for label in taxonomy.labels:
        if label.id in seen:
            raise StorageError(f"label id {label.id!r} is defined twice", path)
        seen.add(label.id)
    return taxonomy
