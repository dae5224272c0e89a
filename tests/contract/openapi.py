"""Reading the upstream services' OpenAPI documents and validating JSON against them.

The documents are copied into the repository in `specs/upstream/` (its README says from where and
how to refresh them). OpenAPI 3.1 schemas are JSON Schema 2020-12; OpenAPI 3.0 schemas are a
draft-04 dialect with `nullable`, which is rewritten into a JSON Schema type union before use.
`$ref`s are resolved inside the document through a `referencing` registry, so a response schema
is validated as `{"$ref": "<document>#/paths/.../schema"}` with every component reachable.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO_ROOT / "specs" / "upstream"


def spec_dir() -> Path:
    """The repository's copy of the upstream documents; a clear failure when it is missing."""
    path = SPEC_DIR.resolve()
    if not path.is_dir():
        raise FileNotFoundError(
            f"The upstream OpenAPI documents are missing: expected the directory {path}. It is part of the "
            "repository (specs/upstream/README.md says how to refresh it); the contract tests cannot run without it."
        )
    return path


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _nullable_to_union(node: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` -> JSON Schema `type: [..., "null"]` (recursively)."""
    if isinstance(node, list):
        return [_nullable_to_union(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _nullable_to_union(value) for key, value in node.items()}
    if out.pop("nullable", False) is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if isinstance(out.get("enum"), list) and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _discriminator_consts(document: dict) -> dict:
    """Make `discriminator.mapping` checkable: each mapped schema requires its own discriminator value.

    JSON Schema ignores `discriminator`, so a `oneOf` over subtypes that differ only in the value of
    the discriminator property (prisoner search's matchers) would match several branches. OpenAPI
    says an object is of the mapped subtype only when the property holds the mapped value.
    """
    schemas = document.get("components", {}).get("schemas", {})
    for schema in list(schemas.values()):
        discriminator = schema.get("discriminator") if isinstance(schema, dict) else None
        if not discriminator or not discriminator.get("mapping"):
            continue
        name = discriminator["propertyName"]
        for value, ref in discriminator["mapping"].items():
            target = ref.removeprefix("#/components/schemas/")
            if target in schemas and schemas[target] is not schema:
                schemas[target] = {
                    "allOf": [schemas[target], {"properties": {name: {"const": value}}, "required": [name]}]
                }
    return document


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The innermost errors under an anyOf/oneOf, leaving out branches that were simply of another type."""
    if not error.context:
        return [error]
    leaves = [leaf for sub in error.context for leaf in _leaves(sub)]
    useful = [e for e in leaves if not (e.validator == "type" and list(e.absolute_path) == list(error.absolute_path))]
    return useful or [error]


@dataclass(frozen=True, eq=False)
class Erratum:
    """A known error in a published document, corrected before use.

    `documented` must still be exactly what the document holds at `pointer`, so an erratum that the
    service has since fixed (or that never applied) fails loudly instead of silently loosening a check.
    """

    filename: str
    pointer: str
    documented: Any
    corrected: Any
    reason: str


def _apply(document: dict, erratum: Erratum) -> None:
    *parents, last = [t.replace("~1", "/").replace("~0", "~") for t in erratum.pointer.lstrip("/").split("/")]
    node: Any = document
    for token in parents:
        node = node.get(token) if isinstance(node, dict) else None
        if node is None:
            break
    found = node.get(last, "<absent>") if isinstance(node, dict) else "<absent>"
    if found != erratum.documented:
        raise ValueError(
            f"{erratum.filename}: the erratum at {erratum.pointer} no longer applies (the document now "
            f"holds {json.dumps(found)[:300]}, not {json.dumps(erratum.documented)[:300]}); remove or "
            f"update it. Its reason was: {erratum.reason}"
        )
    node[last] = erratum.corrected


def corrected_document(filename: str, errata: tuple[Erratum, ...]) -> dict:
    """The document as published, with the errata that name it applied (the bench's peer reads it so too)."""
    raw = json.loads((spec_dir() / filename).read_text())
    for erratum in errata:
        if erratum.filename == filename:
            _apply(raw, erratum)
    return raw


@dataclass(frozen=True)
class Operation:
    spec: Spec
    path: str
    method: str
    data: dict

    @property
    def pointer(self) -> str:
        return f"/paths/{_escape(self.path)}/{self.method.lower()}"

    def documented_statuses(self) -> list[str]:
        return list(self.data.get("responses", {}))

    def response_key(self, status: int) -> str | None:
        """The responses key that covers `status`: exact, then a range ("4XX"), then "default"."""
        responses = self.data.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
            if key in responses:
                return key
        return None

    def response_schema_pointer(self, status: int) -> str | None:
        """A JSON pointer (into the document) to the schema documented for `status`, if any."""
        key = self.response_key(status)
        if key is None:
            return None
        pointer = f"{self.pointer}/responses/{_escape(key)}"
        response = self.data["responses"][key]
        while "$ref" in response:  # a components/responses reference
            pointer = response["$ref"].removeprefix("#")
            response = self.spec.resolve_pointer(pointer)
        return self.spec.media_schema_pointer(pointer, response.get("content") or {})

    def response_media_types(self, status: int) -> list[str]:
        """The media types documented for `status` (e.g. ["image/jpeg", "application/json"])."""
        key = self.response_key(status)
        if key is None:
            return []
        response = self.data["responses"][key]
        while "$ref" in response:
            response = self.spec.resolve_pointer(response["$ref"].removeprefix("#"))
        return [media.split(";")[0].strip() for media in response.get("content") or {}]

    def request_schema_pointer(self) -> str | None:
        body = self.data.get("requestBody")
        if not body:
            return None
        pointer = f"{self.pointer}/requestBody"
        while "$ref" in body:
            pointer = body["$ref"].removeprefix("#")
            body = self.spec.resolve_pointer(pointer)
        return self.spec.media_schema_pointer(pointer, body.get("content") or {})

    def parameters(self) -> list[dict]:
        found = []
        for param in [*self.spec.document["paths"][self.path].get("parameters", []), *self.data.get("parameters", [])]:
            while "$ref" in param:
                param = self.spec.resolve_pointer(param["$ref"].removeprefix("#"))
            found.append(param)
        return found

    def validate_response(self, status: int, body: Any) -> list[str]:
        pointer = self.response_schema_pointer(status)
        if pointer is None:
            return [f"{self.method} {self.path}: status {status} documents no JSON schema to validate against"]
        return self.spec.validate(pointer, body)

    def validate_request(self, body: Any) -> list[str]:
        pointer = self.request_schema_pointer()
        if pointer is None:
            return [f"{self.method} {self.path}: no request body is documented"]
        return self.spec.validate(pointer, body)


class Spec:
    """One OpenAPI document, ready to validate instances against any schema inside it."""

    def __init__(self, filename: str, errata: tuple[Erratum, ...] = ()) -> None:
        self.filename = filename
        raw = _discriminator_consts(corrected_document(filename, errata))
        self.version = str(raw.get("openapi", ""))
        if self.version.startswith("3.0"):
            self.document = _nullable_to_union(raw)
            specification, self._validator_class = DRAFT4, jsonschema.Draft4Validator
        elif self.version.startswith("3.1"):
            self.document = raw
            specification, self._validator_class = DRAFT202012, jsonschema.Draft202012Validator
        else:
            raise ValueError(f"{filename}: unsupported OpenAPI version {self.version!r}")
        self.uri = f"urn:upstream-spec:{filename}"
        resource = Resource.from_contents(self.document, default_specification=specification)
        self.registry = Registry().with_resource(self.uri, resource)

    def operation(self, path: str, method: str) -> Operation | None:
        item = self.document.get("paths", {}).get(path)
        if not item or method.lower() not in item:
            return None
        return Operation(self, path, method.upper(), item[method.lower()])

    def resolve_pointer(self, pointer: str) -> Any:
        node: Any = self.document
        for token in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def media_schema_pointer(self, pointer: str, content: dict) -> str | None:
        """The schema of the JSON media type: application/json, else any *json or */* key, else the first."""
        if not content:
            return None
        keys = list(content)
        media = (
            next((k for k in keys if k.split(";")[0].strip() == "application/json"), None)
            or next((k for k in keys if "json" in k), None)
            or next((k for k in keys if k in ("*/*", "application/*")), None)
            or keys[0]
        )
        if "schema" not in content[media]:
            return None
        return f"{pointer}/content/{_escape(media)}/schema"

    @functools.cache  # noqa: B019 (one document per test session)
    def _validator(self, pointer: str):
        return self._validator_class({"$ref": f"{self.uri}#{pointer}"}, registry=self.registry)

    def validate(self, pointer: str, instance: Any) -> list[str]:
        """Every validation error as a readable line (empty when the instance is valid)."""
        errors = sorted(self._validator(pointer).iter_errors(instance), key=lambda e: list(e.absolute_path))
        lines = []
        for error in errors:
            # An anyOf/oneOf failure is clearer through its innermost errors.
            for shown in _leaves(error):
                where = "/".join(str(p) for p in shown.absolute_path) or "(root)"
                message = (
                    shown.message if len(shown.message) <= 300 else shown.message[:150] + " ... " + shown.message[-150:]
                )
                lines.append(f"{self.filename} at {where}: {message} [schema {'/'.join(map(str, shown.schema_path))}]")
        return list(dict.fromkeys(lines))


@functools.cache
def load_spec(filename: str, errata: tuple[Erratum, ...] = ()) -> Spec:
    return Spec(filename, errata)
