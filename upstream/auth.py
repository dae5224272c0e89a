"""HMPPS Auth client-credentials tokens for calling upstreams: cached until shortly before expiry."""

from __future__ import annotations

import asyncio
import time

import httpx

from upstream.errors import UpstreamTimeout, UpstreamUnavailable

REFRESH_MARGIN_SECONDS = 60


class ClientCredentials:
    def __init__(self, http: httpx.AsyncClient, token_url: str, client_id: str, client_secret: str) -> None:
        self._http = http
        self._token_url = token_url
        self._auth = (client_id, client_secret)
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def token(self) -> str:
        if self._token and time.monotonic() < self._expires_at:
            return self._token
        async with self._lock:  # concurrent callers wait for one refresh instead of each fetching
            if self._token and time.monotonic() < self._expires_at:
                return self._token
            self._token, lifetime = await self._fetch()
            self._expires_at = time.monotonic() + max(0, lifetime - REFRESH_MARGIN_SECONDS)
            return self._token

    async def ping(self, timeout_seconds: float) -> int:
        """HMPPS Auth's own health endpoint (`<auth>/health/ping`): its HTTP status."""
        url = self._token_url.removesuffix("/oauth/token") + "/health/ping"
        response = await self._http.get(url, timeout=timeout_seconds)
        return response.status_code

    def invalidate(self, stale: str | None = None) -> None:
        """Forget the token; given the token a 401 came back for, only if it has not been replaced since."""
        if stale is None or self._token == stale:
            self._token = None

    async def _fetch(self) -> tuple[str, float]:
        self.fetches += 1
        try:
            response = await self._http.post(
                self._token_url, data={"grant_type": "client_credentials"}, auth=self._auth
            )
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout("hmpps-auth", "token request timed out") from exc
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable("hmpps-auth", f"token request failed: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise UpstreamUnavailable("hmpps-auth", f"token request answered {response.status_code}")
        try:
            body = response.json()
            token, lifetime = body["access_token"], float(body.get("expires_in", 300))
        except (ValueError, KeyError, TypeError) as exc:
            raise UpstreamUnavailable("hmpps-auth", "token response unreadable") from exc
        if not isinstance(token, str) or not token:
            raise UpstreamUnavailable("hmpps-auth", "token response has no access token")
        return token, lifetime
