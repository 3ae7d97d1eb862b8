"""pyarrow for Kiroku's tables, without the pandas import it would make for nothing."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

import pyarrow as pa

__all__ = ["pa"]


class _PandasOutOfSight(MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _answer_pandas_question() -> None:
    """pyarrow imports pandas (about 0.2 s, more than pyarrow itself) the first time it
    builds an array from Python objects, only to ask whether they are pandas objects.
    Kiroku builds its tables from lists and dicts, so the question is asked once here with
    pandas out of sight; an `import pandas` afterwards works as always, and pyarrow's
    conversions to and from pandas import it when they are used."""
    if "pandas" in sys.modules:
        return
    finder = _PandasOutOfSight()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([None])
    finally:
        sys.meta_path.remove(finder)


_answer_pandas_question()
