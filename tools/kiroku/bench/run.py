"""Running every benchmark in a scratch folder and collecting its figures."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiroku.bench.figures import Figure
from kiroku.bench.synth import SynthSpec


@dataclass(frozen=True)
class BenchPlan:
    """What to measure: archive sizes, the long log's length, repeats, and which groups."""

    sizes: tuple[int, ...] = (100, 1000)
    turns: int = 10_000
    repeat: int = 3
    units: int = 50
    """Turns or trials per document (the real batches have 50 trials)."""
    seed: int = 2026
    groups: tuple[str, ...] = ("import", "storage", "reading", "site", "tui", "export")
    site_sizes: tuple[int, ...] = (100, 1000, 3000)
    pipeline_sizes: tuple[int, ...] = (1000, 10000)
    """Batches of the `make site` figures (group `pipeline`, measured only when asked for)."""
    pipeline_trials: int = 20
    """Trials per batch of the `make site` figures (the issue measured 20)."""
    export_sizes: tuple[int, ...] = (1000, 10_000)

    @classmethod
    def quick(cls) -> BenchPlan:
        """A smoke run in a minute or two: small sizes, one repeat, a small site build."""
        return cls(
            sizes=(100,),
            turns=2_000,
            repeat=1,
            groups=("import", "storage", "reading", "site", "export"),
            site_sizes=(30, 100),
            export_sizes=(30, 100),
        )


def run_bench(
    plan: BenchPlan,
    report: Callable[[Figure], None],
    workdir: Path | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> list[Figure]:
    """Every figure of `plan`, each passed to `report` as soon as it is measured."""
    figures: list[Figure] = []

    def add(new: list[Figure]) -> None:
        for figure in new:
            figures.append(figure)
            report(figure)

    with tempfile.TemporaryDirectory(prefix="kiroku-bench-", dir=workdir) as scratch:
        root = Path(scratch)
        if "import" in plan.groups:
            from kiroku.bench.import_figures import import_figures

            for size in plan.sizes:
                spec = SynthSpec(size, plan.units, plan.seed)
                add(import_figures(root / f"import-{size}", spec, write=size <= 1000))
        if "storage" in plan.groups:
            from kiroku.bench.storage_figures import storage_figures

            add(storage_figures(root / "storage", plan.turns, plan.repeat))
        if "reading" in plan.groups:
            from kiroku.bench.reading_figures import kakasi_figure

            add([kakasi_figure(plan.repeat)])
        if "tui" in plan.groups:
            from kiroku.bench.tui_figures import tui_figures

            add(tui_figures(root / "tui", plan.turns, plan.repeat))
        if "site" in plan.groups:
            from kiroku.bench.site_figures import site_figures

            add(site_figures(root / "site", plan.site_sizes, plan.units, plan.seed))
        if "pipeline" in plan.groups:
            from kiroku.bench.pipeline_figures import pipeline_figures

            pipeline_figures(
                root / "pipeline",
                plan.pipeline_sizes,
                plan.seed,
                progress,
                add,
                trials=plan.pipeline_trials,
            )
        if "export" in plan.groups:
            from kiroku.bench.export_figures import export_figures

            add(export_figures(root / "export", plan.export_sizes, plan.units, plan.seed))
    return figures
