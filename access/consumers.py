"""Consumers and roles, from a YAML file (path in CONSUMERS_FILE; see consumers.example.yml).

A consumer's roles bundle `include` patterns (GraphQL field coordinates: `Person.alerts`,
`Risks.*`, `Query.person`, or `*`), filters (`prisons`, `alertCodes`, `mappaCategories`,
`supervisionStatuses`, `caseNotes`) and whether the limited-access redaction policy applies.
Deny by default: a guarded field no pattern includes cannot be read.

A consumer may also be held to a safelist (`safelist: true`: only the operations of the persisted-query
manifest) and to rate limits (`rateLimit`: requests and upstream requests per minute); docs/redis.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# Always readable: introspection and the type name.
OPEN_FIELDS = frozenset({"__typename", "__schema", "__type"})
FILTER_NAMES = ("prisons", "alertCodes", "mappaCategories", "supervisionStatuses", "caseNotes")
SUPERVISION_STATUSES = ("PRISONS", "PROBATION")


class ConsumersFileError(ValueError):
    pass


@dataclass(frozen=True)
class Filters:
    """None means no filter (all allowed); an empty tuple allows nothing."""

    prisons: frozenset[str] | None = None
    alertCodes: frozenset[str] | None = None
    mappaCategories: frozenset[int] | None = None
    supervisionStatuses: frozenset[str] | None = None
    caseNotes: frozenset[str] | None = None

    def merge(self, other: Filters) -> Filters:
        """A consumer's own filters narrow its roles' filters (intersection of what each allows)."""

        def both(a, b):
            if a is None:
                return b
            if b is None:
                return a
            return a & b

        return Filters(**{name: both(getattr(self, name), getattr(other, name)) for name in FILTER_NAMES})


@dataclass(frozen=True)
class RateLimit:
    """Per minute, counted across replicas (state/); None: no limit."""

    requests_per_minute: int | None = None
    upstream_requests_per_minute: int | None = None


NO_RATE_LIMIT = RateLimit()


@dataclass(frozen=True)
class Consumer:
    name: str
    roles: tuple[str, ...] = ()
    everything: bool = False
    wildcard_types: frozenset[str] = frozenset()
    fields: frozenset[tuple[str, str]] = frozenset()
    filters: Filters = field(default_factory=Filters)
    limited_access_redactions: bool = True
    # Only the operations of the persisted-query manifest (settings.persisted_queries_file) run.
    safelist: bool = False
    rate_limit: RateLimit = NO_RATE_LIMIT

    def may_read(self, type_name: str, field_name: str) -> bool:
        """Whether the consumer may read a field of a guarded type (schema.permissions.GUARDED_TYPES:
        the executor asks only for those; every other type's fields are open)."""
        if self.everything or field_name in OPEN_FIELDS:
            return True
        return type_name in self.wildcard_types or (type_name, field_name) in self.fields

    # Production mode (settings.Settings.production) answers introspection only to consumers whose
    # roles include `Query.__schema` (or `Query.*`, or `*`); schema/limits.py asks.
    @property
    def may_introspect(self) -> bool:
        return self.everything or "Query" in self.wildcard_types or ("Query", "__schema") in self.fields


@dataclass(frozen=True)
class Role:
    name: str
    include: tuple[str, ...]
    filters: Filters
    authorities: tuple[str, ...]
    limited_access_redactions: bool


@dataclass(frozen=True)
class ConsumerSpec:
    """A consumer as the file declares it."""

    roles: tuple[str, ...]
    include: tuple[str, ...]
    filters: Filters
    safelist: bool = False
    rate_limit: RateLimit = NO_RATE_LIMIT


@dataclass
class ConsumerConfig:
    roles: Mapping[str, Role]
    specs: Mapping[str, ConsumerSpec]
    _built: dict[tuple[str, tuple[str, ...]], Consumer] = field(default_factory=dict)

    def consumer(self, name: str, authorities: Iterable[str] = ()) -> Consumer:
        """The named consumer, plus any roles its token's authorities grant. Unknown and ungranted: reads nothing."""
        key = (name, tuple(sorted(authorities)))
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = self._build(name, key[1])
        return built

    def _build(self, name: str, authorities: tuple[str, ...]) -> Consumer:
        spec = self.specs.get(name, ConsumerSpec(roles=(), include=(), filters=Filters()))
        granted = [r.name for r in self.roles.values() if set(r.authorities) & set(authorities)]
        role_names = tuple(dict.fromkeys([*spec.roles, *granted]))
        patterns = [p for r in role_names for p in self.roles[r].include] + list(spec.include)
        filters = spec.filters
        for r in role_names:
            filters = filters.merge(self.roles[r].filters)
        return Consumer(
            name=name,
            roles=role_names,
            everything="*" in patterns,
            wildcard_types=frozenset(p[:-2] for p in patterns if p.endswith(".*")),
            fields=frozenset(_coordinate(p) for p in patterns if p != "*" and not p.endswith(".*")),
            filters=filters,
            limited_access_redactions=all(self.roles[r].limited_access_redactions for r in role_names),
            safelist=spec.safelist,
            rate_limit=spec.rate_limit,
        )

    @property
    def safelisted(self) -> list[str]:
        """The consumers held to the persisted-query manifest."""
        return sorted(name for name, spec in self.specs.items() if spec.safelist)


# ---- the file's shape (pydantic): unknown keys, wrong types and unknown values are errors ---------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _FiltersModel(_Strict):
    prisons: list[StrictStr] | None = None
    alertCodes: list[StrictStr] | None = None
    mappaCategories: list[StrictInt] | None = None
    supervisionStatuses: list[Literal["PRISONS", "PROBATION"]] | None = None
    # Parsed and merged now; Person.caseNotes (the next field) is what it will filter.
    caseNotes: list[StrictStr] | None = None

    def filters(self) -> Filters:
        return Filters(
            **{name: None if (value := getattr(self, name)) is None else frozenset(value) for name in FILTER_NAMES}
        )


def _check_patterns(patterns: list[str], info: ValidationInfo) -> list[str]:
    """Coordinates of guarded types; `known_fields` (in the validation context) makes a typo fail at
    start-up instead of silently denying."""
    known_fields: Mapping[str, set[str]] | None = (info.context or {}).get("known_fields")
    for pattern in patterns:
        if pattern == "*":
            continue
        type_name, _, field_name = pattern.partition(".")
        # Without the schema's fields (a CLI reading names only), any Type.field shape passes here.
        guarded = set(known_fields) if known_fields is not None else {type_name}
        if not field_name or type_name not in guarded:
            raise ValueError(f"'{pattern}' is not a coordinate of a guarded type ({', '.join(sorted(guarded))})")
        if known_fields is not None and field_name != "*" and field_name not in known_fields.get(type_name, set()):
            raise ValueError(f"'{pattern}' names no field of the schema")
    return patterns


class _RoleModel(_Strict):
    include: list[StrictStr] = []
    filters: _FiltersModel | None = None
    authorities: list[StrictStr] = []
    limitedAccessRedactions: StrictBool = True

    check_include = field_validator("include")(_check_patterns)


_PerMinute = Annotated[StrictInt, Field(gt=0)]


class _RateLimitModel(_Strict):
    requestsPerMinute: _PerMinute | None = None
    upstreamRequestsPerMinute: _PerMinute | None = None


class _ConsumerModel(_Strict):
    roles: list[StrictStr] = []
    include: list[StrictStr] = []
    filters: _FiltersModel | None = None
    safelist: StrictBool = False
    rateLimit: _RateLimitModel | None = None

    check_include = field_validator("include")(_check_patterns)


class _FileModel(_Strict):
    roles: dict[str, _RoleModel | None] | None = None
    consumers: dict[str, _ConsumerModel | None] | None = None

    @model_validator(mode="after")
    def _known_roles(self) -> _FileModel:
        known = set(self.roles or {})
        for name, consumer in (self.consumers or {}).items():
            missing = [r for r in (consumer.roles if consumer else []) if r not in known]
            if missing:
                raise PydanticCustomError(
                    "unknown_role",
                    "consumer {consumer}: roles: unknown roles {missing}; known: {known}",
                    {"consumer": name, "missing": missing, "known": ", ".join(sorted(known)) or "none"},
                )
        return self


def _describe(error: Any) -> str:
    """One pydantic error as `consumer X: key: message (got value)`."""
    loc = list(error["loc"])
    if error["type"] == "unknown_role":
        return str(error["msg"])
    where = "the consumers file"
    if len(loc) >= 2 and loc[0] in ("roles", "consumers"):
        where = f"{'role' if loc[0] == 'roles' else 'consumer'} {loc[1]}"
        loc = loc[2:]
    # A model inside an optional (`X | None`) shows its class name in the location: not the user's key.
    loc = [part for part in loc if not (isinstance(part, str) and part.startswith("_"))]
    key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        if len(loc) == 2 and loc[0] == "filters":
            return f"{where}: unknown filters ['{loc[1]}']; known: {', '.join(FILTER_NAMES)}"
        return f"{where}: unknown key '{key}'"
    if error["type"] == "literal_error" and loc and loc[0] == "filters":
        allowed = ", ".join(SUPERVISION_STATUSES)
        return f"{where}: {key}: {error['input']!r} is not a supervision status; supervisionStatuses may hold {allowed}"
    if error["type"] == "value_error":
        return f"{where}: {key}: {message}"
    return f"{where}: {key or 'the file'}: {message} (got {error['input']!r})"


def parse_consumers(data: Any, known_fields: Mapping[str, set[str]] | None = None) -> ConsumerConfig:
    """`known_fields` (type -> field names) makes a typo in a coordinate fail at start-up, not silently deny."""
    if not isinstance(data, dict):
        raise ConsumersFileError("the consumers file must be a mapping with 'roles' and 'consumers'")
    try:
        parsed = _FileModel.model_validate(data, context={"known_fields": known_fields})
    except ValidationError as exc:
        raise ConsumersFileError("\n".join(_describe(e) for e in exc.errors())) from None
    roles = {
        str(name): Role(
            name=str(name),
            include=tuple(raw.include),
            filters=raw.filters.filters() if raw.filters else Filters(),
            authorities=tuple(raw.authorities),
            limited_access_redactions=raw.limitedAccessRedactions,
        )
        for name, raw in ((name, raw or _RoleModel()) for name, raw in (parsed.roles or {}).items())
    }
    specs = {
        str(name): ConsumerSpec(
            roles=tuple(raw.roles),
            include=tuple(raw.include),
            filters=raw.filters.filters() if raw.filters else Filters(),
            safelist=raw.safelist,
            rate_limit=RateLimit(raw.rateLimit.requestsPerMinute, raw.rateLimit.upstreamRequestsPerMinute)
            if raw.rateLimit
            else NO_RATE_LIMIT,
        )
        for name, raw in ((name, raw or _ConsumerModel()) for name, raw in (parsed.consumers or {}).items())
    }
    return ConsumerConfig(roles=roles, specs=specs)


def load_consumers(path: str | Path, known_fields: Mapping[str, set[str]] | None = None) -> ConsumerConfig:
    try:
        data = yaml.safe_load(Path(path).read_text())
    except OSError as exc:
        raise ConsumersFileError(f"cannot read consumers file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConsumersFileError(f"consumers file {path} is not valid YAML: {exc}") from exc
    return parse_consumers(data, known_fields)


DEMO_CONSUMER = Consumer(name="demo (anonymous, embedded mode)", everything=True)


def _coordinate(pattern: str) -> tuple[str, str]:
    type_name, _, field_name = pattern.partition(".")
    return type_name, field_name
