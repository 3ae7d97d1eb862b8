"""Which logs an export holds: `--experiment`, `--model`, `--log`, `--since`."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date

from kiroku.schema import LogDocument


@dataclass(frozen=True)
class LogFilter:
    """Every kind given must match (any of its values); nothing given selects every log."""

    experiments: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    """Matched case-insensitively against the model's name or id, as a part of either."""
    logs: tuple[str, ...] = ()
    since: date | None = None
    """Logs recorded on this day or later; an undated log is left out."""

    def wants_id(self, log_id: str) -> bool:
        """Whether a log with this id can be selected (before reading it)."""
        return not self.logs or log_id in self.logs

    def __call__(self, doc: LogDocument) -> bool:
        if not self.wants_id(doc.id):
            return False
        if self.experiments and doc.experiment not in self.experiments:
            return False
        if self.models:
            names = " ".join(n for n in (doc.model.name, doc.model.id) if n).casefold()
            if not any(model.casefold() in names for model in self.models):
                return False
        return self.since is None or (doc.date is not None and doc.date >= self.since)

    def described(self) -> list[str]:
        """The options as given, for the dataset card (empty: the whole archive)."""
        parts = [f"--experiment {value}" for value in self.experiments]
        parts += [f"--model {shlex.quote(value)}" for value in self.models]
        parts += [f"--log {value}" for value in self.logs]
        if self.since is not None:
            parts.append(f"--since {self.since.isoformat()}")
        return parts
