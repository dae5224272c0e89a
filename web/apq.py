"""Automatic persisted queries (Apollo's APQ protocol), kept in the shared store so any replica serves them.

A client sends `extensions.persistedQuery = {"version": 1, "sha256Hash": <hex>}`:
- with no query: the query registered under that hash runs; an unknown hash answers
  `PersistedQueryNotFound` (code PERSISTED_QUERY_NOT_FOUND), and the client sends it again with the query;
- with the query: the hash must be the SHA-256 of the query's text (else PERSISTED_QUERY_HASH_MISMATCH),
  and the query is registered once it has run (a document that did not parse or validate is not kept).
Hashed queries may be sent with GET, so a CDN or browser cache can keep their answers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

from strawberry.http import GraphQLRequestData

from state.store import Store
from web.errors import ClientError

KEY_PREFIX = "apq:"
# How long a registered query is kept after it was last registered; a client whose hash has
# expired registers it again, as on first use.
TTL_SECONDS = 7 * 24 * 3600
SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
# A not-found answer must never be cached: the next request registers the query.
NOT_FOUND_HEADERS = {"Cache-Control": "private, no-cache, must-revalidate"}


def persisted_query_hash(extensions: dict[str, object] | None) -> str | None:
    """The request's `extensions.persistedQuery.sha256Hash` (lower case), None when it sends none."""
    if not extensions or extensions.get("persistedQuery") is None:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict):
        raise ClientError(400, "extensions.persistedQuery must be an object with `version` and `sha256Hash`")
    if persisted.get("version") != 1:
        raise ClientError(
            400, "Unsupported persisted query version: only version 1", code="PERSISTED_QUERY_NOT_SUPPORTED"
        )
    sha = persisted.get("sha256Hash")
    if not isinstance(sha, str) or not SHA256_HEX.fullmatch(sha):
        raise ClientError(400, "extensions.persistedQuery.sha256Hash must be 64 hexadecimal characters")
    return sha.lower()


def sha256_of(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def without_persisted_query(data: GraphQLRequestData) -> GraphQLRequestData:
    extensions = {k: v for k, v in (data.extensions or {}).items() if k != "persistedQuery"}
    return dataclasses.replace(data, extensions=extensions or None)


class AutomaticPersistedQueries:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def resolve(self, data: GraphQLRequestData) -> GraphQLRequestData:
        """The request with its query: looked up by hash when only the hash was sent.

        A looked-up request loses its persistedQuery extension, so only a request that sent both
        query and hash is left to `register` after it has run."""
        sha = persisted_query_hash(data.extensions)
        if sha is None:
            return data
        if data.query is None:
            query = await self.store.get(KEY_PREFIX + sha)
            if query is None:
                raise ClientError(200, "PersistedQueryNotFound", NOT_FOUND_HEADERS, code=PERSISTED_QUERY_NOT_FOUND)
            return dataclasses.replace(without_persisted_query(data), query=query)
        if sha256_of(data.query) != sha:
            raise ClientError(
                400,
                "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query",
                code="PERSISTED_QUERY_HASH_MISMATCH",
            )
        return data

    async def register(self, data: GraphQLRequestData) -> None:
        """Keeps a query sent with its (checked) hash, for the requests that will send only the hash."""
        sha = persisted_query_hash(data.extensions)
        if sha is not None and data.query is not None:
            await self.store.set(KEY_PREFIX + sha, data.query, TTL_SECONDS)
