"""The export figures on small archives: measured in fresh processes, judged only at 10,000."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from kiroku import storage
from kiroku.bench.export_figures import export_figures, write_archive_fast
from kiroku.bench.synth import SynthSpec, synth_documents
from kiroku.project import Project


def test_the_fast_synthetic_archive_loads_as_the_documents_it_holds(tmp_path: Path) -> None:
    spec = SynthSpec(6, 8, 2026)
    project = Project(tmp_path)
    assert write_archive_fast(project, spec) == 48
    storage._SNAPSHOTS.clear()
    loaded = [storage.load(path).doc for path in project.log_paths()]
    assert loaded == sorted((doc for doc, _ in synth_documents(spec)), key=lambda doc: doc.id)


def test_small_archives_give_every_figure_for_information_only(tmp_path: Path) -> None:
    figures = export_figures(tmp_path, (4, 9), 5, 2026)
    names = [figure.name for figure in figures]
    assert names == [
        "export: kiroku export (Parquet), 4 documents, 20 units",
        "export: peak memory, 4 documents, 20 units",
        "export: kiroku export (Parquet), 9 documents, 45 units",
        "export: peak memory, 9 documents, 45 units",
    ]
    assert all(figure.value > 0 and figure.reference for figure in figures)
    assert all(figure.passed is None for figure in figures), "judged at 10,000 documents only"
    assert pq.read_table(tmp_path / "export-9" / "units.parquet").num_rows == 45
