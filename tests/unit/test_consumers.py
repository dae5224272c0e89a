"""The consumers file (access/consumers.py): its shape, its errors, and how filters combine."""

from __future__ import annotations

import re

import pytest
import yaml

from access.consumers import ConsumersFileError, Filters, RateLimit, load_consumers, parse_consumers
from schema.build import build_schema, guarded_fields

KNOWN_FIELDS = guarded_fields(build_schema())
ROLE = "roles: {r: {include: ['*']}}\n"

# (file text, a regular expression the error must match: it names the consumer or role, the key, the bad value)
ERRORS = {
    "not a mapping": ("- a\n", r"must be a mapping with 'roles' and 'consumers'"),
    "unknown top-level key": ("role: {}\n", r"the consumers file: unknown key 'role'"),
    "unknown role key": ("roles: {r: {includes: ['*']}}\n", r"role r: unknown key 'includes'"),
    "unknown consumer key": (ROLE + "consumers: {c: {role: [r]}}", r"consumer c: unknown key 'role'"),
    "unknown filter": (
        "roles: {r: {include: ['*'], filters: {prison: [MDI]}}}\n",
        r"role r: unknown filters \['prison'\]; known: prisons, alertCodes",
    ),
    "filter not a list": (
        ROLE + "consumers: {c: {roles: [r], filters: {prisons: MDI}}}",
        r"consumer c: filters\.prisons: Input should be a valid list \(got 'MDI'\)",
    ),
    "prison code not a string": (
        ROLE + "consumers: {c: {roles: [r], filters: {prisons: [MDI, 7]}}}",
        r"consumer c: filters\.prisons\[1\]: .*string \(got 7\)",
    ),
    "unknown supervision status": (
        ROLE + "consumers: {c: {roles: [r], filters: {supervisionStatuses: [PRISON]}}}",
        r"consumer c: filters\.supervisionStatuses\[0\]: 'PRISON' is not a supervision status; "
        r"supervisionStatuses may hold PRISONS, PROBATION",
    ),
    "mappa category not an int": (
        ROLE + "consumers: {c: {roles: [r], filters: {mappaCategories: [1, two]}}}",
        r"consumer c: filters\.mappaCategories\[1\]: .*integer \(got 'two'\)",
    ),
    "mappa category a quoted number": (
        ROLE + "consumers: {c: {roles: [r], filters: {mappaCategories: ['1']}}}",
        r"consumer c: filters\.mappaCategories\[0\]: .*integer \(got '1'\)",
    ),
    "unknown role": (ROLE + "consumers: {c: {roles: [r, auditor]}}", r"consumer c: roles: unknown roles \['auditor'\]"),
    "include not a list": (
        "roles: {r: {include: Person.alerts}}\n",
        r"role r: include: .*list \(got 'Person.alerts'\)",
    ),
    "coordinate of an unguarded type": (
        "roles: {r: {include: [Alert.code]}}\n",
        r"role r: include: 'Alert.code' is not a coordinate of a guarded type \(Mutation, Person, Prison, Query, Risks\)",
    ),
    "not a coordinate": ("roles: {r: {include: [alerts]}}\n", r"role r: include: 'alerts' is not a coordinate"),
    "a typo in a field": (
        ROLE + "consumers: {c: {roles: [r], include: [Person.alert]}}",
        r"consumer c: include: 'Person.alert' names no field of the schema",
    ),
    "a Mutation that does not exist": (
        "roles: {r: {include: [Mutation.transfer]}}\n",
        r"role r: include: 'Mutation.transfer' names no field of the schema",
    ),
    "limitedAccessRedactions not a boolean": (
        "roles: {r: {include: ['*'], limitedAccessRedactions: maybe}}\n",
        r"role r: limitedAccessRedactions: .*boolean \(got 'maybe'\)",
    ),
    "authorities not a list": (
        "roles: {r: {include: ['*'], authorities: ROLE_X}}\n",
        r"role r: authorities: .*list \(got 'ROLE_X'\)",
    ),
    "safelist not a boolean": (
        ROLE + "consumers: {c: {roles: [r], safelist: yes please}}",
        r"consumer c: safelist: .*boolean \(got 'yes please'\)",
    ),
    "safelist on a role": ("roles: {r: {include: ['*'], safelist: true}}\n", r"role r: unknown key 'safelist'"),
    "rate limit of zero": (
        ROLE + "consumers: {c: {roles: [r], rateLimit: {requestsPerMinute: 0}}}",
        r"consumer c: rateLimit\.requestsPerMinute: .*greater than 0 \(got 0\)",
    ),
    "rate limit a quoted number": (
        ROLE + "consumers: {c: {roles: [r], rateLimit: {upstreamRequestsPerMinute: '100'}}}",
        r"consumer c: rateLimit\.upstreamRequestsPerMinute: .*integer \(got '100'\)",
    ),
    "unknown rate limit": (
        ROLE + "consumers: {c: {roles: [r], rateLimit: {requestsPerSecond: 5}}}",
        r"consumer c: unknown key 'rateLimit\.requestsPerSecond'",
    ),
}


@pytest.mark.parametrize(("text", "message"), list(ERRORS.values()), ids=list(ERRORS))
def test_consumers_file_errors(text: str, message: str) -> None:
    with pytest.raises(ConsumersFileError, match=message):
        parse_consumers(yaml.safe_load(text), KNOWN_FIELDS)


def test_every_error_is_reported_at_once() -> None:
    text = "roles: {r: {include: [Person.alert], filters: {prisons: MDI}}}\nconsumers: {c: {extra: 1}}"
    with pytest.raises(ConsumersFileError) as raised:
        parse_consumers(yaml.safe_load(text), KNOWN_FIELDS)
    assert len(str(raised.value).splitlines()) == 3


def test_without_the_schema_only_the_coordinates_shape_is_checked() -> None:
    config = parse_consumers(yaml.safe_load("roles: {r: {include: [Person.alert]}}\nconsumers: {c: {roles: [r]}}"))
    assert config.consumer("c").fields == frozenset({("Person", "alert")})
    with pytest.raises(ConsumersFileError, match="not a coordinate of a guarded type"):
        parse_consumers(yaml.safe_load("roles: {r: {include: [Person]}}\n"))


def test_unreadable_and_invalid_yaml_files(tmp_path) -> None:
    with pytest.raises(ConsumersFileError, match="cannot read consumers file"):
        load_consumers(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("roles: [\n")
    with pytest.raises(ConsumersFileError, match="not valid YAML"):
        load_consumers(bad)


def test_the_example_file_parses_against_the_schema() -> None:
    config = load_consumers("consumers.example.yml", KNOWN_FIELDS)
    operator = config.consumer("private-prison-operator")
    assert operator.filters == Filters(prisons=frozenset({"MDI", "LEI"}))
    assert operator.may_read("Person", "alerts") and not operator.may_read("Risks", "seriousHarm")
    assert config.consumer("full-access-client").everything


def test_empty_entries_and_every_filter_parsed() -> None:
    text = """
roles:
  empty:
  r:
    include: [Person.alerts, Risks.*]
    filters: {prisons: [MDI], alertCodes: [XA], mappaCategories: [1, 2], supervisionStatuses: [PRISONS, PROBATION], caseNotes: [GEN]}
    authorities: [ROLE_R]
    limitedAccessRedactions: false
consumers:
  nobody:
  c: {roles: [r, empty]}
"""
    config = parse_consumers(yaml.safe_load(text), KNOWN_FIELDS)
    c = config.consumer("c")
    assert c.filters == Filters(
        prisons=frozenset({"MDI"}),
        alertCodes=frozenset({"XA"}),
        mappaCategories=frozenset({1, 2}),
        supervisionStatuses=frozenset({"PRISONS", "PROBATION"}),
        caseNotes=frozenset({"GEN"}),
    )
    assert c.wildcard_types == frozenset({"Risks"}) and c.fields == frozenset({("Person", "alerts")})
    assert not c.limited_access_redactions  # every role of c must keep the redactions for them to apply
    assert config.consumer("nobody").fields == frozenset() and not config.consumer("nobody").everything
    assert config.consumer("stranger", ["ROLE_R"]).roles == ("r",)  # granted by its token's authority


# A role's filters and the consumer's own filters: the consumer sees what both allow.
MERGES = {
    "role prisons, consumer none": ("{prisons: [MDI, LEI]}", "{}", {"prisons": {"MDI", "LEI"}}),
    "consumer narrows the role": ("{prisons: [MDI, LEI]}", "{prisons: [LEI, BMI]}", {"prisons": {"LEI"}}),
    "disjoint lists allow nothing": ("{prisons: [MDI]}", "{prisons: [BMI]}", {"prisons": set()}),
    "different filters both apply": (
        "{alertCodes: [XA, HA]}",
        "{supervisionStatuses: [PROBATION]}",
        {"alertCodes": {"XA", "HA"}, "supervisionStatuses": {"PROBATION"}},
    ),
    "mappa categories intersect": ("{mappaCategories: [1, 2]}", "{mappaCategories: [2, 3]}", {"mappaCategories": {2}}),
}


@pytest.mark.parametrize(("role", "own", "expected"), list(MERGES.values()), ids=list(MERGES))
def test_role_and_consumer_filters_intersect(role: str, own: str, expected: dict) -> None:
    text = f"roles: {{r: {{include: ['*'], filters: {role}}}}}\nconsumers: {{c: {{roles: [r], filters: {own}}}}}"
    filters = parse_consumers(yaml.safe_load(text), KNOWN_FIELDS).consumer("c").filters
    assert filters == Filters(**{name: frozenset(values) for name, values in expected.items()})


def test_two_roles_filters_intersect_too() -> None:
    text = """
roles:
  a: {include: ['*'], filters: {prisons: [MDI, LEI]}}
  b: {include: [Query.person], filters: {prisons: [LEI, BMI]}}
consumers:
  c: {roles: [a, b]}
"""
    assert parse_consumers(yaml.safe_load(text), KNOWN_FIELDS).consumer("c").filters.prisons == frozenset({"LEI"})


def test_error_messages_are_single_lines_naming_where() -> None:
    for text, _ in ERRORS.values():
        with pytest.raises(ConsumersFileError) as raised:
            parse_consumers(yaml.safe_load(text), KNOWN_FIELDS)
        assert re.match(r"^(role \w+|consumer \w+|the consumers file)", str(raised.value)), str(raised.value)


def test_safelist_and_rate_limits_are_the_consumers_own() -> None:
    config = parse_consumers(
        yaml.safe_load(
            ROLE + "consumers: {app: {roles: [r], safelist: true, rateLimit: {requestsPerMinute: 600,"
            " upstreamRequestsPerMinute: 6000}}, other: {roles: [r], rateLimit: {requestsPerMinute: 5}}, plain: {roles: [r]}}"
        ),
        KNOWN_FIELDS,
    )
    app = config.consumer("app")
    assert app.safelist and app.rate_limit == RateLimit(requests_per_minute=600, upstream_requests_per_minute=6000)
    assert config.consumer("other").rate_limit == RateLimit(requests_per_minute=5)
    plain = config.consumer("plain")
    assert not plain.safelist and plain.rate_limit == RateLimit()
    assert config.consumer("unknown").rate_limit == RateLimit()  # an unknown consumer reads nothing anyway
    assert config.safelisted == ["app"]
