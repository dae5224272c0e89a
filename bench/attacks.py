"""Attacks on the graph: hostile GraphQL documents, and what a slow or oversized client sends over raw sockets.

Used by the abuse suite (tests/e2e/test_abuse.py) to check each is refused, and by bench/abuse.py to
measure what each costs a small query sent meanwhile. Every attack is bounded in bytes and in time.
"""

from __future__ import annotations

import selectors
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

MB = 1024 * 1024
SLOW_HEAD = b"GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


def fragment_fan_out(levels: int, fan: int = 10) -> str:
    """Fragments each spreading the next `fan` times: fan**levels selections in under 1 KB (levels 9)."""
    fragments = "".join(
        f"fragment F{i} on Person {{ " + " ".join(f"...F{i + 1}" for _ in range(fan)) + " }\n" for i in range(levels)
    )
    return '{ person(hmppsId: "A1234BC") { ...F0 } }\n' + fragments + f"fragment F{levels} on Person {{ hmppsId }}"


def alias_bomb(aliases: int = 5000) -> str:
    return '{ person(hmppsId: "A1234BC") { ' + " ".join(f"a{i}: hmppsId" for i in range(aliases)) + " } }"


def connect(url: str, timeout: float = 30.0) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=timeout)


def status_of(answer: bytes) -> int | None:
    """The HTTP status of a response's first bytes; None for no (or no HTTP) answer."""
    fields = answer.split(b" ", 2)
    return int(fields[1]) if len(fields) > 1 and answer.startswith(b"HTTP/1.1 ") and fields[1].isdigit() else None


def read_answer(sock: socket.socket, timeout: float = 30.0) -> bytes:
    """A response's head (or what the server wrote before it closed, or `timeout` passed); b"" if it
    reset the connection."""
    sock.settimeout(timeout)
    answer = b""
    try:
        while b"\r\n\r\n" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return answer


def send_until_answered(url: str, head: bytes, chunks: Iterable[bytes], limit_bytes: int) -> tuple[int | None, int]:
    """Sends `head` then `chunks` until the server answers (or `limit_bytes` are sent); returns
    (HTTP status, bytes sent after the head)."""
    sent = 0
    with connect(url) as sock:
        selector = selectors.DefaultSelector()
        selector.register(sock, selectors.EVENT_READ)
        try:
            sock.sendall(head)
            for chunk in chunks:
                if selector.select(0) or sent > limit_bytes:
                    break
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        selector.close()
        return status_of(read_answer(sock)), sent


def huge_header(url: str, size: int = 10 * MB) -> tuple[int | None, int]:
    """One header `size` bytes long; (status, bytes of it sent before the answer)."""
    chunk = b"a" * (64 * 1024)
    return send_until_answered(url, SLOW_HEAD, (chunk for _ in range(size // len(chunk))), size)


def header_lines(url: str, lines: int = 100_000) -> tuple[int | None, int]:
    """`lines` short headers; (status, bytes of them sent before the answer)."""
    per_chunk = 4096
    chunks = (
        b"".join(b"x-%d: 1\r\n" % i for i in range(start, min(start + per_chunk, lines)))
        for start in range(0, lines, per_chunk)
    )
    return send_until_answered(url, b"GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n", chunks, 100 * MB)


@dataclass
class Trickled:
    statuses: list[int | None]  # each connection's answer: None if it was closed without one
    still_open: int  # connections the server had not closed when the attack gave up


def trickle(
    url: str, head: bytes, connections: int, interval: float, bound_seconds: float, sent: threading.Event | None = None
) -> Trickled:
    """`connections` connections each send `head`, then one byte every `interval` seconds, until the
    server answers or closes each; after `bound_seconds` the attack gives up (a hang, for a test).
    `sent` is set once every head has been sent."""
    selector = selectors.DefaultSelector()
    socks = [connect(url) for _ in range(connections)]
    statuses: dict[socket.socket, int | None] = {}
    for sock in socks:
        sock.sendall(head)
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    if sent is not None:
        sent.set()
    deadline = time.monotonic() + bound_seconds
    try:
        while len(statuses) < len(socks) and time.monotonic() < deadline:
            for key, _ in selector.select(interval):
                sock = key.fileobj  # type: ignore[assignment]
                selector.unregister(sock)
                statuses[sock] = status_of(read_answer(sock, timeout=5))
            for sock in socks:
                if sock not in statuses:
                    try:
                        sock.send(b"a")
                    except OSError:  # closed under us: answered at the next select, or reset
                        pass
    finally:
        selector.close()
        for sock in socks:
            sock.close()
    return Trickled([statuses[s] for s in socks if s in statuses], sum(s not in statuses for s in socks))


def slow_headers(
    url: str,
    connections: int = 200,
    interval: float = 0.1,
    bound_seconds: float = 60,
    sent: threading.Event | None = None,
) -> Trickled:
    """Connections sending one header a byte at a time (slowloris)."""
    return trickle(url, SLOW_HEAD, connections, interval, bound_seconds, sent)


def trickled_body(
    url: str,
    connections: int = 1,
    interval: float = 0.1,
    bound_seconds: float = 60,
    sent: threading.Event | None = None,
) -> Trickled:
    """POSTs whose 1,000-byte body arrives a byte at a time."""
    head = (
        b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b'Content-Length: 1000\r\n\r\n{"query": "'
    )
    return trickle(url, head, connections, interval, bound_seconds, sent)
