"""What the HTTP connection guard (web/http_guard.py) adds to a tiny request, in CPU: uvicorn's httptools
protocol and the guarded one, each fed the same small POST on a kept-alive connection and on a new
connection per request, with an ASGI app that answers at once, on uvloop. No sockets: the protocol's
own work only, which is all the guard changes.

    .venv/bin/python -m bench.guard_cost          # a few seconds; prints microseconds per request
"""

from __future__ import annotations

import asyncio
import statistics
import time

import uvloop
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from settings import HttpLimits
from web.http_guard import GuardedHttpToolsProtocol

BODY = b'{"query": "query Small { prison(prisonId: \\"MDI\\") { prisoners(perPage: 1) { items { hmppsId } } } }"}'
# A request as it arrives through the ingress: a bearer token, a trace context, forwarding headers.
REQUEST = (
    b"POST /graphql HTTP/1.1\r\nHost: person-graph.hmpps.service.justice.gov.uk\r\n"
    b"Authorization: Bearer " + b"x" * 900 + b"\r\n"
    b"Content-Type: application/json\r\nAccept: application/json\r\n"
    b"traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
    b"X-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: https\r\nX-Request-Id: 5b0c3e4a\r\n"
    b"Content-Length: %d\r\n\r\n" % len(BODY)
) + BODY
ANSWER = b'{"data":{"prison":{"prisoners":{"items":[{"hmppsId":"A1234BC"}]}}}}'


class Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    def write(self, data) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name, default=None):
        return {"sockname": ("127.0.0.1", 8000), "peername": ("10.0.0.1", 50000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def app(scope, receive, send) -> None:
    await receive()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(ANSWER))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": ANSWER})


async def per_request_microseconds(factory, requests: int, new_connections: bool) -> float:
    state = ServerState()
    protocol = None
    started = time.process_time()
    for _ in range(requests):
        if protocol is None or new_connections:
            if protocol is not None:
                protocol.connection_lost(None)
            protocol = factory(state)
            protocol.connection_made(Transport())
        protocol.data_received(REQUEST)
        while state.tasks:  # the app's task, to the end of its answer
            await asyncio.sleep(0)
    protocol.connection_lost(None)
    return (time.process_time() - started) / requests * 1e6


async def measure(rounds: int = 7, requests: int = 5_000) -> dict[str, dict[str, float]]:
    config = Config(app=app, lifespan="off", limit_concurrency=1000, access_log=False, log_config=None)
    config.load()
    limits = HttpLimits()
    protocols = {
        "uvicorn httptools": lambda state: HttpToolsProtocol(config, state, {}),
        "guarded": lambda state: GuardedHttpToolsProtocol(config, state, {}, limits=limits),
    }
    results: dict[str, dict[str, float]] = {}
    for connections in ("kept alive", "new each"):
        samples: dict[str, list[float]] = {name: [] for name in protocols}
        for _ in range(rounds):  # interleaved, so that a busy moment on the machine hits both
            for name, factory in protocols.items():
                samples[name].append(await per_request_microseconds(factory, requests, connections == "new each"))
        results[connections] = {name: statistics.median(values) for name, values in samples.items()}
    return results


def main() -> None:
    results = uvloop.run(measure())
    print("microseconds of CPU per tiny request (median of 7 rounds of 5,000)")
    for connections, by_protocol in results.items():
        stock, guarded = by_protocol["uvicorn httptools"], by_protocol["guarded"]
        print(f"  {connections:10}  uvicorn {stock:6.1f}  guarded {guarded:6.1f}  (+{guarded - stock:.1f})")


if __name__ == "__main__":
    main()
