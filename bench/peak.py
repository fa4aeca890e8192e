"""Run a Python program (a script path, or ``-c code``) and write its own peak resident
memory to the file named by ``BENCH_PEAK_FILE``: ``python -m bench.peak manage.py
build_report …``.

Why not the kernel's ``ru_maxrss`` (wait4's rusage): on Linux it carries over fork and exec,
so a child started by the benchmark's process (which holds hundreds of megabytes of its own
by the time the reports are built) reports at least that process's size, whatever it used
itself. The memory map's own high-water mark (``VmHWM`` in /proc/self/status) starts again
at exec, and is read here when the program ends.
"""

from __future__ import annotations

import atexit
import os
import resource
import runpy
import sys


def _peak_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # elsewhere: the best known


def _write_peak() -> None:
    path = os.environ.get("BENCH_PEAK_FILE")
    if path:
        with open(path, "w", encoding="ascii") as file:
            file.write(str(_peak_kb()))


def main() -> None:
    atexit.register(_write_peak)
    if sys.argv[1] == "-c":
        code, sys.argv = sys.argv[2], ["-c", *sys.argv[3:]]
        exec(compile(code, "<bench>", "exec"), {"__name__": "__main__"})  # noqa: S102 (our own)
    else:
        sys.argv = sys.argv[1:]
        runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
