"""Starting, ready, draining: what readiness reports besides its checks, and the SIGTERM drain.

On SIGTERM the process first reports not ready (draining) and keeps answering for
SHUTDOWN_DRAIN_SECONDS, so that Kubernetes takes it out of the Service's endpoints before it stops
listening; then uvicorn stops taking new connections and finishes what is in flight within its
graceful-shutdown timeout (SHUTDOWN_GRACE_SECONDS, `person-graph serve`).
"""

from __future__ import annotations

import asyncio
import enum
import logging
import signal
from types import FrameType
from typing import Any

log = logging.getLogger("person_graph.lifecycle")


class Phase(enum.Enum):
    STARTING = "STARTING"
    READY = "READY"
    DRAINING = "DRAINING"


class Lifecycle:
    def __init__(self, drain_seconds: float = 0.0) -> None:
        self.phase = Phase.STARTING
        self.drain_seconds = drain_seconds

    @property
    def ready(self) -> bool:
        return self.phase is Phase.READY

    def started(self) -> None:
        if self.phase is Phase.STARTING:
            self.phase = Phase.READY

    def drain(self) -> None:
        self.phase = Phase.DRAINING

    def handle_sigterm(self) -> None:
        """Under uvicorn (its handler holds SIGTERM): drain first, then hand the signal on to uvicorn.

        Elsewhere (a test client, another server) signals are left alone.
        """
        previous = signal.getsignal(signal.SIGTERM)
        owner = getattr(previous, "__self__", None)
        if not callable(previous) or type(owner).__module__ != "uvicorn.server":
            return
        loop = asyncio.get_running_loop()

        def stop_later(sig: int, frame: FrameType | None) -> None:
            previous(sig, frame)

        def on_sigterm(sig: int, frame: FrameType | None) -> Any:
            if self.phase is Phase.DRAINING:  # a second SIGTERM: stop now
                return previous(sig, frame)
            self.drain()
            log.info("SIGTERM: not ready; stopping in %.1f s", self.drain_seconds)
            # Signal handlers run between bytecodes of the loop's thread: schedule, do not act here.
            loop.call_soon_threadsafe(loop.call_later, self.drain_seconds, stop_later, sig, None)

        signal.signal(signal.SIGTERM, on_sigterm)
