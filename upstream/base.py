"""The one mechanism every upstream client shares: base URL, token, timeout, errors, parsing.

A client method is a few lines: a path, maybe a body, and the pydantic type of the answer.
404 becomes None (the caller decides whether that means "not found" or "nothing"); every other
failure becomes an UpstreamError naming the system.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from upstream.auth import ClientCredentials
from upstream.errors import UpstreamRejected, UpstreamTimeout, UpstreamUnavailable

log = logging.getLogger("person_graph.upstream")
T = TypeVar("T")


class UpstreamModel(BaseModel):
    """Upstream JSON: unknown fields ignored (services add fields), names as the service spells them."""

    model_config = ConfigDict(extra="ignore", frozen=True)


_adapters: dict[Any, TypeAdapter] = {}


def _adapter(type_: Any) -> TypeAdapter:
    adapter = _adapters.get(type_)
    if adapter is None:
        adapter = _adapters[type_] = TypeAdapter(type_)
    return adapter


class UpstreamClient:
    def __init__(
        self,
        name: str,
        http: httpx.AsyncClient,
        base_url: str,
        tokens: ClientCredentials,
        max_concurrency: int = 100,
        deadline_seconds: float = 10.0,
    ) -> None:
        self.name = name
        self._http = http
        self._base_url = base_url
        self._tokens = tokens
        # Bounds this process's requests in flight to one upstream, however many people a query asks for.
        self._slots = asyncio.Semaphore(max_concurrency)
        # httpx's timeout is per read; a body dribbled slowly needs a whole-request deadline too.
        self._deadline = deadline_seconds

    async def get(self, path: str, answer: type[T], params: dict[str, Any] | None = None) -> T | None:
        return await self._call("GET", path, answer, params=params)

    async def post(self, path: str, body: Any, answer: type[T], params: dict[str, Any] | None = None) -> T | None:
        return await self._call("POST", path, answer, params=params, json=body)

    async def put(self, path: str, body: Any, answer: type[T], params: dict[str, Any] | None = None) -> T | None:
        return await self._call("PUT", path, answer, params=params, json=body)

    async def _call(self, method: str, path: str, answer: Any, **kwargs: Any) -> Any:
        url = self._base_url + path
        for attempt in (1, 2):
            token = await self._tokens.token()
            try:
                async with self._slots:
                    async with asyncio.timeout(self._deadline):  # time queued for a slot does not count
                        response = await self._http.request(
                            method, url, headers={"Authorization": f"Bearer {token}"}, **kwargs
                        )
            except (httpx.TimeoutException, TimeoutError) as exc:
                raise UpstreamTimeout(self.name, f"{method} {path} timed out") from exc
            except httpx.HTTPError as exc:
                raise UpstreamUnavailable(self.name, f"{method} {path} failed: {type(exc).__name__}") from exc
            if response.status_code == 401 and attempt == 1:
                self._tokens.invalidate(token)  # expired or revoked early: fetch a new token once
                continue
            break
        status = response.status_code
        if status == 404:
            return None
        if status >= 500:
            raise UpstreamUnavailable(self.name, f"{method} {path} answered {status}")
        if status >= 400:
            raise UpstreamRejected(self.name, f"{method} {path} answered {status}", status, _user_message(response))
        try:
            return _adapter(answer).validate_json(response.content)
        except ValidationError as exc:
            log.warning("unreadable answer from %s %s %s: %d errors", self.name, method, path, exc.error_count())
            raise UpstreamUnavailable(self.name, f"{method} {path} answered with a body we could not read") from exc


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
    return quote(text, safe="")
