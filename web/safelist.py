"""Safelist mode: a consumer marked `safelist: true` runs only the operations of a persisted-query manifest.

The manifest is Apollo's format (`apollo-persisted-query-manifest`, version 1: operations with `id`,
`name`, `type` and `body`), as Apollo's generate-persisted-query-manifest writes it; the path is
PERSISTED_QUERIES_FILE. A safelisted consumer sends an operation's `id` as
`extensions.persistedQuery.sha256Hash` (with or without the body), or the exact body; anything else
is refused before it is parsed: HTTP 403, code QUERY_NOT_IN_SAFELIST.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError
from strawberry.http import GraphQLRequestData

from web.apq import persisted_query_hash, without_persisted_query
from web.errors import ClientError

NOT_IN_SAFELIST = "QUERY_NOT_IN_SAFELIST"


class ManifestError(ValueError):
    pass


class _Operation(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    id: StrictStr
    name: StrictStr | None = None
    type: Literal["query", "mutation", "subscription"]
    body: StrictStr


class _Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    format: Literal["apollo-persisted-query-manifest"]
    version: Literal[1]
    operations: list[_Operation]


@dataclass(frozen=True)
class Manifest:
    bodies_by_id: dict[str, str]

    @property
    def bodies(self) -> frozenset[str]:
        return frozenset(self.bodies_by_id.values())


def load_manifest(path: str | Path) -> Manifest:
    try:
        parsed = _Manifest.model_validate(orjson.loads(Path(path).read_bytes()))
    except OSError as exc:
        raise ManifestError(f"cannot read the persisted-query manifest {path}: {exc.strerror}") from exc
    except (orjson.JSONDecodeError, ValidationError) as exc:
        raise ManifestError(f"{path} is not an Apollo persisted-query manifest (version 1): {exc}") from exc
    # Ids are hashes of the bodies: lower case, as persisted_query_hash reads a request's hash.
    return Manifest({operation.id.lower(): operation.body for operation in parsed.operations})


class Safelist:
    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self._bodies = manifest.bodies

    def admit(self, data: GraphQLRequestData) -> GraphQLRequestData:
        """The request with the manifest's body, or a 403 before anything is parsed."""
        sha = persisted_query_hash(data.extensions)
        if sha is not None:
            body = self.manifest.bodies_by_id.get(sha)
            if body is not None and data.query in (None, body):
                return dataclasses.replace(without_persisted_query(data), query=body)
        elif data.query is not None and data.query in self._bodies:
            return data
        raise ClientError(
            403,
            "This consumer may run only the operations of the persisted-query manifest",
            code=NOT_IN_SAFELIST,
        )
