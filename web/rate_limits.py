"""Per-consumer rate limits (consumers file `rateLimit`), counted in the shared store across replicas.

- `requestsPerMinute`: each /graphql request counts one; past the limit, HTTP 429.
- `upstreamRequestsPerMinute`: a request's upstream calls are counted when it ends (upstream/calls.py);
  once the minute's budget is spent, the next requests are refused with 429 until the window resets.
  A request in flight is never cut short.
Every 429 carries Retry-After (whole seconds until the window resets) and a JSON error, code RATE_LIMITED.
Fixed one-minute windows (the `limits` library): cheap in Redis, one counter per consumer and limit.
"""

from __future__ import annotations

import math

from limits import RateLimitItem, RateLimitItemPerMinute

from access.consumers import Consumer
from state.store import Store
from telemetry import request_stats
from web.errors import send_error


class RateLimited:
    def __init__(self, app, store: Store) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope, receive, send) -> None:
        consumer: Consumer | None = scope.get("consumer") if scope["type"] == "http" else None
        if consumer is None:
            return await self.app(scope, receive, send)
        limit = consumer.rate_limit
        if limit.requests_per_minute is not None:
            requests = RateLimitItemPerMinute(limit.requests_per_minute)
            if not await self.store.hit(requests, f"requests:{consumer.name}"):
                return await self._refuse(scope, send, requests, f"requests:{consumer.name}", "requests")
        if limit.upstream_requests_per_minute is None:
            return await self.app(scope, receive, send)
        upstream = RateLimitItemPerMinute(limit.upstream_requests_per_minute)
        if await self.store.exhausted(upstream, f"upstream:{consumer.name}"):
            return await self._refuse(scope, send, upstream, f"upstream:{consumer.name}", "upstream requests")
        # The request's own count (telemetry/request_stats.py, begun by the access log).
        stats = request_stats.current() or request_stats.begin_request()
        before = stats.upstream_calls
        try:
            await self.app(scope, receive, send)
        finally:
            if used := stats.upstream_calls - before:
                await self.store.hit(upstream, f"upstream:{consumer.name}", cost=used)

    async def _refuse(self, scope, send, limit: RateLimitItem, key: str, what: str) -> None:
        retry_after = max(1, math.ceil(await self.store.seconds_until_reset(limit, key)))
        await send_error(
            scope,
            send,
            429,
            f"Rate limit exceeded: {limit.amount} {what} per minute for this consumer; retry after {retry_after} s",
            headers={"Retry-After": str(retry_after)},
            limit=f"{limit.amount} {what} per minute",
            retryAfterSeconds=retry_after,
        )
