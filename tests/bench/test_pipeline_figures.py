"""`kiroku bench --only pipeline`: the steps it times are the Makefile's, its figures are judged."""

from __future__ import annotations

import shlex

from kiroku.bench.pipeline_figures import (
    MAKE_SITE,
    STEPS,
    Run,
    SizeRuns,
    memory_figures,
    size_figures,
)
from testkit import REPO


def makefile_site_steps() -> tuple[tuple[str, ...], ...]:
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index("site: $(BIN)/kiroku") + 1
    steps = []
    for line in lines[start:]:
        if not line.startswith("\t"):
            break
        words = shlex.split(line.strip())
        steps.append(tuple(words[1:]))
    return tuple(steps)


def test_the_bench_times_make_site_as_the_makefile_runs_it_and_each_of_its_steps():
    assert makefile_site_steps() == MAKE_SITE
    assert [step[0] for step in STEPS] == ["sync", "analyse", "check", "build"]
    assert STEPS[-1] == ("build", "--incremental")


def runs(size: int, cpu: float, peak: int, serve: list[float]) -> SizeRuns:
    step = {name[0]: Run(cpu, cpu, peak) for name in STEPS}
    small = {name[0]: Run(cpu / 100, cpu / 100, peak) for name in STEPS}
    whole, again = Run(4 * cpu, 4 * cpu, peak), Run(cpu / 25, cpu / 25, peak)
    return SizeRuns(
        size,
        Run(cpu, cpu, peak),
        step,
        small,
        small,
        Run(cpu / 40, 1.0, peak),
        serve,
        whole,
        again,
        again,
    )


def test_the_figures_are_judged_at_a_thousand_documents_and_memory_at_the_largest():
    figures = {f.name: f for f in size_figures(runs(1000, 10.0, 100 << 20, [1.5, 1.9, 2.5]))}
    assert figures["pipeline: make site, nothing changed, 1,000 batches of 20"].passed is True
    assert figures["pipeline: make site after one label, 1,000 batches of 20"].passed is True
    analyse = figures["pipeline: first analyse of the imported archive, 1,000 batches of 20"]
    assert analyse.passed is True and analyse.ratio == 1.0
    serve = figures["pipeline: serve, a label saved to the page reloaded, 1,000 batches of 20"]
    assert serve.value == 1.9 and serve.passed is True
    small = {f.name: f for f in size_figures(runs(100, 10.0, 100 << 20, []))}
    assert all(f.passed is None for f in small.values())
    memory = {f.name: f for f in memory_figures(runs(1000, 1, 100, []), runs(10000, 1, 160, []))}
    assert memory["pipeline: peak memory of check, 10,000 against 1,000"].passed is False
    assert memory["pipeline: peak memory of build, 10,000 against 1,000"].passed is False


def test_a_step_s_peak_memory_is_its_own_not_the_bench_s(tmp_path):
    """Linux carries a parent's high-water mark of memory into the child it starts: a bench
    grown to 200 MB must still see a command that uses 50 MB as using 50 MB."""
    import subprocess
    import sys

    grown = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiroku.bench.pipeline_figures import run_kiroku\n"
        "ballast = bytearray(200 << 20)\n"
        "for i in range(0, len(ballast), 4096): ballast[i] = 1\n"
        "print(run_kiroku(Path(sys.argv[1]), '--help').peak >> 20)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", grown, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert 5 < int(result.stdout) < 100
