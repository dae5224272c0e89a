"""The consumer's JWT: JWKS caching and refresh (respx), and what each failure says."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
import respx
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from access import authentication
from access.authentication import Jwks, TokenVerifier, Unauthenticated

JWKS_URL = "https://auth.example/auth/.well-known/jwks.json"
ISSUER = "https://auth.example/auth/issuer"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks(*pairs) -> dict:
    return {
        "keys": [
            {**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": kid, "alg": "RS256"} for kid, key in pairs
        ]
    }


def _token(key, kid: str, **claims) -> str:
    now = int(time.time())
    return jwt.encode(
        {"client_id": "c", "iss": ISSUER, "exp": now + 60, **claims}, key, algorithm="RS256", headers={"kid": kid}
    )


@respx.mock(assert_all_mocked=True)
async def test_keys_are_cached_and_an_unknown_kid_refreshes_once(respx_mock, monkeypatch):
    old, new = _key(), _key()
    route = respx_mock.get(JWKS_URL).mock(
        side_effect=[
            httpx.Response(200, json=_jwks(("k1", old))),
            httpx.Response(200, json=_jwks(("k1", old), ("k2", new))),
        ]
    )
    clock = [1000.0]
    monkeypatch.setattr(authentication.time, "monotonic", lambda: clock[0])
    async with httpx.AsyncClient() as http:
        verifier = TokenVerifier(Jwks(http, JWKS_URL), ISSUER)
        for _ in range(3):
            assert (await verifier.claims(_token(old, "k1")))["client_id"] == "c"
        assert route.call_count == 1  # cached
        # A rotated key: the first token with the new kid refreshes the JWKS ...
        clock[0] += authentication.REFRESH_SECONDS
        assert (await verifier.claims(_token(new, "k2")))["client_id"] == "c"
        assert route.call_count == 2
        # ... but a stream of unknown kids cannot make it refresh more than every REFRESH_SECONDS.
        for n in range(5):
            with pytest.raises(Unauthenticated, match="unknown key"):
                await verifier.claims(_token(new, f"nope-{n}"))
        assert route.call_count == 2


@respx.mock(assert_all_mocked=True)
async def test_an_unreachable_jwks_fails_closed(respx_mock):
    respx_mock.get(JWKS_URL).mock(return_value=httpx.Response(503))
    async with httpx.AsyncClient() as http:
        verifier = TokenVerifier(Jwks(http, JWKS_URL), ISSUER)
        with pytest.raises(Unauthenticated):
            await verifier.claims(_token(_key(), "k1"))


@respx.mock(assert_all_mocked=True)
async def test_leeway_on_expiry(respx_mock):
    key = _key()
    respx_mock.get(JWKS_URL).mock(return_value=httpx.Response(200, json=_jwks(("k1", key))))
    async with httpx.AsyncClient() as http:
        verifier = TokenVerifier(Jwks(http, JWKS_URL), ISSUER)
        now = int(time.time())
        assert await verifier.claims(_token(key, "k1", exp=now - 10))  # within the 30 s allowance
        with pytest.raises(Unauthenticated, match="expired"):
            await verifier.claims(_token(key, "k1", exp=now - 120))
        with pytest.raises(Unauthenticated, match="issuer"):
            await verifier.claims(_token(key, "k1", iss="https://elsewhere/issuer"))
        with pytest.raises(Unauthenticated):
            await verifier.claims(
                jwt.encode({"client_id": "c", "iss": ISSUER}, key, algorithm="RS256", headers={"kid": "k1"})
            )  # no exp


@respx.mock(assert_all_mocked=True)
async def test_a_verified_token_is_remembered_until_it_expires(respx_mock, monkeypatch):
    key = _key()
    respx_mock.get(JWKS_URL).mock(return_value=httpx.Response(200, json=_jwks(("k1", key))))
    async with httpx.AsyncClient() as http:
        verifier = TokenVerifier(Jwks(http, JWKS_URL), ISSUER)
        token = _token(key, "k1", exp=int(time.time()) + 5)
        decodes = []
        real_decode = jwt.decode
        monkeypatch.setattr(authentication.jwt, "decode", lambda *a, **k: decodes.append(1) or real_decode(*a, **k))
        for _ in range(3):
            assert (await verifier.claims(token))["client_id"] == "c"
        assert len(decodes) == 1
        # Past its expiry (by our clock) it is not served from memory: it is verified again.
        later = time.time() + 5 + authentication.LEEWAY_SECONDS + 1
        monkeypatch.setattr(authentication.time, "time", lambda: later)
        await verifier.claims(token)
        assert len(decodes) == 2
