"""Runs one `kiroku` command in this process, then writes its peak memory to a file (the bench's probe)."""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def main() -> None:
    """`python -m kiroku.bench.measured OUT ARGS...`: `kiroku ARGS...`, its peak RSS (KB) to OUT.

    `getrusage(RUSAGE_CHILDREN)` in the bench would give the largest of all its children so
    far, not this command's own peak."""
    out, args = Path(sys.argv[1]), sys.argv[2:]
    from kiroku.cli import cli

    try:
        cli.main(args, prog_name="kiroku")
    finally:
        out.write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss), encoding="utf-8")


if __name__ == "__main__":
    main()
