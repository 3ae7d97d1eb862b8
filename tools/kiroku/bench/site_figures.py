"""Site build figures: a gap, reported as such until they are measured."""

from __future__ import annotations

from pathlib import Path

from kiroku.bench.figures import Figure


def site_figures(folder: Path, sizes: tuple[int, ...], units: int, seed: int) -> list[Figure]:
    """Not measured yet: per-page build time at `sizes`, page HTML and search index size.

    The targets (flat per-page time, ≤0.5× a bare Material + i18n build, pages ≤80 KB, search
    index ≤20 MB at 3,000 logs) need a bare MkDocs project as reference; still to write.
    """
    sizes_text = "/".join(f"{size:,}" for size in sizes)
    return [Figure(f"site build at {sizes_text} logs", 0, "", note="NOT MEASURED yet")]
