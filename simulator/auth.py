"""HMPPS Auth stand-in: client-credentials tokens and the JWKS that verifies them."""

from __future__ import annotations

import base64
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ISSUER = "https://sign-in-dev.hmpps.service.justice.gov.uk/auth/issuer"
TOKEN_SECONDS = 1200
# A key for the simulator only, committed so that `person-graph dev-token` and a running embedded
# server agree without sharing state. Real upstream mode verifies against HMPPS Auth's own JWKS.
DEV_KEY_PATH = Path(__file__).with_name("dev_auth_key.pem")


class AuthServer:
    def __init__(self) -> None:
        key = serialization.load_pem_private_key(DEV_KEY_PATH.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError(f"{DEV_KEY_PATH} must hold an RSA key (tokens are RS256)")
        self.private_key: rsa.RSAPrivateKey = key
        self.kid = "person-graph-simulator-dev-key"
        self.issued = 0
        self._verified: dict[str, float] = {}  # token -> expiry; tokens are re-used, verify each once

    def issue(
        self, client_id: str, authorities: list[str] | None = None, seconds: int = TOKEN_SECONDS, **extra: object
    ) -> str:
        now = int(time.time())
        claims = {
            "sub": client_id,
            "client_id": client_id,
            "authorities": authorities or [],
            "grant_type": "client_credentials",
            "scope": ["read"],
            "iss": ISSUER,
            "iat": now,
            "exp": now + seconds,
            "jti": uuid.uuid4().hex,
            **extra,
        }
        self.issued += 1
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def verify(self, token: str) -> bool:
        expiry = self._verified.get(token)
        if expiry is not None:
            return expiry > time.time()
        try:
            claims = jwt.decode(token, self.private_key.public_key(), algorithms=["RS256"], issuer=ISSUER)
        except jwt.PyJWTError:
            return False
        if len(self._verified) > 10_000:
            self._verified.clear()
        self._verified[token] = claims["exp"]
        return True

    async def token_endpoint(self, request: Request) -> JSONResponse:
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode(errors="replace")).items()}
        client_id = _basic_auth_user(request.headers.get("authorization", "")) or form.get("client_id")
        if form.get("grant_type") != "client_credentials" or not client_id:
            return JSONResponse(
                {"error": "invalid_request", "error_description": "client_credentials with a client id required"},
                status_code=400,
            )
        token = self.issue(str(client_id), ["ROLE_PERSON_GRAPH"])
        return JSONResponse(
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": TOKEN_SECONDS,
                "scope": "read",
                "sub": client_id,
                "iss": ISSUER,
            }
        )

    async def jwks_endpoint(self, request: Request) -> JSONResponse:
        return JSONResponse(self.jwks())

    def routes(self) -> list[Route]:
        return [
            Route("/oauth/token", self.token_endpoint, methods=["POST"]),
            Route("/.well-known/jwks.json", self.jwks_endpoint, methods=["GET"]),
        ]


def _basic_auth_user(header: str) -> str | None:
    if not header.lower().startswith("basic "):
        return None
    try:
        return base64.b64decode(header[6:]).decode().split(":", 1)[0]
    except (ValueError, UnicodeDecodeError):
        return None
