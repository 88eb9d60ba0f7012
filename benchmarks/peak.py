"""Peak resident memory of the current process, for the benchmarks' child processes."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_bytes() -> int:
    """This process's peak resident set size in bytes.

    Linux's ``VmHWM`` is reset by exec; ``ru_maxrss`` is not: a child started by a
    parent that had just generated a large file would report the parent's peak.
    ``ru_maxrss`` is the fallback where /proc is missing.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
