"""The one-off cost of pykakasi's dictionaries, paid by the first reading in a process."""

from __future__ import annotations

import subprocess
import sys

from kiroku.bench.figures import Figure

_PROBE = """
import time
start = time.perf_counter()
import pykakasi
converter = pykakasi.kakasi()
converter.convert("みかん")
print(time.perf_counter() - start)
"""


def kakasi_figure(repeat: int) -> Figure:
    """Measured in fresh interpreters, since a process pays it once."""
    runs = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
        )
        runs.append(float(result.stdout.strip()))
    return Figure("pykakasi first kakasi() + convert, fresh process", min(runs), "s")
