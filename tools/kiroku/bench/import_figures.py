"""Import throughput: parsing and validating synthetic raw batches, against a ruamel dump."""

from __future__ import annotations

import time
from pathlib import Path

from kiroku import storage
from kiroku.bench.figures import Figure, faster
from kiroku.bench.synth import SynthSpec, write_raw_batches
from kiroku.ingest import apply, plan_import
from kiroku.project import Project
from kiroku.schema import to_data

DUMP_SAMPLE = 200
"""Documents dumped for the reference: throughput per turn does not depend on their number."""


def import_figures(folder: Path, spec: SynthSpec, write: bool) -> list[Figure]:
    raw_files = write_raw_batches(folder / "incoming", spec)
    project = Project(folder / "project")
    project.archive_dir.mkdir(parents=True, exist_ok=True)
    project.logs_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    plan = plan_import(project, raw_files, into="synth")
    parse = time.perf_counter() - start
    turns = sum(planned.summary.units for planned in plan.logs)
    sample = [planned.doc for planned in plan.logs if planned.doc is not None][:DUMP_SAMPLE]
    sample_turns = sum(len(doc.units()) for doc in sample)
    start = time.perf_counter()
    for doc in sample:  # ruamel's own dumper: dump_document now writes most files without it
        storage.dump_yaml(storage.to_node(to_data(doc)))
    dump = time.perf_counter() - start
    label = f"{spec.documents:,} batches, {turns:,} trials"
    sampled = f"dump of {len(sample)} of them" if len(sample) < len(plan.logs) else ""
    figures = [
        faster(
            f"import: parse + validate, {label}",
            turns / parse,
            "turns/s",
            sample_turns / dump,
            "ruamel dump",
            3,
            sampled,
        )
    ]
    if write:
        start = time.perf_counter()
        apply(plan)
        written = time.perf_counter() - start
        figures.append(
            Figure(
                f"import: writing archive copies + logs, {label}",
                turns / written,
                "turns/s",
                note="new logs are written by ruamel",
            )
        )
    return figures
