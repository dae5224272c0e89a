"""bench/procs.py's run-queue wait: how long a server's event loop was ready but had no core."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bench.procs import run_queue_wait_seconds

SCHEDSTAT = os.path.exists(f"/proc/{os.getpid()}/schedstat")


@pytest.mark.skipif(not SCHEDSTAT, reason="the kernel keeps no schedstats")
def test_the_wait_grows_when_more_processes_want_the_cores_than_there_are():
    cores = len(os.sched_getaffinity(0))
    # One more busy process than cores, all pinned to this process's cores: each must wait its turn.
    spin = "import time\nend = time.monotonic() + 1.5\nwhile time.monotonic() < end: pass\n"
    busy = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(cores + 1)]
    try:
        time.sleep(0.2)
        before = {p.pid: run_queue_wait_seconds(p.pid) for p in busy}
        time.sleep(0.8)
        waited = sum(run_queue_wait_seconds(p.pid) - before[p.pid] for p in busy)
    finally:
        for p in busy:
            p.wait(timeout=30)
    # Over 0.8 s, cores + 1 runnable processes on `cores` cores: together about 0.8 s of waiting.
    assert waited > 0.2


def test_a_process_that_is_gone_has_waited_nothing():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(timeout=30)
    assert run_queue_wait_seconds(gone.pid) == 0.0
