"""`kiroku bench`: measure import, storage, readings, the terminal app, the site build, export."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kiroku.project import Project

if TYPE_CHECKING:
    from kiroku.bench.figures import Figure

GROUPS = ("import", "storage", "reading", "tui", "site", "pipeline", "export")


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.strip().replace("_", "")) for part in text.split(","))
    except ValueError:
        raise click.BadParameter(f"expected numbers like 100,1000, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise click.BadParameter("sizes must be positive numbers of documents")
    return sizes


@click.command("bench")
@click.option("--sizes", help="Archive sizes (documents) for the import figures [100,1000].")
@click.option("--site-sizes", help="Numbers of logs for the site figures [100,1000,3000].")
@click.option(
    "--pipeline-sizes",
    help="Numbers of batches for the `make site` figures (--only pipeline) [1000,10000].",
)
@click.option(
    "--pipeline-trials",
    type=click.IntRange(min=1),
    help="Trials per synthetic batch of the `make site` figures, the same at every size [20].",
)
@click.option("--export-sizes", help="Numbers of documents for the export figures [1000,10000].")
@click.option("--turns", type=click.IntRange(min=10), help="Turns of the long log [10000].")
@click.option(
    "--only", multiple=True, type=click.Choice(GROUPS), help="Measure only this group (repeatable)."
)
@click.option("--quick", is_flag=True, help="A smoke run: small sizes, one repeat, a small site.")
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to create the scratch archive (default: the system's temp folder).",
)
@click.pass_obj
def command(
    project: Project,
    sizes: str | None,
    site_sizes: str | None,
    pipeline_sizes: str | None,
    pipeline_trials: int | None,
    export_sizes: str | None,
    turns: int | None,
    only: tuple[str, ...],
    quick: bool,
    workdir: Path | None,
) -> None:
    """Measure Kiroku on a seeded synthetic archive; print figure, reference, ratio, target.

    Each reference (a bare ruamel load or dump, a bare MkDocs Material build) is measured in
    the same run, so the ratios hold on any machine. Exit 1 if a figure misses its target.
    """
    from kiroku.bench.figures import render_table
    from kiroku.bench.run import BenchPlan, run_bench

    plan = BenchPlan.quick() if quick else BenchPlan()
    plan = replace(
        plan,
        sizes=_sizes(sizes) if sizes else plan.sizes,
        site_sizes=_sizes(site_sizes) if site_sizes else plan.site_sizes,
        pipeline_sizes=_sizes(pipeline_sizes) if pipeline_sizes else plan.pipeline_sizes,
        pipeline_trials=pipeline_trials or plan.pipeline_trials,
        export_sizes=_sizes(export_sizes) if export_sizes else plan.export_sizes,
        turns=turns or plan.turns,
        groups=tuple(only) or plan.groups,
    )

    def report(figure: Figure) -> None:
        row = render_table([figure]).splitlines()[-1]
        click.echo(f"measured: {row}", err=True)

    def progress(message: str) -> None:
        click.echo(message, err=True)

    figures = run_bench(plan, report, workdir, progress)
    click.echo(render_table(figures))
    failed = [figure for figure in figures if figure.passed is False]
    if failed:
        click.echo(f"bench: {len(failed)} figure(s) missed their target", err=True)
        sys.exit(1)
    click.echo(f"bench: {len(figures)} figure(s), every target met")
