"""The one mechanism every upstream client shares: base URL, token, timeouts, retries, breaker, parsing.

A client method is a few lines: a path, maybe a body, and the pydantic type of the answer.
404 becomes None (the caller decides whether that means "not found" or "nothing"); every other
failure becomes an UpstreamError naming the system.

Reads are retried, writes never: a GET is a read; a POST is a write unless its method says
`idempotent=True` (the batch lookups and searches). Retries follow docs/adr/0014-upstream-resilience.md:
connection errors, 502/503/504 and 429 only, with jittered backoff (stamina), Retry-After honoured,
within the upstream's retry budget and the request's deadline; a circuit breaker per upstream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import orjson
import stamina
from opentelemetry.trace import SpanKind
from prometheus_client import Counter, Histogram
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from settings import UpstreamResilience
from telemetry import request_stats, tracing
from telemetry.metrics import UPSTREAM_DURATION, UPSTREAM_REQUESTS
from upstream import stall
from upstream.auth import ClientCredentials
from upstream.breaker import CircuitBreaker
from upstream.deadline import current_deadline
from upstream.errors import (
    UpstreamCircuitOpen,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from upstream.requests import RequestFactory
from upstream.retry_budget import RetryBudget

log = logging.getLogger("person_graph.upstream")
T = TypeVar("T")

RETRIED_STATUSES = frozenset({429, 502, 503, 504})
# Failures before any answer: the request may not have reached the upstream, or a kept-alive
# connection was closed under it. A read timeout is not among them: the upstream is slow, and
# asking again would add to its load.
RETRIED_TRANSPORT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError)


class UpstreamModel(BaseModel):
    """Upstream JSON: unknown fields ignored (services add fields), names as the service spells them."""

    model_config = ConfigDict(extra="ignore", frozen=True)


_adapters: dict[Any, TypeAdapter] = {}


def _adapter(type_: Any) -> TypeAdapter:
    adapter = _adapters.get(type_)
    if adapter is None:
        adapter = _adapters[type_] = TypeAdapter(type_)
    return adapter


class Retryable(Exception):
    """One attempt failed in a way another attempt might not; carries the error to raise if none is made."""

    def __init__(self, error: UpstreamError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After in seconds; the HTTP-date form is not used by these services, and is ignored."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


class UpstreamClient:
    def __init__(
        self,
        name: str,
        http: httpx.AsyncClient,
        base_url: str,
        tokens: ClientCredentials,
        max_concurrency: int = 100,
        deadline_seconds: float = 10.0,
        resilience: UpstreamResilience | None = None,
    ) -> None:
        self.name = name
        self._http = http
        self._base_url = base_url
        self._tokens = tokens
        # Requests go straight to the pool's transport: none of httpx.AsyncClient's per-request
        # work (URL merging, cookies, auth and redirect flows, event hooks) applies to an upstream.
        self._transport = http._transport_for_url(httpx.URL(base_url))
        self._requests = RequestFactory(base_url, http.timeout)
        # Bounds this process's requests in flight to one upstream, however many people a query asks for.
        self._slots = asyncio.Semaphore(max_concurrency)
        # httpx's timeout is per read; a body dribbled slowly needs a whole-attempt bound too.
        self._attempt_seconds = deadline_seconds
        self._series: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}
        policy = resilience or UpstreamResilience()
        self._policy = policy
        self.breaker = CircuitBreaker(
            name,
            policy.breaker_window_seconds,
            policy.breaker_minimum_calls,
            policy.breaker_failure_rate,
            policy.breaker_open_seconds,
        )
        self.retry_budget = RetryBudget(
            policy.retry_budget_ratio, policy.retry_budget_minimum, policy.retry_budget_window_seconds
        )

    async def get(self, path: str, answer: type[T], params: dict[str, Any] | None = None) -> T | None:
        return await self._call("GET", path, answer, params, None, True)

    async def post(
        self, path: str, body: Any, answer: type[T], params: dict[str, Any] | None = None, idempotent: bool = False
    ) -> T | None:
        """`idempotent=True`: this POST only reads (a batch lookup, a search), so it may be retried."""
        return await self._call("POST", path, answer, params, orjson.dumps(body), idempotent)

    async def put(self, path: str, body: Any, answer: type[T], params: dict[str, Any] | None = None) -> T | None:
        """A write: never retried. A body of None sends none."""
        return await self._call("PUT", path, answer, params, None if body is None else orjson.dumps(body), False)

    @contextlib.asynccontextmanager
    async def stream(
        self, path: str, media_types: tuple[str, ...], params: dict[str, Any] | None = None
    ) -> AsyncIterator[StreamedAnswer | None]:
        """A GET whose answer is passed on as it arrives (an image), never held whole: yields None on
        404, else the answer, open until the block ends. Retried as any read until its headers arrive.
        An answer of none of `media_types` is unreadable (UpstreamUnavailable); JSON is accepted only
        for errors (the services' ErrorResponse)."""
        accept = ", ".join((*media_types, "application/json;q=0.1"))
        route = route_template(path)
        request_stats.count_upstream_call()
        deadline = current_deadline()
        with tracing.span(
            f"GET {route}", SpanKind.CLIENT, {"upstream": self.name, "http.request.method": "GET", "http.route": route}
        ) as span:
            try:
                if deadline is None:
                    response = await self._send("GET", path, route, params, None, True, deadline, stream=accept)
                else:
                    async with asyncio.timeout_at(deadline):
                        response = await self._send("GET", path, route, params, None, True, deadline, stream=accept)
            except TimeoutError as exc:
                raise UpstreamTimeout(self.name, f"GET {path}: the request's deadline passed") from exc
            if span is not None:
                span.set_attribute("http.response.status_code", response.status_code)
        try:
            status = response.status_code
            if status >= 400:
                self.breaker.record(True)  # the upstream answered: it is our request it refused
                if status == 404:
                    yield None
                    return
                raise UpstreamRejected(self.name, f"GET {path} answered {status}", status)
            media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
            if media_type not in media_types:
                self.breaker.record(False)
                raise UpstreamUnavailable(self.name, f"GET {path} answered {media_type or 'no content type'}")
            self.breaker.record(True)
            yield StreamedAnswer(self.name, path, response)
        finally:
            await response.aclose()

    async def _call(
        self, method: str, path: str, answer: Any, params: dict[str, Any] | None, content: bytes | None, retry: bool
    ) -> Any:
        route = route_template(path)
        request_stats.count_upstream_call()
        deadline = current_deadline()
        with tracing.span(
            f"{method} {route}",
            SpanKind.CLIENT,
            {"upstream": self.name, "http.request.method": method, "http.route": route},
        ) as span:
            try:
                with stall.watch_call():  # a long wait gives the request's admission place back
                    if deadline is None:
                        response = await self._send(method, path, route, params, content, retry, deadline)
                    else:
                        async with asyncio.timeout_at(deadline):  # queueing for a slot and retries count too
                            response = await self._send(method, path, route, params, content, retry, deadline)
            except TimeoutError as exc:
                raise UpstreamTimeout(self.name, f"{method} {path}: the request's deadline passed") from exc
            if span is not None:
                span.set_attribute("http.response.status_code", response.status_code)
        status = response.status_code
        if status == 404:
            self.breaker.record(True)
            return None
        if status >= 400:  # 5xx and 429 were raised by _attempt
            self.breaker.record(True)  # the upstream is well: it is our request it refused
            raise UpstreamRejected(self.name, f"{method} {path} answered {status}", status, _user_message(response))
        try:
            parsed = _adapter(answer).validate_json(response.content)
        except ValidationError as exc:
            self.breaker.record(False)
            log.warning("unreadable answer from %s %s %s: %d errors", self.name, method, path, exc.error_count())
            raise UpstreamUnavailable(self.name, f"{method} {path} answered with a body we could not read") from exc
        self.breaker.record(True)
        return parsed

    async def _send(
        self,
        method: str,
        path: str,
        route: str,
        params: dict[str, Any] | None,
        content: bytes | None,
        retry: bool,
        deadline: float | None,
        stream: str | None = None,
    ) -> httpx.Response:
        """`stream`: the media types to accept for an answer whose body is left unread (see `stream`)."""
        self.retry_budget.record_request()
        try:
            return await self._attempt(method, path, route, params, content, stream)
        except Retryable as failure:
            if not retry or self._policy.attempts < 2:
                raise failure.error from failure
            first: Retryable | None = failure
        made = 1  # attempts so far: stamina asks the hook before it checks its own limit

        def may_retry(exc: Exception) -> bool | float:
            return made < self._policy.attempts and self._may_retry(exc, deadline)

        # Only once the first attempt has failed: stamina's machinery costs more than a whole request.
        try:
            async for attempt in stamina.retry_context(
                on=may_retry,
                attempts=self._policy.attempts,
                timeout=None,  # the request's deadline bounds it (and _may_retry waits for nothing past it)
                wait_initial=self._policy.backoff_initial_seconds,
                wait_max=self._policy.backoff_max_seconds,
                wait_jitter=self._policy.backoff_jitter_seconds,
            ):
                with attempt:
                    if first is not None:  # stamina counts the attempt already made as its first
                        failed, first = first, None
                        raise failed
                    made += 1
                    return await self._attempt(method, path, route, params, content, stream)
        except Retryable as failure:
            raise failure.error from failure
        raise AssertionError("stamina ends in a return or an exception")  # pragma: no cover

    def _may_retry(self, exc: Exception, deadline: float | None) -> bool | float:
        """stamina's hook: whether to try again, and if the upstream said when, how long to wait."""
        if not isinstance(exc, Retryable):
            return False
        wait = exc.retry_after
        if wait is not None:
            left = None if deadline is None else deadline - asyncio.get_running_loop().time()
            if wait > self._policy.max_retry_after_seconds or (left is not None and wait >= left):
                return False  # not waiting that long: fail now with the upstream's answer
        if not self.retry_budget.try_spend():
            log.warning("retry budget spent for %s: not retrying", self.name)
            return False
        return True if wait is None else wait

    async def _attempt(
        self,
        method: str,
        path: str,
        route: str,
        params: dict[str, Any] | None,
        content: bytes | None,
        stream: str | None = None,
    ) -> httpx.Response:
        """One request (two if a 401 says the token went stale); raises Retryable or UpstreamError.
        Each is counted and timed by route template (never a person's id). `stream`: the media types
        accepted; the body is then left unread (a failed answer's is closed here)."""
        for tries_left in (1, 0):
            if not self.breaker.allow():
                raise UpstreamCircuitOpen(self.name, f"{method} {path} not attempted: the circuit is open")
            token = await self._tokens.token()
            if stream is None:
                request = self._requests.build(method, path, params, content, token)
            else:
                request = self._requests.build(method, path, params, content, token, accept=stream, stream=True)
            tracing.inject(request.headers)  # traceparent, when tracing is on
            start = time.perf_counter()
            try:
                async with self._slots:
                    start = time.perf_counter()  # time queued for a slot is not the upstream's
                    async with asyncio.timeout(self._attempt_seconds):  # time queued for a slot does not count
                        response = await self._transport.handle_async_request(request)
                        if stream is None:
                            await response.aread()
            except RETRIED_TRANSPORT_ERRORS as exc:
                self._observe(method, route, "timeout" if isinstance(exc, httpx.TimeoutException) else "error", start)
                self.breaker.record(False)
                error: UpstreamError = (
                    UpstreamTimeout(self.name, f"{method} {path} timed out connecting")
                    if isinstance(exc, httpx.ConnectTimeout)
                    else UpstreamUnavailable(self.name, f"{method} {path} failed: {type(exc).__name__}")
                )
                raise Retryable(error) from exc
            except (httpx.TimeoutException, TimeoutError) as exc:
                self._observe(method, route, "timeout", start)
                self.breaker.record(False)
                raise UpstreamTimeout(self.name, f"{method} {path} timed out") from exc
            except httpx.HTTPError as exc:
                self._observe(method, route, "error", start)
                self.breaker.record(False)
                raise UpstreamUnavailable(self.name, f"{method} {path} failed: {type(exc).__name__}") from exc
            self._observe(method, route, str(response.status_code), start)
            status = response.status_code
            if stream is not None and (status >= 500 or status == 429 or (status == 401 and tries_left)):
                await response.aclose()  # not passed on: its connection goes back to the pool
            if status == 401 and tries_left:
                self._tokens.invalidate(token)  # expired or revoked early: fetch a new token once
                continue
            if status >= 500 or status == 429:
                self.breaker.record(False)
                unavailable = UpstreamUnavailable(self.name, f"{method} {path} answered {status}")
                if status in RETRIED_STATUSES:
                    raise Retryable(unavailable, retry_after_seconds(response.headers.get("retry-after")))
                raise unavailable
            return response
        raise AssertionError("the loop returns or raises")  # pragma: no cover

    def _observe(self, method: str, route: str, outcome: str, start: float) -> None:
        # The labelled series are looked up once per (method, route, outcome): prometheus_client's
        # `labels` costs as much as the update itself. As bounded as the labels (route templates).
        series = self._series.get((method, route, outcome))
        if series is None:
            series = self._series[(method, route, outcome)] = (
                UPSTREAM_REQUESTS.labels(self.name, method, route, outcome),
                UPSTREAM_DURATION.labels(self.name, method, route),
            )
        series[0].inc()
        series[1].observe(time.perf_counter() - start)

    async def ping(self, timeout_seconds: float) -> int:
        """The service's own health endpoint (`/health/ping`, unauthenticated): its HTTP status."""
        response = await self._http.get(self._base_url + "/health/ping", timeout=timeout_seconds)
        return response.status_code


class StreamedAnswer:
    """An upstream answer whose body is read chunk by chunk (UpstreamClient.stream)."""

    def __init__(self, upstream: str, path: str, response: httpx.Response) -> None:
        self._upstream = upstream
        self._path = path
        self._response = response
        self.content_type = response.headers.get("content-type", "")
        encoded = "content-encoding" in response.headers  # httpx decodes it: the length is not ours to pass on
        length = response.headers.get("content-length", "")
        self.content_length: int | None = int(length) if length.isdigit() and not encoded else None

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives; a failure part way is UpstreamUnavailable or UpstreamTimeout."""
        try:
            async for chunk in self._response.aiter_bytes():
                yield chunk
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(self._upstream, f"GET {self._path} timed out reading the body") from exc
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable(self._upstream, f"GET {self._path} failed: {type(exc).__name__}") from exc


def _user_message(response: httpx.Response) -> str | None:
    """The `userMessage` of an HMPPS ErrorResponse body, if the body is one (resolvers decide whether to show it)."""
    try:
        body = response.json()
    except ValueError:
        return None
    message = body.get("userMessage") if isinstance(body, dict) else None
    return message if isinstance(message, str) else None


class UnsafePathSegment(ValueError):
    """An identifier that would change the upstream path: resolvers/ids.py should have refused it."""


def path_segment(value: str | int) -> str:
    """An identifier made safe to put in a URL path: every character but unreserved ones percent-encoded.

    `.` and `..` are refused outright (percent-encoding leaves them as they are, and a client or
    proxy would resolve them as path steps), as is the empty segment. Resolvers validate
    identifiers first (resolvers/ids.py); this is the last line, so it raises rather than answers.
    """
    text = str(value)
    if text in ("", ".", "..") or not text.isprintable():
        raise UnsafePathSegment(f"refused path segment of {len(text)} characters")
    segment = quote(text, safe="")
    _identifier_segments.set((*_identifier_segments.get(), segment))
    return segment


# The segments path_segment made since this task's last upstream call: the identifiers in the path
# the client method is building (the f-string is evaluated, then the call starts, with no await
# between), so the call can name its route template without a list kept beside each method.
_identifier_segments: ContextVar[tuple[str, ...]] = ContextVar("upstream_identifier_segments", default=())


def route_template(path: str) -> str:
    """The path with each identifier segment as `{id}` (`/api/offenders/{id}`), for metrics and spans."""
    identifiers = _identifier_segments.get()
    _identifier_segments.set(())
    if not identifiers:
        return path
    return "/".join("{id}" if part in identifiers else part for part in path.split("/"))
