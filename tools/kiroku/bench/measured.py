"""Runs one `kiroku` command in this process, then writes its peak memory to a file (the bench's probe)."""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def own_peak_kb() -> int:
    """This process's own peak resident memory in KB, since it started its program.

    Linux's `VmHWM` is the high-water mark of the process's memory since its `exec`.
    `getrusage(RUSAGE_SELF).ru_maxrss` is not: Linux carries the parent's high-water mark over
    the fork and exec, so a command started by a bench that has grown to 69 MB (copying
    10,000 logs) reports at least 69 MB, whatever it used itself."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> None:
    """`python -m kiroku.bench.measured OUT ARGS...`: `kiroku ARGS...`, its peak RSS (KB) to OUT."""
    out, args = Path(sys.argv[1]), sys.argv[2:]
    from kiroku.cli import cli

    try:
        cli.main(args, prog_name="kiroku")
    finally:
        out.write_text(str(own_peak_kb()), encoding="utf-8")


if __name__ == "__main__":
    main()
