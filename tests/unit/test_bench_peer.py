"""The bench's peer (bench/peer.py, bench/peer/prepare_specs.py): what it asks for and the documents it
composes. Running it needs node and npm: bench/run does that (`python -m bench --only-peer`)."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from types import ModuleType

import pytest

from bench import peer
from bench.minimum import EP, minimum_s1
from bench.queries import s1_people


def prepare_specs() -> ModuleType:
    """bench/peer/prepare_specs.py, a script beside the peer's node project rather than a package."""
    spec = importlib.util.spec_from_file_location("prepare_specs", peer.PEER_DIR / "prepare_specs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_peers_profiles_are_the_graphs_people_less_the_access_check(population) -> None:
    units = peer.workloads(population)
    assert list(units) == ["S1", "S2(10)", "S2(100)", "S2 light(100)"]
    people = s1_people(population)
    assert [u.requests[0].variables for u in units["S1"]] == [{"crn": p.crn} for p in people]
    for unit, person in zip(units["S1"], people, strict=True):
        graph = minimum_s1(person)
        assert graph[EP["access"]] == 1  # the graph's access policy checks limited access for the risks fields
        assert unit.minimum == graph - Counter({EP["access"]: 1})


@pytest.fixture(scope="module")
def cut_documents() -> dict[str, dict]:
    module = prepare_specs()
    from tests.contract.openapi import corrected_document
    from tests.contract.test_simulator_openapi import SPEC_ERRATA

    return {
        name: module.cut(corrected_document(file, SPEC_ERRATA), operations, name)
        for name, (file, _prefix, operations) in module.SOURCES.items()
    }


@pytest.mark.parametrize(
    ("source", "method", "path"),
    [
        ("ProbationSearch", "post", "/crns"),
        ("PrisonerSearch", "post", "/prisoner-search/prisoner-numbers"),
        ("Risks", "get", "/risks/crn/{crn}"),
        ("Risks", "get", "/risks/predictors/unsafe/all/{identifierType}/{identifierValue}"),
        ("PrisonApi", "get", "/api/offenders/{offenderNo}"),
        ("Visits", "get", "/visits/search/future/{prisonerId}"),
        ("Delius", "get", "/case/{crn}/supervisions"),
    ],
)
def test_the_cut_keeps_each_operation_the_profile_needs(cut_documents, source: str, method: str, path: str) -> None:
    assert method in cut_documents[source]["paths"][path]


def test_the_cut_reads_sentences_and_offences_as_the_list_the_service_sends(cut_documents) -> None:
    """Uncorrected, the document says one object and Mesh answers each prisoner's first sentence only."""
    operation = cut_documents["PrisonApi"]["paths"][
        "/api/offender-sentences/booking/{bookingId}/sentences-and-offences"
    ]
    schema = operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"type": "array", "items": {"$ref": "#/components/schemas/PrisonApi_OffenderSentenceAndOffences"}}


def test_the_cut_leaves_no_date_time_format_for_mesh_to_refuse(cut_documents) -> None:
    """The services send local date-times (no offset), which Mesh's DateTime scalar refuses."""
    for name, document in cut_documents.items():
        assert '"format": "date-time"' not in json.dumps(document), name
    alert = cut_documents["Alerts"]["components"]["schemas"]["Alerts_Alert"]["properties"]["createdAt"]
    assert alert["type"] == "string" and "format" not in alert
