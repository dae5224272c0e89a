"""web/http_guard.py: the connection guard, driven through uvicorn's protocol interface with a recording
transport (the real server's behaviour is tests/e2e/test_abuse.py's). Timeouts are tens of milliseconds;
the sleeps that wait for them are the only waits."""

from __future__ import annotations

import asyncio

import orjson
import pytest
from uvicorn.config import Config
from uvicorn.server import ServerState

from settings import HttpLimits
from web.http_guard import GuardedHttpToolsProtocol

LIMITS = HttpLimits(header_timeout_seconds=0.05, body_timeout_seconds=0.1, max_header_bytes=1024, max_header_count=10)
GET = b"GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: graph\r\n\r\n"


class Transport(asyncio.Transport):
    """Records what the protocol writes and whether it closed the connection."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closed = False

    def write(self, data) -> None:
        self.written += data

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name, default=None):
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def status(self) -> int:
        return int(bytes(self.written).split(b" ", 2)[1])

    def json(self) -> dict:
        return orjson.loads(bytes(self.written).split(b"\r\n\r\n", 1)[1])


class App:
    """Reads the whole body, then answers 200 with how many bytes it read; records a disconnect."""

    def __init__(self) -> None:
        self.disconnected = False

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.disconnected = True
                return
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = str(size).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})


def connect(app: App, state: ServerState | None = None, max_connections: int | None = None):
    config = Config(app=app, lifespan="off", limit_concurrency=max_connections)
    protocol = GuardedHttpToolsProtocol(config, state or ServerState(), {}, limits=LIMITS)
    transport = Transport()
    protocol.connection_made(transport)
    return protocol, transport


async def settle(seconds: float = 0.0) -> None:
    await asyncio.sleep(seconds)
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_request_within_the_limits_is_answered_and_its_connection_is_not_timed_out_when_idle():
    protocol, transport = connect(App())
    protocol.data_received(GET)
    await settle()
    assert transport.status() == 200 and not transport.closed
    await settle(LIMITS.body_timeout_seconds * 2)  # an idle kept-alive connection is uvicorn's keep-alive's
    assert not transport.closed
    protocol.data_received(GET)  # and the next request on it is timed from its own first bytes
    await settle()
    assert transport.written.count(b"HTTP/1.1 200") == 2 and not transport.closed


async def test_a_head_that_does_not_arrive_in_time_is_408_in_json():
    protocol, transport = connect(App())
    protocol.data_received(b"GET /graphql HTTP/1.1\r\nHost: gr")
    await settle(LIMITS.header_timeout_seconds * 2)
    assert transport.closed and transport.status() == 408
    assert transport.json()["errors"][0]["extensions"] == {"code": "REQUEST_READ_TIMEOUT"}
    protocol.data_received(b"aph\r\n\r\n")  # too late: nothing more is read
    assert transport.status() == 408


async def test_a_connection_that_sends_nothing_is_closed_after_the_head_timeout():
    _protocol, transport = connect(App())
    await settle(LIMITS.header_timeout_seconds * 2)
    assert transport.closed and transport.status() == 408


async def test_a_trickled_body_is_408_and_the_app_sees_a_disconnect():
    app = App()
    protocol, transport = connect(app)
    protocol.data_received(b"POST /graphql HTTP/1.1\r\nHost: graph\r\nContent-Length: 100\r\n\r\n{")
    for _ in range(4):  # a byte every 40 ms: each gap within the timeout, the whole body not
        await settle(0.04)
        protocol.data_received(b" ")
    await settle(LIMITS.body_timeout_seconds)
    assert transport.closed and transport.status() == 408
    assert "body" in transport.json()["errors"][0]["message"]
    assert app.disconnected


async def test_a_body_that_arrives_in_time_is_read():
    protocol, transport = connect(App())
    protocol.data_received(b"POST /graphql HTTP/1.1\r\nHost: graph\r\nContent-Length: 3\r\n\r\n{")
    await settle(LIMITS.body_timeout_seconds / 4)
    protocol.data_received(b"}\n")
    await settle()
    assert transport.status() == 200 and transport.written.endswith(b"\r\n\r\n3")


async def test_a_head_over_the_size_limit_is_431_before_the_rest_arrives():
    protocol, transport = connect(App())
    protocol.data_received(b"GET /graphql HTTP/1.1\r\nX-Big: ")
    sent = 0
    while not transport.closed and sent < 100 * LIMITS.max_header_bytes:  # bounded: a broken guard never closes
        protocol.data_received(b"a" * 256)
        sent += 256
    assert transport.status() == 431 and sent <= LIMITS.max_header_bytes + 256
    assert transport.json()["errors"][0]["extensions"] == {"code": "HEADERS_TOO_LARGE"}


async def test_a_head_over_the_size_limit_in_one_read_is_431():
    protocol, transport = connect(App())
    protocol.data_received(b"GET /graphql HTTP/1.1\r\nX-Big: " + b"a" * 2000 + b"\r\n\r\n")
    assert transport.closed and transport.status() == 431


async def test_a_small_head_with_a_large_body_in_the_same_read_is_not_refused():
    protocol, transport = connect(App())
    body = b" " * 5000
    protocol.data_received(b"POST /graphql HTTP/1.1\r\nHost: g\r\nContent-Length: 5000\r\n\r\n" + body)
    await settle()
    assert transport.status() == 200 and transport.written.endswith(b"5000")


@pytest.mark.parametrize(("count", "status"), [(LIMITS.max_header_count, 200), (LIMITS.max_header_count + 1, 431)])
async def test_the_header_count_limit(count, status):
    protocol, transport = connect(App())
    headers = b"".join(b"x-%d: 1\r\n" % i for i in range(count - 1))
    protocol.data_received(b"GET /graphql HTTP/1.1\r\nHost: g\r\n" + headers + b"\r\n")
    await settle()
    assert transport.status() == status


async def test_invalid_http_is_400_in_json():
    protocol, transport = connect(App())
    protocol.data_received(b"NOT\x00HTTP\r\n\r\n")
    assert transport.closed and transport.status() == 400
    assert transport.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}


async def test_over_max_connections_is_503_in_json_with_retry_after():
    state = ServerState()
    first, _ = connect(App(), state, max_connections=2)
    second, transport = connect(App(), state, max_connections=2)
    assert {first, second} <= state.connections
    second.data_received(GET)
    assert transport.closed and transport.status() == 503
    assert b"\r\nretry-after: 1\r\n" in transport.written
    assert transport.json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE"}


async def test_pipelined_requests_are_each_answered_and_timed():
    protocol, transport = connect(App())
    protocol.data_received(GET + GET + b"GET /graphql HTTP/1.1\r\nHo")  # a third, unfinished head
    await settle()
    assert transport.written.count(b"HTTP/1.1 200") == 2
    await settle(LIMITS.header_timeout_seconds * 2)
    assert transport.closed and bytes(transport.written).rsplit(b"HTTP/1.1 ", 1)[1].startswith(b"408")
