"""The two processes under test: the standalone upstream simulator and the graph server.

Each is started as its own process group (so stopping it stops every worker it forked), waited for
with a bounded health check, and always stopped: `Processes` is a context manager, and an atexit
hook plus SIGTERM/SIGINT handlers stop whatever is still running if the harness is interrupted.

CPU time and peak memory are read from /proc for the started process and all its descendants
(uvicorn with `--workers N > 1` runs a supervisor plus N spawned worker processes).
"""

from __future__ import annotations

import asyncio
import atexit
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from settings import UPSTREAMS
from simulator.auth import ISSUER

REPO = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

# The upstream services the graph reads (each mounted by the simulator under /<service>), and the
# issuer the simulator's HMPPS Auth stand-in writes into its tokens.
UPSTREAM_ENV = UPSTREAMS
SIMULATOR_ISSUER = ISSUER


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def person_graph_command() -> list[str]:
    """The `person-graph` console script of this interpreter's environment (or `python -m cli`)."""
    script = Path(sys.executable).parent / "person-graph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


# ---- /proc readings -------------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # comm (field 2) may contain spaces and parentheses: split after the last ')'.
    return raw[raw.rindex(")") + 2 :].split()


def descendants(root: int) -> list[int]:
    """`root` and every live process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat_fields(int(entry))
        if fields:
            children.setdefault(int(fields[1]), []).append(int(entry))  # fields[1] is ppid
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if _stat_fields(pid) is None:
            continue
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, in seconds (0 if it is gone)."""
    fields = _stat_fields(pid)
    if not fields:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of /proc/pid/stat


def run_queue_wait_seconds(pid: int) -> float:
    """Seconds the process's main thread (a server's event loop) has spent runnable but waiting for a
    core (/proc/<pid>/schedstat, field 2; 0 if it is gone or the kernel keeps no schedstats)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def tree_cpu(root: int) -> dict[int, float]:
    return {pid: cpu_seconds(pid) for pid in descendants(root)}


def peak_rss_mib(pid: int) -> float | None:
    """VmHWM: the process's peak resident set size, MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


# ---- started processes ----------------------------------------------------------------------

_running: list[Started] = []


@dataclass
class Started:
    name: str
    process: subprocess.Popen
    url: str
    log_path: Path
    workers: int = 1

    @property
    def pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the main process itself with one worker, else its
        spawned children (uvicorn's supervisor only watches them)."""
        tree = descendants(self.pid)
        if self.workers <= 1:
            return [self.pid]
        return [
            p
            for p in tree
            if p != self.pid and "multiprocessing" in cmdline(p) and "resource_tracker" not in cmdline(p)
        ]

    def cpu(self) -> float:
        return sum(tree_cpu(self.pid).values())

    def cpu_by_pid(self) -> dict[int, float]:
        return tree_cpu(self.pid)

    def run_queue_wait(self) -> float:
        """Seconds the serving processes' event loops have waited for a core, summed (see CpuWindow)."""
        return sum(run_queue_wait_seconds(pid) for pid in self.worker_pids())

    def memory(self) -> dict[str, float | None]:
        """Peak RSS (MiB) of each process in the tree, labelled."""
        out: dict[str, float | None] = {}
        workers = set(self.worker_pids())
        for pid in descendants(self.pid):
            if self.name == "simulator":
                role = "simulator"
            else:
                role = "worker" if pid in workers else ("supervisor" if pid == self.pid else "helper")
            out[f"{role} {pid}"] = peak_rss_mib(pid)
        return out

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGTERM)  # the group we created: this process and its workers
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=timeout)
        else:
            try:  # the leader is gone; make sure no orphaned worker of its group lingers
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self in _running:
            _running.remove(self)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _stop_all() -> None:
    for started in list(_running):
        started.stop(timeout=5)


def _on_signal(signum, frame) -> None:
    _stop_all()
    raise SystemExit(128 + signum)


def install_cleanup() -> None:
    """Stop every started process on exit, SIGTERM or Ctrl-C (the harness's entry point calls this)."""
    atexit.register(_stop_all)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _on_signal)


def _start(name: str, args: list[str], env: dict[str, str], url: str, log_dir: Path, workers: int = 1) -> Started:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [*person_graph_command(), *args],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    started = Started(name=name, process=process, url=url, log_path=log_path, workers=workers)
    _running.append(started)
    return started


def wait_healthy(started: Started, timeout: float = 60.0, workers: int = 1) -> None:
    """GET /health until it answers 200 (and, with N workers, until N worker processes exist)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if started.process.poll() is not None:
                raise RuntimeError(f"{started.name} exited with {started.process.returncode}:\n{started.log_tail()}")
            try:
                response = client.get(f"{started.url}/health")
                if response.status_code == 200 and (workers <= 1 or len(started.worker_pids()) >= workers):
                    return
                last = f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                last = type(exc).__name__
            time.sleep(0.2)
    started.stop()
    raise RuntimeError(f"{started.name} not healthy after {timeout:.0f}s ({last}):\n{started.log_tail()}")


def start_simulator(log_dir: Path, size: int = 4000, seed: int = 1, port: int | None = None) -> Started:
    port = port or free_port()
    env = {**os.environ, "LOG_LEVEL": "warning"}
    started = _start(
        "simulator",
        [
            "--log-level",
            "warning",
            "simulator",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--size",
            str(size),
            "--seed",
            str(seed),
        ],
        env,
        f"http://127.0.0.1:{port}",
        log_dir,
    )
    wait_healthy(started, timeout=90)
    return started


def graph_env(simulator_url: str, batching: bool = True, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UPSTREAM_ENV.values()}
    env.update({var: f"{simulator_url}/{name}" for name, var in UPSTREAM_ENV.items()})
    env["HMPPS_AUTH_URL"] = f"{simulator_url}/hmpps-auth"
    env.setdefault("HMPPS_AUTH_ISSUER", SIMULATOR_ISSUER)
    env["BATCHING"] = "on" if batching else "off"
    env["LOG_LEVEL"] = "warning"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def start_graph(
    simulator_url: str,
    log_dir: Path,
    workers: int = 1,
    batching: bool = True,
    port: int | None = None,
    name: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> Started:
    """`person-graph serve` as in production: no access log, log level warning, uvloop + httptools."""
    port = port or free_port()
    name = name or f"graph-{workers}w-{'batching' if batching else 'no-batching'}"
    started = _start(
        name,
        ["--log-level", "warning", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        graph_env(simulator_url, batching, extra_env),
        f"http://127.0.0.1:{port}",
        log_dir,
        workers=workers,
    )
    wait_healthy(started, timeout=60, workers=workers)
    return started


@dataclass
class CpuWindow:
    """CPU seconds a process tree spent between `start()` and `stop()`, and how long its event loops
    were ready to run but waited for a core meanwhile (`waited`): on a machine shared with other load
    that wait, not the server's own work, is where a unit's wall time beyond CPU + floor goes."""

    started: Started
    before: dict[int, float] = field(default_factory=dict)
    after: dict[int, float] = field(default_factory=dict)
    waited_before: float = 0.0
    waited: float = 0.0

    def start(self) -> CpuWindow:
        self.before = self.started.cpu_by_pid()
        self.waited_before = self.started.run_queue_wait()
        return self

    def stop(self) -> CpuWindow:
        self.after = self.started.cpu_by_pid()
        self.waited = max(0.0, self.started.run_queue_wait() - self.waited_before)
        return self

    @property
    def total(self) -> float:
        return sum(self.after.get(pid, 0.0) - self.before.get(pid, 0.0) for pid in self.after)

    def by_worker(self) -> dict[str, float]:
        workers = set(self.started.worker_pids())
        return {str(pid): round(self.after[pid] - self.before.get(pid, 0.0), 3) for pid in self.after if pid in workers}


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    busy = user + nice + system + irq + softirq + steal
    return busy / CLK_TCK, (busy + idle + iowait) / CLK_TCK


def own_cpu() -> float:
    t = os.times()
    return t.user + t.system


@dataclass
class MachineWindow:
    """What the whole machine did meanwhile, to show whether something else competed for the cores:
    `unattributed` = machine busy CPU − (server + simulator + this harness): other processes, plus
    kernel time not charged to any process (softirq, part of it the loopback traffic itself)."""

    busy: float = 0.0
    total: float = 0.0
    own: float = 0.0
    wall: float = 0.0

    def start(self) -> MachineWindow:
        self.busy, self.total = machine_cpu()
        self.own, self.wall = own_cpu(), time.monotonic()
        return self

    def stop(self, *measured: CpuWindow) -> dict:
        busy, total = machine_cpu()
        busy, total = busy - self.busy, total - self.total
        own = own_cpu() - self.own
        ours = own + sum(w.total for w in measured)
        wall = time.monotonic() - self.wall
        return {
            "machineBusyPercent": round(100 * busy / total, 1) if total else None,
            "harnessCpuSeconds": round(own, 2),
            "unattributedCpuSeconds": round(max(0.0, busy - ours), 2),
            "unattributedCores": round(max(0.0, busy - ours) / wall, 2) if wall else None,
        }


def event_loop_runner() -> asyncio.Runner:
    """The harness's own event loop: uvloop, as the servers run on."""
    import uvloop

    return asyncio.Runner(loop_factory=uvloop.new_event_loop)
