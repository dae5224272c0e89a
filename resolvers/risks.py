"""Person.risks: seriousHarm and scores (OASys via Assess Risks and Needs), mappaDetail and dynamic
(Delius supervisions), categories (Prison API)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart, crn_of
from resolvers.pagination import check_page, paginate
from schema import risks as types
from schema.pagination import Page, PageNumber, PerPage
from schema.permissions import LimitedAccessPolicy, PrisonFiltered
from upstream import risks as arn
from upstream.delius import Registration


def _detail(d: arn.RiskDetail | None) -> types.RiskDetail | None:
    if d is None:
        return None
    return types.RiskDetail(
        risk=d.risk,
        previous=d.previous,
        previousConcernsText=d.previousConcernsText,
        current=d.current,
        currentConcernsText=d.currentConcernsText,
    )


def _camel_case(group: str) -> str:
    """ "Known Adult" -> "knownAdult", as the Integration API names the groups."""
    words = group.split(" ")
    joined = "".join(w[:1].upper() + w[1:] for w in words)
    return joined[:1].lower() + joined[1:]


def by_group(levels: dict[str, list[str]]) -> dict[str, str]:
    """OASys gives level -> groups ({"HIGH": ["Known Adult"]}); the Integration API turns it round to
    group -> level ({"knownAdult": "HIGH"}), the group in camel case (ArnRiskSummary.toRiskInContext)."""
    return {_camel_case(group): level for level, groups in levels.items() for group in groups}


def to_serious_harm(r: arn.RiskOfSeriousHarm) -> types.RiskOfSeriousHarm:
    s, o, t = r.summary, r.otherRisks, r.riskToSelf
    return types.RiskOfSeriousHarm(
        assessedOn=r.assessedOn,
        riskToSelf=types.RiskToSelf(
            suicide=_detail(t.suicide),
            selfHarm=_detail(t.selfHarm),
            custody=_detail(t.custody),
            hostelSetting=_detail(t.hostelSetting),
            vulnerability=_detail(t.vulnerability),
        ),
        otherRisks=types.OtherRisks(
            escapeOrAbscond=o.escapeOrAbscond,
            controlIssuesDisruptiveBehaviour=o.controlIssuesDisruptiveBehaviour,
            breachOfTrust=o.breachOfTrust,
            riskToOtherPrisoners=o.riskToOtherPrisoners,
        ),
        summary=types.RiskSummary(
            whoIsAtRisk=s.whoIsAtRisk,
            natureOfRisk=s.natureOfRisk,
            riskImminence=s.riskImminence,
            riskIncreaseFactors=s.riskIncreaseFactors,
            riskMitigationFactors=s.riskMitigationFactors,
            overallRiskLevel=s.overallRiskLevel,
            riskInCommunity=JSON(by_group(s.riskInCommunity)),
            riskInCustody=JSON(by_group(s.riskInCustody)),
        ),
    )


def to_score(p: arn.RiskPredictorScores) -> types.RiskPredictorScore:
    def level(score) -> types.ScoreLevel:
        return types.ScoreLevel(scoreLevel=score)

    sexual = p.sexualPredictorScore
    return types.RiskPredictorScore(
        completedDate=p.completedDate,
        assessmentStatus=p.assessmentStatus,
        generalPredictor=level(p.generalPredictorScore.ogpRisk if p.generalPredictorScore else None),
        violencePredictor=level(p.violencePredictorScore.ovpRisk if p.violencePredictorScore else None),
        groupReconviction=level(p.groupReconvictionScore.scoreLevel if p.groupReconvictionScore else None),
        riskOfSeriousRecidivism=level(
            p.riskOfSeriousRecidivismScore.scoreLevel if p.riskOfSeriousRecidivismScore else None
        ),
        sexualPredictor=types.SexualPredictor(
            indecentScoreLevel=sexual.ospIndecentScoreLevel if sexual else None,
            contactScoreLevel=sexual.ospContactScoreLevel if sexual else None,
        ),
    )


def to_dynamic_risk(r: Registration) -> types.DynamicRisk:
    return types.DynamicRisk(
        code=r.code, description=r.description, startDate=r.startDate, reviewDate=r.reviewDate, notes=r.notes
    )


async def serious_harm(root: HasPersonRef, info: Info[Context, None]) -> types.RiskOfSeriousHarm | None:
    crn = await crn_of(root.ref, info)
    if crn is None:
        return None
    rosh = await info.context.loaders.risk_of_serious_harm_by_crn.load(crn)
    return to_serious_harm(rosh) if rosh else None


async def scores(
    root: HasPersonRef, info: Info[Context, None], page: int, per_page: int
) -> Page[types.RiskPredictorScore]:
    check_page(page, per_page)
    crn = await crn_of(root.ref, info)
    rows = await info.context.loaders.predictor_scores_by_crn.load(crn) if crn else None
    found = sorted(
        (to_score(p) for p in rows or []),
        key=lambda s: s.completedDate.isoformat() if s.completedDate else "",
        reverse=True,
    )  # newest first
    return paginate(found, page, per_page)


async def mappa_detail(root: HasPersonRef, info: Info[Context, None]) -> types.MappaDetail | None:
    crn = await crn_of(root.ref, info)
    supervisions = await info.context.loaders.supervisions_by_crn.load(crn) if crn else None
    m = supervisions.mappaDetail if supervisions else None
    permitted = info.context.consumer.filters.mappaCategories  # the consumer's mappaCategories filter, if any
    if m is None or (permitted is not None and m.category not in permitted):
        return None
    return types.MappaDetail(
        level=m.level,
        levelDescription=m.levelDescription,
        category=m.category,
        categoryDescription=m.categoryDescription,
        startDate=m.startDate,
        reviewDate=m.reviewDate,
        notes=m.notes,
    )


async def dynamic(root: HasPersonRef, info: Info[Context, None], page: int, per_page: int) -> Page[types.DynamicRisk]:
    check_page(page, per_page)
    crn = await crn_of(root.ref, info)
    supervisions = await info.context.loaders.supervisions_by_crn.load(crn) if crn else None
    return paginate([to_dynamic_risk(r) for r in supervisions.dynamicRisks] if supervisions else [], page, per_page)


async def categories(root: HasPersonRef, info: Info[Context, None]) -> types.RiskCategory | None:
    if root.ref.nomis_number is None:
        return None
    offender = await info.context.loaders.offender_by_prisoner_number.load(root.ref.nomis_number)
    if offender is None:
        return None
    return types.RiskCategory(
        offenderNo=offender.offenderNo,
        category=offender.category,
        categoryCode=offender.categoryCode,
        assessments=[
            types.RiskCategoryAssessment(
                classificationCode=a.classificationCode,
                classification=a.classification,
                assessmentCode=a.assessmentCode,
                assessmentDescription=a.assessmentDescription,
                assessmentDate=a.assessmentDate,
                nextReviewDate=a.nextReviewDate,
                assessmentAgencyId=a.assessmentAgencyId,
                assessmentStatus=a.assessmentStatus,
                assessmentComment=a.assessmentComment,
            )
            for a in offender.assessments
        ],
    )


async def risk_management_plans(
    root: HasPersonRef, info: Info[Context, None], page: int, per_page: int
) -> Page[types.RiskManagementPlan]:
    check_page(page, per_page)
    crn = await crn_of(root.ref, info)
    found = await info.context.loaders.risk_management_plans_by_crn.load(crn) if crn else None
    plans = [
        types.RiskManagementPlan(
            assessmentId=str(p.assessmentId),
            dateCompleted=p.dateCompleted,
            initiationDate=p.initiationDate,
            assessmentStatus=p.assessmentStatus,
            assessmentType=p.assessmentType,
            keyInformationCurrentSituation=p.keyInformationCurrentSituation,
            furtherConsiderationsCurrentSituation=p.furtherConsiderationsCurrentSituation,
            supervision=p.supervision,
            monitoringAndControl=p.monitoringAndControl,
            interventionsAndTreatment=p.interventionsAndTreatment,
            victimSafetyPlanning=p.victimSafetyPlanning,
            contingencyPlans=p.contingencyPlans,
            latestSignLockDate=p.latestSignLockDate,
            latestCompleteDate=p.latestCompleteDate,
        )
        for p in (found.riskManagementPlan if found else [])
    ]
    plans.sort(key=lambda p: p.dateCompleted.isoformat() if p.dateCompleted else "", reverse=True)  # newest first
    return paginate(plans, page, per_page)


@strawberry.type
class RiskFields(PersonPart):
    """The fields of `Risks` (schema/person.py): one person's risk information from OASys, nDelius and NOMIS."""

    @strawberry.field(
        description="Risk of serious harm from the latest OASys assessment.", extensions=[LimitedAccessPolicy()]
    )
    async def seriousHarm(self, info: Info[Context, None]) -> types.RiskOfSeriousHarm | None:
        return await serious_harm(self, info)

    @strawberry.field(description="Risk predictor scores, newest first.", extensions=[LimitedAccessPolicy()])
    async def scores(
        self, info: Info[Context, None], page: PageNumber = 1, per_page: PerPage = 10
    ) -> Page[types.RiskPredictorScore] | None:
        return await scores(self, info, page, per_page)

    @strawberry.field(
        description="MAPPA level and category (nDelius); null when the mappaCategories filter excludes it.",
        extensions=[LimitedAccessPolicy()],
    )
    async def mappaDetail(self, info: Info[Context, None]) -> types.MappaDetail | None:
        return await mappa_detail(self, info)

    @strawberry.field(description="Dynamic risk registrations in nDelius.", extensions=[LimitedAccessPolicy()])
    async def dynamic(
        self, info: Info[Context, None], page: PageNumber = 1, per_page: PerPage = 10
    ) -> Page[types.DynamicRisk] | None:
        return await dynamic(self, info, page, per_page)

    @strawberry.field(description="Security categorisation (NOMIS).", extensions=[PrisonFiltered()])
    async def categories(self, info: Info[Context, None]) -> types.RiskCategory | None:
        return await categories(self, info)


@strawberry.type
class RiskManagementPlanFields(PersonPart):
    @strawberry.field(description="OASys risk management plans, newest first.", extensions=[LimitedAccessPolicy()])
    async def riskManagementPlan(
        self, info: Info[Context, None], page: PageNumber = 1, per_page: PerPage = 10
    ) -> Page[types.RiskManagementPlan] | None:
        return await risk_management_plans(self, info, page, per_page)
