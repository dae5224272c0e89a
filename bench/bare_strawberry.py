""" "Bare Strawberry": the framework's own cost for the same result, with nothing of the graph around it.

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
from typing import Any, Union

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
    id: strawberry.ID | None
    key: str
    prisonId: str | None
    code: str
    pathHierarchy: str
    locationType: LocationType | None
    localName: str | None
    level: int
    leafLevel: bool | None
    capacity: Capacity | None
    hierarchy: list[Location] | None


@strawberry.type
class CellLocation:
    prisonCode: str | None
    prisonName: str | None
    cell: str | None
    location: Location | None


@strawberry.type
class Pagination:
    isLastPage: bool | None
    count: int | None
    page: int | None
    perPage: int | None
    totalCount: int | None
    totalPages: int | None


@strawberry.type
class Alert:
    offenderNo: str
    type: str
    typeDescription: str
    code: str
    codeDescription: str
    comment: str | None
    dateCreated: date
    dateExpired: date | None
    expired: bool | None
    active: bool


@strawberry.type
class AlertPage:
    items: list[Alert]
    pagination: Pagination


@strawberry.type
class SentenceTerm:
    years: int | None
    months: int | None
    weeks: int | None
    days: int | None


@strawberry.type
class SentenceLength:
    duration: int | None
    units: str | None
    terms: list[SentenceTerm]


@strawberry.type
class Sentence:
    serviceSource: str
    systemSource: str
    dateOfSentencing: date | None
    description: str | None
    isActive: bool | None
    isCustodial: bool | None
    fineAmount: float | None
    length: SentenceLength


@strawberry.type
class SentencePage:
    items: list[Sentence]
    pagination: Pagination


@strawberry.type
class Contact:
    contactId: int
    firstName: str | None
    lastName: str | None
    dateOfBirth: date | None
    street: str | None
    postCode: str | None
    phoneNumber: str | None


@strawberry.type
class Relationship:
    relationshipToPrisonerCode: str | None
    relationshipToPrisonerDescription: str | None
    approvedVisitor: bool | None
    nextOfKin: bool | None
    emergencyContact: bool | None


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
    firstName: str | None
    lastName: str | None
    dateOfBirth: date | None


@strawberry.type
class Identifiers:
    nomisNumber: str | None
    croNumber: str | None
    deliusCrn: str | None


@strawberry.type
class RiskDetail:
    risk: str | None
    current: str | None


@strawberry.type
class RiskToSelf:
    suicide: RiskDetail | None
    selfHarm: RiskDetail | None
    custody: RiskDetail | None


@strawberry.type
class OtherRisks:
    escapeOrAbscond: str | None
    controlIssuesDisruptiveBehaviour: str | None
    breachOfTrust: str | None
    riskToOtherPrisoners: str | None


@strawberry.type
class RiskSummary:
    whoIsAtRisk: str | None
    natureOfRisk: str | None
    riskImminence: str | None
    overallRiskLevel: str | None


@strawberry.type
class RiskOfSeriousHarm:
    assessedOn: datetime | None
    riskToSelf: RiskToSelf
    otherRisks: OtherRisks
    summary: RiskSummary


@strawberry.type
class ScoreLevel:
    scoreLevel: str | None


@strawberry.type
class RiskPredictorScore:
    completedDate: datetime | None
    assessmentStatus: str | None
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
    level: int | None
    levelDescription: str | None
    category: int | None
    categoryDescription: str | None
    startDate: date | None
    reviewDate: date | None


@strawberry.type
class DynamicRisk:
    code: str | None
    description: str | None
    startDate: date | None
    reviewDate: date | None


@strawberry.type
class DynamicRiskPage:
    items: list[DynamicRisk]
    pagination: Pagination


@strawberry.type
class RiskCategoryAssessment:
    classificationCode: str | None
    assessmentCode: str | None
    assessmentDate: date | None
    nextReviewDate: date | None


@strawberry.type
class RiskCategory:
    offenderNo: str
    category: str | None
    categoryCode: str | None
    assessments: list[RiskCategoryAssessment]


@strawberry.type
class Risks:
    seriousHarm: RiskOfSeriousHarm | None
    mappaDetail: MappaDetail | None
    categories: RiskCategory | None
    scores_data: strawberry.Private[ScorePage | None]
    dynamic_data: strawberry.Private[DynamicRiskPage | None]

    @strawberry.field
    def scores(self, page: int = 1, per_page: int = 10) -> ScorePage | None:
        return self.scores_data

    @strawberry.field
    def dynamic(self, page: int = 1, per_page: int = 10) -> DynamicRiskPage | None:
        return self.dynamic_data


@strawberry.type
class VisitContact:
    name: str | None
    telephone: str | None


@strawberry.type
class Visitor:
    contactId: int
    visitContact: bool | None


@strawberry.type
class Visit:
    reference: str
    prisonId: str
    visitRoom: str | None
    visitType: str | None
    visitStatus: str | None
    visitRestriction: str | None
    startTimestamp: datetime
    endTimestamp: datetime
    visitContact: VisitContact | None
    visitors: list[Visitor]


@strawberry.type
class Person:
    hmppsId: strawberry.ID
    firstName: str | None
    lastName: str | None
    middleName: str | None
    dateOfBirth: date | None
    gender: str | None
    ethnicity: str | None
    pncId: str | None
    category: str | None
    csra: str | None
    receptionDate: date | None
    status: str | None
    prisonId: str | None
    prisonName: str | None
    aliases: list[Alias] | None
    identifiers: Identifiers | None
    cellLocation: CellLocation | None
    risks: Risks | None
    futureVisits: list[Visit] | None
    alerts_data: strawberry.Private[AlertPage | None]
    sentences_data: strawberry.Private[SentencePage | None]
    contacts_data: strawberry.Private[ContactPage | None]

    @strawberry.field
    def alerts(
        self, page: int = 1, per_page: int = 10, active: bool | None = None, codes: list[str] | None = None
    ) -> AlertPage | None:
        return self.alerts_data

    @strawberry.field
    def sentences(self, page: int = 1, per_page: int = 10) -> SentencePage | None:
        return self.sentences_data

    @strawberry.field
    def contacts(self, page: int = 1, per_page: int = 10) -> ContactPage | None:
        return self.contacts_data


@strawberry.type
class PersonPage:
    items: list[Person]
    pagination: Pagination


@strawberry.type
class Prison:
    prisonId: strawberry.ID
    prisoners_data: strawberry.Private[PersonPage | None]

    @strawberry.field
    def prisoners(self, page: int = 1, per_page: int = 100) -> PersonPage | None:
        return self.prisoners_data


@strawberry.type
class Query:
    person_data: strawberry.Private[Person | None]
    prison_data: strawberry.Private[Prison | None]

    @strawberry.field
    def person(self, hmpps_id: strawberry.ID) -> Person | None:
        return self.person_data

    @strawberry.field
    def prison(self, prison_id: strawberry.ID) -> Prison | None:
        return self.prison_data


schema = strawberry.Schema(
    query=Query, extensions=[lambda: ParserCache(maxsize=512), lambda: ValidationCache(maxsize=512)]
)


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
        for (variables, root), (_, response) in zip(roots, pages, strict=False):  # warm-up and check
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
        "rounds": len(walls),
        "requestsPerRound": len(pages),
        "fields": fields,
        "sameResult": same,
        "wallMsMin": round(min(walls) * 1000, 3),
        "wallMsP50": round(wall_ms, 3),
        "wallMsMean": round(statistics.mean(walls) * 1000, 3),
        "cpuMsPerRound": round(cpu_ms, 3),
        "cpuUsPerField": round(cpu_ms * 1000 / fields, 3) if fields else None,
    }
