"""Kiroku's tables are built with pyarrow without importing pandas; pandas still reads them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
import pyarrow.parquet as pq
from kiroku.dataset.tables import TABLES
from kiroku.dataset.writers import to_batch
spec = TABLES[0]
batch = to_batch(spec, [])
print("pandas imported:", "pandas" in sys.modules)
import pyarrow as pa
pq.write_table(pa.Table.from_batches([batch]), sys.argv[1])
import pandas as pd
frame = pd.read_parquet(sys.argv[1])
print("columns:", list(frame.columns) == spec.schema().names)
"""


def test_building_a_table_leaves_pandas_unimported_and_pandas_reads_it(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "t.parquet")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "pandas imported: False" in out
    assert "columns: True" in out
