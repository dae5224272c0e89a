"""Field-level access control, applied as the query executes.

- Role permissions: every field of a guarded type (Query, Person, Risks, Prison, Mutation) is checked against
  the consumer's includes in `GuardedExecution.execute_fields`, a set lookup per field, once per
  object of a guarded type: no wrapper on any field, and the fields of other types take graphql-core's
  own path. A denied field is null with FORBIDDEN at its path.
- The person filters (`prisons`, `supervisionStatuses`, decided by access/visibility.py):
  `PrisonFiltered`, on the Person fields the Integration API marks "Applicable filters: prisons";
  a person held elsewhere is NOT_FOUND, exactly as one who does not exist.
- The limited-access policy (access/redactions.py): `LimitedAccessPolicy`, on the fields the policy names.
Each person-level read is noted in the request's audit trail.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import graphql
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.extensions import FieldExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import Info

from access.redactions import LIMITED_ACCESS_POLICY, Reject, Remove, mask
from access.visibility import may_see_person, needs_probation_record
from resolvers import ids
from resolvers.errors import Forbidden, person_not_found
from resolvers.identity import crn_of, prisoner_record

# Fields of these types are guarded (role permissions, checked per field by GuardedExecution); the
# fields of every other type (Alert, Location ...) are readable by whoever may read the field that
# leads to them. The consumers file's coordinates are checked against these types' fields.
GUARDED_TYPES = frozenset({"Query", "Person", "Risks", "Prison", "Mutation"})
# Keys, and the root fields that check the permission of the type they fetch (Query.node, Query.nodes).
ALWAYS_READABLE = frozenset(
    {
        ("Person", "hmppsId"),
        ("Person", "id"),
        ("Prison", "prisonId"),
        ("Prison", "id"),
        ("Query", "node"),
        ("Query", "nodes"),
    }
)

# The graphql-core internals GuardedExecution overrides and calls, as graphql-core 3.3 has them
# (3.2 had `execute_fields(self, parent_type, source_value, path, fields)` and
# `handle_field_error(self, error, return_type)`). ADR 0009; why the object level, not the field: ADR
# "guard only guarded types".
EXECUTOR_SIGNATURES = {
    "execute_fields": ("self", "parent_type", "source_value", "path", "grouped_field_set", "position_context"),
    "execute_fields_serially": ("self", "parent_type", "source_value", "path", "grouped_field_set", "position_context"),
    "handle_field_error": ("self", "raw_error", "return_type", "field_details_list", "path"),
}


def check_executor_signatures(executor: type = StrawberryGraphQLCoreExecutionContext) -> None:
    """Fails at start-up, not on the first guarded field, if graphql-core's executor is not the one
    GuardedExecution was written against. `executor`: the class GuardedExecution extends."""
    problems = []
    for name, expected in EXECUTOR_SIGNATURES.items():
        method = getattr(executor, name, None)
        if method is None:
            problems.append(f"{name} is missing (expected {name}({', '.join(expected)}))")
            continue
        found = tuple(inspect.signature(method).parameters)
        if found != expected:
            problems.append(f"{name}({', '.join(found)}), expected {name}({', '.join(expected)})")
    if problems:
        raise RuntimeError(
            f"GuardedExecution (schema/permissions.py) overrides graphql-core's executor as graphql-core 3.3 "
            f"has it, but the installed graphql-core {graphql.__version__} differs: {'; '.join(problems)}. "
            "Adapt GuardedExecution to it (docs/adr/0009-guarded-execution-signature-check.md) or pin graphql-core."
        )


class GuardedExecution(StrawberryGraphQLCoreExecutionContext):
    """Role permissions checked once per object of a guarded type, before its fields execute.

    graphql-core executes an object's selected fields in `execute_fields` (`execute_fields_serially`
    for a mutation): overriding that, not `execute_field`, leaves the fields of every other type
    (Alert, Location ... about 93% of a wing list's fields) on graphql-core's own path, with no
    extra frame or check. A denied field is left out of the execution and put back as null, in its
    place, with FORBIDDEN at its path.
    """

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):
        if parent_type.name not in GUARDED_TYPES:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        permitted = self._permitted(parent_type, source_value, path, grouped_field_set)
        results = super().execute_fields(parent_type, source_value, path, permitted, position_context)
        return results if permitted is grouped_field_set else _with_nulls(results, grouped_field_set)

    def execute_fields_serially(self, parent_type, source_value, path, grouped_field_set, position_context):
        if parent_type.name not in GUARDED_TYPES:
            return super().execute_fields_serially(parent_type, source_value, path, grouped_field_set, position_context)
        permitted = self._permitted(parent_type, source_value, path, grouped_field_set)
        results = super().execute_fields_serially(parent_type, source_value, path, permitted, position_context)
        return results if permitted is grouped_field_set else _with_nulls(results, grouped_field_set)

    def handle_field_error(self, raw_error, return_type, field_details_list, path):
        """A field noted as served whose value failed (an upstream down, a person filtered out) was not served."""
        audited = self._audited.get(path)
        if audited is not None:
            self.context_value.audit.note(*audited, "failed")
        return super().handle_field_error(raw_error, return_type, field_details_list, path)

    @property
    def _audited(self) -> dict[Any, tuple[str | None, str | None, str]]:
        """Guarded fields noted in the audit, by their path in the answer (for handle_field_error)."""
        try:
            return self.__dict__["_audited_fields"]
        except KeyError:
            return self.__dict__.setdefault("_audited_fields", {})

    def _permitted(self, parent_type, source, path, grouped_field_set):
        """The fields the consumer may read (the same dict when all are); each denied one is
        reported as FORBIDDEN at its path and audited. Every person-level read is audited."""
        type_name = parent_type.name
        context = self.context_value
        ref = getattr(source, "ref", None)
        denied: list[str] = []
        for response_name, field_details_list in grouped_field_set.items():
            field_name = field_details_list[0].node.name.value
            if not context.consumer.may_read(type_name, field_name) and (type_name, field_name) not in ALWAYS_READABLE:
                denied.append(response_name)
                if ref is not None:
                    context.audit.note(ref.nomis_number, ref.crn, f"{type_name}.{field_name}", "forbidden")
                elif type_name == "Mutation":  # a refused write is audited too, under the person it named
                    nomis, crn = _named_person(self, parent_type, field_details_list)
                    context.audit.note(nomis, crn, f"{type_name}.{field_name}", "forbidden")
                field_def = self.schema.get_field(parent_type, field_name)
                if field_def is not None:
                    self.handle_field_error(
                        Forbidden(f"Not permitted to read {type_name}.{field_name}"),
                        field_def.type,
                        field_details_list,
                        Path(path, response_name, type_name),
                    )
            elif ref is not None and not field_name.startswith("__"):
                field = f"{type_name}.{field_name}"
                context.audit.note(ref.nomis_number, ref.crn, field, "served")
                # "failed" instead, should it fail (handle_field_error)
                self._audited[Path(path, response_name, type_name)] = (ref.nomis_number, ref.crn, field)
        if ref is not None and ref.crn is None and not ref.crn_resolved and ref.nomis_number is not None:
            context.audit.unnamed(ref.nomis_number)  # named by CRN too, after the answer (schema/audit.py)
        if not denied:
            return grouped_field_set
        return {name: details for name, details in grouped_field_set.items() if name not in denied}


def _named_person(execution: Any, parent_type: Any, field_details_list: Any) -> tuple[str | None, str | None]:
    """The NOMIS number or CRN a refused mutation's `hmppsId` argument names (neither if malformed)."""
    node = field_details_list[0].node
    field_def = parent_type.fields.get(node.name.value)
    try:
        value = get_argument_values(field_def, node, execution.variable_values).get("hmppsId")
        kind, canonical = ids.hmpps_id(value)
    except Exception:  # a malformed id or argument: the refusal is still audited, without a person
        return None, None
    return (canonical, None) if kind == "nomis" else (None, canonical) if kind == "crn" else (None, None)


def _with_nulls(results: Any, grouped_field_set: dict[str, Any]) -> Any:
    """An object's results with its denied fields back as null, in the order they were selected."""

    def merged(values: dict[str, Any]) -> dict[str, Any]:
        return {name: values.get(name) for name in grouped_field_set}

    if inspect.isawaitable(results):

        async def awaited() -> dict[str, Any]:
            return merged(await results)

        return awaited()
    return merged(results)


def coordinate(info: Info) -> str:
    """`Type.field` of the field being resolved."""
    return f"{info._raw_info.parent_type.name}.{info.field_name}"


class PrisonFiltered(FieldExtension):
    """The consumer's person filters (`prisons`, `supervisionStatuses`; access/visibility.py) on a
    Person field: a person the consumer may not see is not found, exactly as one who does not exist."""

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        filters = info.context.consumer.filters
        if filters.prisons is not None or filters.supervisionStatuses is not None:
            prisoner = await prisoner_record(source.ref, info)
            known = needs_probation_record(filters) and await crn_of(source.ref, info) is not None
            if not may_see_person(filters, prisoner.prisonId if prisoner else None, known_to_probation=known):
                info.context.audit.note(source.ref.nomis_number, source.ref.crn, coordinate(info), "filtered")
                raise person_not_found(source.ref.crn or source.ref.nomis_number or "")
        return await next_(source, info, **kwargs)


class LimitedAccessPolicy(FieldExtension):
    """Applies LIMITED_ACCESS_POLICY for this field when the person is a limited-access offender."""

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        if not info.context.consumer.limited_access_redactions:
            return await next_(source, info, **kwargs)
        field = coordinate(info)
        action = LIMITED_ACCESS_POLICY[field]
        # The access check and the data load run side by side, so the check adds no round trip.
        # If the check fails (Delius down) the field fails with it: closed, not open.
        limited, (value, error) = await asyncio.gather(
            _is_limited(source, info), _settle(next_(source, info, **kwargs))
        )
        if not limited:
            if error is not None:
                raise error
            return value
        info.context.audit.note(source.ref.nomis_number, source.ref.crn, field, "redacted")
        if isinstance(action, Reject):
            raise Forbidden(f"{field} is withheld: this is a limited-access case", reason="LIMITED_ACCESS")
        if isinstance(action, Remove):
            return None
        if error is not None:
            raise error
        return mask(value, action.fields)


async def _settle(awaitable: Any) -> tuple[Any, Exception | None]:
    try:
        return await awaitable, None
    except Exception as exc:  # decided after the access check: a rejected field's own error must not show
        return None, exc


async def _is_limited(source: Any, info: Info) -> bool:
    crn = await crn_of(source.ref, info)
    if crn is None:
        return False
    access = await info.context.loaders.case_access_by_crn.load(crn)
    return access is not None and (access.userExcluded or access.userRestricted)
