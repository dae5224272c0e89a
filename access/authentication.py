"""Who is calling: an HMPPS Auth bearer JWT, or a client certificate's subject from a trusted ingress.

JWTs must be RS256, signed by a key in the issuer's JWKS (cached; an unknown `kid` triggers one
refresh, at most every REFRESH_SECONDS), from the configured issuer, unexpired (small leeway).
`client_id` names the consumer and `authorities` may grant it roles.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Mapping

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from jwt.algorithms import RSAAlgorithm

from access.consumers import Consumer, ConsumerConfig

log = logging.getLogger("person_graph.auth")
LEEWAY_SECONDS = 30
REFRESH_SECONDS = 30.0
SUBJECT_HEADER = "subject-distinguished-name"
_CN = re.compile(r"(?:^|[,/])\s*CN=([^,/]+)")


class Unauthenticated(Exception):
    """Missing or invalid credentials. The message is safe to show the caller."""


class Jwks:
    def __init__(self, http: httpx.AsyncClient, url: str) -> None:
        self._http = http
        self._url = url
        self._keys: dict[str, RSAPublicKey | RSAPrivateKey] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def key(self, kid: str):
        if kid in self._keys:
            return self._keys[kid]
        async with self._lock:
            # An unknown kid may be a rotated key: refresh, but not more often than REFRESH_SECONDS.
            if kid not in self._keys and time.monotonic() - self._fetched_at >= REFRESH_SECONDS:
                await self._refresh()
        if kid not in self._keys:
            raise Unauthenticated("token signed by an unknown key")
        return self._keys[kid]

    async def _refresh(self) -> None:
        self._fetched_at = time.monotonic()
        try:
            response = await self._http.get(self._url)
            response.raise_for_status()
            keys = {}
            for jwk in response.json()["keys"]:
                if jwk.get("kty") == "RSA" and jwk.get("kid"):
                    keys[jwk["kid"]] = RSAAlgorithm.from_jwk(jwk)
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            log.warning("could not refresh the JWKS from %s: %s", self._url, type(exc).__name__)
            return
        self._keys = keys


class TokenVerifier:
    MAX_REMEMBERED = 10_000

    def __init__(self, jwks: Jwks, issuer: str) -> None:
        self._jwks = jwks
        self._issuer = issuer
        # A consumer sends the same token many times: its RS256 signature is checked once.
        self._verified: dict[str, dict] = {}

    async def claims(self, token: str) -> dict:
        known = self._verified.get(token)
        if known is not None:
            if known["exp"] + LEEWAY_SECONDS > time.time():
                return known
            del self._verified[token]
        claims = await self._verify(token)
        if len(self._verified) >= self.MAX_REMEMBERED:
            self._verified.clear()
        self._verified[token] = claims
        return claims

    async def _verify(self, token: str) -> dict:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("malformed token") from exc
        if header.get("alg") != "RS256":  # never `none`, never HMAC with a public key as the secret
            raise Unauthenticated("token algorithm must be RS256")
        key = await self._jwks.key(str(header.get("kid", "")))
        try:
            return jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("token expired") from exc
        except jwt.InvalidIssuerError as exc:
            raise Unauthenticated("token from an unexpected issuer") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated("invalid token") from exc


class Authenticator:
    def __init__(
        self, verifier: TokenVerifier, consumers: ConsumerConfig, anonymous: Consumer | None, trust_subject_header: bool
    ) -> None:
        self._verifier = verifier
        self._consumers = consumers
        self._anonymous = anonymous
        self._trust_subject_header = trust_subject_header

    @property
    def consumers(self) -> ConsumerConfig:
        return self._consumers

    async def consumer(self, headers: Mapping[str, str]) -> Consumer:
        authorization = headers.get("authorization")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthenticated("Authorization must be 'Bearer <token>'")
            claims = await self._verifier.claims(token.strip())
            client_id = claims.get("client_id") or claims.get("sub")
            if not isinstance(client_id, str) or not client_id:
                raise Unauthenticated("token has no client_id")
            authorities = claims.get("authorities") or []
            return self._consumers.consumer(client_id, [a for a in authorities if isinstance(a, str)])
        if self._trust_subject_header and headers.get(SUBJECT_HEADER):
            match = _CN.search(headers[SUBJECT_HEADER])
            if not match:
                raise Unauthenticated(f"{SUBJECT_HEADER} has no CN")
            return self._consumers.consumer(match.group(1).strip())
        if self._anonymous is not None:
            return self._anonymous
        raise Unauthenticated("authentication required: send an HMPPS Auth bearer token")
