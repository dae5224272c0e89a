"""Consumers and roles, from a YAML file (path in CONSUMERS_FILE; see consumers.example.yml).

A consumer's roles bundle `include` patterns (GraphQL field coordinates: `Person.alerts`,
`Risks.*`, `Query.person`, or `*`), filters (`prisons`, `alertCodes`, `mappaCategories`,
`supervisionStatuses`, `caseNotes`) and whether the limited-access redaction policy applies.
Deny by default: a guarded field no pattern includes cannot be read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Fields of these types are guarded; the fields of every other type (Alert, Location ...) are
# readable by whoever may read the field that leads to them.
GUARDED_TYPES = frozenset({"Query", "Mutation", "Person", "Risks", "Prison"})
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

    def allows_prison(self, prison_id: str | None) -> bool:
        return self.prisons is None or (prison_id is not None and prison_id in self.prisons)


@dataclass(frozen=True)
class Consumer:
    name: str
    roles: tuple[str, ...] = ()
    everything: bool = False
    wildcard_types: frozenset[str] = frozenset()
    fields: frozenset[tuple[str, str]] = frozenset()
    filters: Filters = field(default_factory=Filters)
    limited_access_redactions: bool = True
    demo: bool = False

    def may_read(self, type_name: str, field_name: str) -> bool:
        if self.everything or field_name in OPEN_FIELDS or type_name not in GUARDED_TYPES:
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
            fields=frozenset(tuple(p.split(".", 1)) for p in patterns if p != "*" and not p.endswith(".*")),
            filters=filters,
            limited_access_redactions=all(self.roles[r].limited_access_redactions for r in role_names),
        )


def _filters(raw: Any, where: str) -> Filters:
    if raw is None:
        return Filters()
    if not isinstance(raw, dict):
        raise ConsumersFileError(f"{where}: filters must be a mapping")
    unknown = set(raw) - set(FILTER_NAMES)
    if unknown:
        raise ConsumersFileError(f"{where}: unknown filters {sorted(unknown)}; known: {', '.join(FILTER_NAMES)}")
    values: dict[str, frozenset | None] = {}
    for name in FILTER_NAMES:
        if name not in raw or raw[name] is None:
            values[name] = None
            continue
        items = raw[name]
        if not isinstance(items, list):
            raise ConsumersFileError(f"{where}: filter {name} must be a list (an empty list allows nothing)")
        if name == "mappaCategories":
            values[name] = frozenset(int(x) for x in items)
        else:
            values[name] = frozenset(str(x) for x in items)
        if name == "supervisionStatuses" and not values[name] <= set(SUPERVISION_STATUSES):
            raise ConsumersFileError(f"{where}: supervisionStatuses may hold {', '.join(SUPERVISION_STATUSES)}")
    return Filters(**values)


def _patterns(raw: Any, where: str, known_fields: Mapping[str, set[str]] | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise ConsumersFileError(f"{where}: include must be a list of field coordinates")
    for pattern in raw:
        if pattern == "*":
            continue
        type_name, _, field_name = pattern.partition(".")
        if not field_name or type_name not in GUARDED_TYPES:
            raise ConsumersFileError(
                f"{where}: '{pattern}' is not a coordinate of a guarded type ({', '.join(sorted(GUARDED_TYPES))})"
            )
        if known_fields is not None and field_name != "*" and field_name not in known_fields.get(type_name, set()):
            raise ConsumersFileError(f"{where}: '{pattern}' names no field of the schema")
    return tuple(raw)


def parse_consumers(data: Any, known_fields: Mapping[str, set[str]] | None = None) -> ConsumerConfig:
    """`known_fields` (type -> field names) makes a typo in a coordinate fail at start-up, not silently deny."""
    if not isinstance(data, dict):
        raise ConsumersFileError("the consumers file must be a mapping with 'roles' and 'consumers'")
    roles: dict[str, Role] = {}
    for name, raw in (data.get("roles") or {}).items():
        raw = raw or {}
        roles[name] = Role(
            name=name,
            include=_patterns(raw.get("include"), f"role {name}", known_fields),
            filters=_filters(raw.get("filters"), f"role {name}"),
            authorities=tuple(str(a) for a in raw.get("authorities") or ()),
            limited_access_redactions=bool(raw.get("limitedAccessRedactions", True)),
        )
    specs: dict[str, ConsumerSpec] = {}
    for name, raw in (data.get("consumers") or {}).items():
        raw = raw or {}
        role_names = tuple(raw.get("roles") or ())
        missing = [r for r in role_names if r not in roles]
        if missing:
            raise ConsumersFileError(f"consumer {name}: unknown roles {missing}")
        specs[str(name)] = ConsumerSpec(
            roles=role_names,
            include=_patterns(raw.get("include"), f"consumer {name}", known_fields),
            filters=_filters(raw.get("filters"), f"consumer {name}"),
        )
    return ConsumerConfig(roles=roles, specs=specs)


def load_consumers(path: str | Path, known_fields: Mapping[str, set[str]] | None = None) -> ConsumerConfig:
    try:
        data = yaml.safe_load(Path(path).read_text())
    except OSError as exc:
        raise ConsumersFileError(f"cannot read consumers file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConsumersFileError(f"consumers file {path} is not valid YAML: {exc}") from exc
    return parse_consumers(data, known_fields)


DEMO_CONSUMER = Consumer(name="demo (anonymous, embedded mode)", everything=True, demo=True)
