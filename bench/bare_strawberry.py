""""Bare Strawberry": the framework's own cost for the same result, with nothing of the graph around it.

A plain Strawberry schema whose types have the fields (and field arguments) the S1 and S2 queries
select, with the same scalar types (Date, DateTime, ID, an enum), executed in-process over
in-memory objects: no HTTP, no authentication, no access checks, no DataLoaders, no upstream
parsing, no audit. Its data is a replay of the real graph's answer: `replay(response)` turns the
response JSON into instances of these types once, before anything is timed; fields that take
arguments (`alerts(page, perPage, active)` ...) accept and ignore them and return the replayed page.

It keeps Strawberry's stock parser and validation caches, as the graph does, so the comparison is
of execution, not of parsing. Resolvers are plain attribute reads (sync), and the operation runs
through `Schema.execute` (the async entry point the HTTP integration uses).

    measure(S2_QUERY, variables, graph_response) -> {"wallMsMean": ..., "cpuUsPerField": ...}
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import time
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any, Optional, Union

import strawberry
from strawberry.extensions import ParserCache, ValidationCache

from bench.client import count_fields


@strawberry.enum
class LocationType(Enum):
    WING = "WING"
    LANDING = "LANDING"
    CELL = "CELL"
    SPUR = "SPUR"
    ROOM = "ROOM"
    RESIDENTIAL_UNIT = "RESIDENTIAL_UNIT"


@strawberry.type
class Capacity:
    maxCapacity: int
    workingCapacity: int


@strawberry.type
class Location:
    id: Optional[strawberry.ID]
    key: str
    prisonId: Optional[str]
    code: str
    pathHierarchy: str
    locationType: Optional[LocationType]
    localName: Optional[str]
    level: int
    leafLevel: Optional[bool]
    capacity: Optional[Capacity]
    hierarchy: Optional[list["Location"]]


@strawberry.type
class CellLocation:
    prisonCode: Optional[str]
    prisonName: Optional[str]
    cell: Optional[str]
    location: Optional[Location]


@strawberry.type
class Pagination:
    isLastPage: Optional[bool]
    count: Optional[int]
    page: Optional[int]
    perPage: Optional[int]
    totalCount: Optional[int]
    totalPages: Optional[int]


@strawberry.type
class Alert:
    offenderNo: str
    type: str
    typeDescription: str
    code: str
    codeDescription: str
    comment: Optional[str]
    dateCreated: date
    dateExpired: Optional[date]
    expired: Optional[bool]
    active: bool


@strawberry.type
class AlertPage:
    items: list[Alert]
    pagination: Pagination


@strawberry.type
class SentenceTerm:
    years: Optional[int]
    months: Optional[int]
    weeks: Optional[int]
    days: Optional[int]


@strawberry.type
class SentenceLength:
    duration: Optional[int]
    units: Optional[str]
    terms: list[SentenceTerm]


@strawberry.type
class Sentence:
    serviceSource: str
    systemSource: str
    dateOfSentencing: Optional[date]
    description: Optional[str]
    isActive: Optional[bool]
    isCustodial: Optional[bool]
    fineAmount: Optional[float]
    length: SentenceLength


@strawberry.type
class SentencePage:
    items: list[Sentence]
    pagination: Pagination


@strawberry.type
class Contact:
    contactId: int
    firstName: Optional[str]
    lastName: Optional[str]
    dateOfBirth: Optional[date]
    street: Optional[str]
    postCode: Optional[str]
    phoneNumber: Optional[str]


@strawberry.type
class Relationship:
    relationshipToPrisonerCode: Optional[str]
    relationshipToPrisonerDescription: Optional[str]
    approvedVisitor: Optional[bool]
    nextOfKin: Optional[bool]
    emergencyContact: Optional[bool]


@strawberry.type
class PrisonerContact:
    contact: Contact
    relationship: Relationship


@strawberry.type
class ContactPage:
    items: list[PrisonerContact]
    pagination: Pagination


@strawberry.type
class Alias:
    firstName: Optional[str]
    lastName: Optional[str]
    dateOfBirth: Optional[date]


@strawberry.type
class Identifiers:
    nomisNumber: Optional[str]
    croNumber: Optional[str]
    deliusCrn: Optional[str]


@strawberry.type
class RiskDetail:
    risk: Optional[str]
    current: Optional[str]


@strawberry.type
class RiskToSelf:
    suicide: Optional[RiskDetail]
    selfHarm: Optional[RiskDetail]
    custody: Optional[RiskDetail]


@strawberry.type
class OtherRisks:
    escapeOrAbscond: Optional[str]
    controlIssuesDisruptiveBehaviour: Optional[str]
    breachOfTrust: Optional[str]
    riskToOtherPrisoners: Optional[str]


@strawberry.type
class RiskSummary:
    whoIsAtRisk: Optional[str]
    natureOfRisk: Optional[str]
    riskImminence: Optional[str]
    overallRiskLevel: Optional[str]


@strawberry.type
class RiskOfSeriousHarm:
    assessedOn: Optional[datetime]
    riskToSelf: RiskToSelf
    otherRisks: OtherRisks
    summary: RiskSummary


@strawberry.type
class ScoreLevel:
    scoreLevel: Optional[str]


@strawberry.type
class RiskPredictorScore:
    completedDate: Optional[datetime]
    assessmentStatus: Optional[str]
    generalPredictor: ScoreLevel
    violencePredictor: ScoreLevel
    groupReconviction: ScoreLevel
    riskOfSeriousRecidivism: ScoreLevel


@strawberry.type
class ScorePage:
    items: list[RiskPredictorScore]
    pagination: Pagination


@strawberry.type
class MappaDetail:
    level: Optional[int]
    levelDescription: Optional[str]
    category: Optional[int]
    categoryDescription: Optional[str]
    startDate: Optional[date]
    reviewDate: Optional[date]


@strawberry.type
class DynamicRisk:
    code: Optional[str]
    description: Optional[str]
    startDate: Optional[date]
    reviewDate: Optional[date]


@strawberry.type
class DynamicRiskPage:
    items: list[DynamicRisk]
    pagination: Pagination


@strawberry.type
class RiskCategoryAssessment:
    classificationCode: Optional[str]
    assessmentCode: Optional[str]
    assessmentDate: Optional[date]
    nextReviewDate: Optional[date]


@strawberry.type
class RiskCategory:
    offenderNo: str
    category: Optional[str]
    categoryCode: Optional[str]
    assessments: list[RiskCategoryAssessment]


@strawberry.type
class Risks:
    seriousHarm: Optional[RiskOfSeriousHarm]
    mappaDetail: Optional[MappaDetail]
    categories: Optional[RiskCategory]
    scores_data: strawberry.Private[Optional[ScorePage]]
    dynamic_data: strawberry.Private[Optional[DynamicRiskPage]]

    @strawberry.field
    def scores(self, page: int = 1, per_page: int = 10) -> Optional[ScorePage]:
        return self.scores_data

    @strawberry.field
    def dynamic(self, page: int = 1, per_page: int = 10) -> Optional[DynamicRiskPage]:
        return self.dynamic_data


@strawberry.type
class VisitContact:
    name: Optional[str]
    telephone: Optional[str]


@strawberry.type
class Visitor:
    contactId: int
    visitContact: Optional[bool]


@strawberry.type
class Visit:
    reference: str
    prisonId: str
    visitRoom: Optional[str]
    visitType: Optional[str]
    visitStatus: Optional[str]
    visitRestriction: Optional[str]
    startTimestamp: datetime
    endTimestamp: datetime
    visitContact: Optional[VisitContact]
    visitors: list[Visitor]


@strawberry.type
class Person:
    hmppsId: strawberry.ID
    firstName: Optional[str]
    lastName: Optional[str]
    middleName: Optional[str]
    dateOfBirth: Optional[date]
    gender: Optional[str]
    ethnicity: Optional[str]
    pncId: Optional[str]
    category: Optional[str]
    csra: Optional[str]
    receptionDate: Optional[date]
    status: Optional[str]
    prisonId: Optional[str]
    prisonName: Optional[str]
    aliases: Optional[list[Alias]]
    identifiers: Optional[Identifiers]
    cellLocation: Optional[CellLocation]
    risks: Optional[Risks]
    futureVisits: Optional[list[Visit]]
    alerts_data: strawberry.Private[Optional[AlertPage]]
    sentences_data: strawberry.Private[Optional[SentencePage]]
    contacts_data: strawberry.Private[Optional[ContactPage]]

    @strawberry.field
    def alerts(self, page: int = 1, per_page: int = 10, active: Optional[bool] = None,
               codes: Optional[list[str]] = None) -> Optional[AlertPage]:
        return self.alerts_data

    @strawberry.field
    def sentences(self, page: int = 1, per_page: int = 10) -> Optional[SentencePage]:
        return self.sentences_data

    @strawberry.field
    def contacts(self, page: int = 1, per_page: int = 10) -> Optional[ContactPage]:
        return self.contacts_data


@strawberry.type
class PersonPage:
    items: list[Person]
    pagination: Pagination


@strawberry.type
class Prison:
    prisonId: strawberry.ID
    prisoners_data: strawberry.Private[Optional[PersonPage]]

    @strawberry.field
    def prisoners(self, page: int = 1, per_page: int = 100) -> Optional[PersonPage]:
        return self.prisoners_data


@strawberry.type
class Query:
    person_data: strawberry.Private[Optional[Person]]
    prison_data: strawberry.Private[Optional[Prison]]

    @strawberry.field
    def person(self, hmpps_id: strawberry.ID) -> Optional[Person]:
        return self.person_data

    @strawberry.field
    def prison(self, prison_id: strawberry.ID) -> Optional[Prison]:
        return self.prison_data


schema = strawberry.Schema(query=Query, extensions=[lambda: ParserCache(maxsize=512),
                                                    lambda: ValidationCache(maxsize=512)])


# ---- replaying a response as in-memory objects ----------------------------------------------

def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner, value)
    if origin is list:
        (inner,) = typing.get_args(hint)
        return [_convert(inner, v) for v in value]
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint[value]
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    return value


def _build(cls: type, obj: dict) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        key = f.name.removesuffix("_data")
        kwargs[f.name] = _convert(hints[f.name], obj.get(key))
    return cls(**kwargs)


def replay(response: dict) -> Query:
    """The root object that makes this schema answer `response["data"]` again."""
    return _build(Query, response["data"])


# ---- measuring ------------------------------------------------------------------------------

async def _execute(query: str, variables: dict, root: Query) -> dict:
    result = await schema.execute(query, variable_values=variables, root_value=root)
    if result.errors:
        raise RuntimeError(f"bare Strawberry failed: {result.errors[0]}")
    return result.data


def measure(query: str, pages: list[tuple[dict, dict]], min_repeats: int = 10, min_seconds: float = 1.0) -> dict:
    """Executes `query` once per (variables, graph response) in `pages` as one round, repeatedly
    (at least `min_repeats` rounds and `min_seconds`); wall and CPU time per round and per field.
    `wallMsMin` (best round, as timeit reports) is the figure least disturbed by other load on the
    machine; the latency target uses it."""
    roots = [(variables, replay(response)) for variables, response in pages]
    fields = sum(count_fields(response["data"]) for _, response in pages)

    async def run() -> tuple[list[float], list[float], bool]:
        same = True
        for (variables, root), (_, response) in zip(roots, pages):  # warm-up and check
            data = await _execute(query, variables, root)
            same = same and data == response["data"]
        walls, cpus = [], []
        started = time.perf_counter()
        while len(walls) < min_repeats or time.perf_counter() - started < min_seconds:
            w0, c0 = time.perf_counter(), time.process_time()
            for variables, root in roots:
                await _execute(query, variables, root)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        return walls, cpus, same

    try:
        import uvloop
        runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:  # pragma: no cover
        runner = asyncio.Runner()
    with runner:
        walls, cpus, same = runner.run(run())
    wall_ms = statistics.median(walls) * 1000
    cpu_ms = statistics.mean(cpus) * 1000
    return {
        "rounds": len(walls), "requestsPerRound": len(pages), "fields": fields, "sameResult": same,
        "wallMsMin": round(min(walls) * 1000, 3), "wallMsP50": round(wall_ms, 3),
        "wallMsMean": round(statistics.mean(walls) * 1000, 3),
        "cpuMsPerRound": round(cpu_ms, 3), "cpuUsPerField": round(cpu_ms * 1000 / fields, 3) if fields else None,
    }
