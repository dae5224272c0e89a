"""The cyclic garbage collector's settings for a long-running server process (the graph's workers,
the standalone simulator): docs/adr/0018-garbage-collector-in-servers.md.

With CPython's defaults (a young collection every 700 allocations, a full one once the survivors
reach a quarter of the old generation) a wing list of 100 spent a quarter to a third of the
server's CPU in the collector: every full collection walked the ~150,000 objects built at start-up
(the schema, the clients, the simulator's population), which never become garbage, and the young
collections promoted the request's own objects, alive until its answer is sent, again and again.
"""

from __future__ import annotations

import gc

# Young collections per middle one, and middle ones per full one (CPython: 10 and 10).
OLDER_THRESHOLD = 20


def settle_heap(young_threshold: int) -> None:
    """Call once, when the process has built what it keeps for its lifetime: start-up's garbage is
    collected, every object alive now is moved out of the collector's reach for good (`gc.freeze`:
    they are still freed by reference counting, only never scanned), and young collections run
    every `young_threshold` allocations (net of frees; CPython's default is 700, the graph's
    Settings.gc_young_threshold). 0 turns the cyclic collector off."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(young_threshold, OLDER_THRESHOLD, OLDER_THRESHOLD)
