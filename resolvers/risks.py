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


def _v2(s: arn.BandedScore | None) -> types.RiskScoreV2:
    return types.RiskScoreV2(band=s.band if s else None, score=s.score if s else None)


def to_score(a: arn.LegacyPredictorAssessment | arn.PredictorAssessment) -> types.RiskPredictorScore:
    """As the Integration API's ArnRiskPredictorScore.toRiskPredictorScore: version 1 fills the five predictors
    (band and score), version 2 the six OGRS4 ones; the other version's are empty."""
    if isinstance(a, arn.PredictorAssessment):
        o = a.output
        return types.RiskPredictorScore(
            completedDate=a.completedDate,
            assessmentStatus=a.status,
            assessmentVersion=2,
            generalPredictor=types.ScoreLevel(scoreLevel=None, score=None),
            violencePredictor=types.ScoreLevel(scoreLevel=None, score=None),
            groupReconviction=types.ScoreLevel(scoreLevel=None, score=None),
            riskOfSeriousRecidivism=types.ScoreLevel(scoreLevel=None, score=None),
            sexualPredictor=types.SexualPredictor(
                indecentScoreLevel=None, contactScoreLevel=None, indecentScore=None, contactScore=None
            ),
            allReoffendingPredictor=_v2(o.allReoffendingPredictor),
            violentReoffendingPredictor=_v2(o.violentReoffendingPredictor),
            seriousViolentReoffendingPredictor=_v2(o.seriousViolentReoffendingPredictor),
            directContactSexualReoffendingPredictor=_v2(o.directContactSexualReoffendingPredictor),
            indirectImageContactSexualReoffendingPredictor=_v2(o.indirectImageContactSexualReoffendingPredictor),
            combinedSeriousReoffendingPredictor=_v2(o.combinedSeriousReoffendingPredictor),
        )
    v1 = a.output
    ogp, ovp, ogrs = v1.generalPredictorScore, v1.violencePredictorScore, v1.groupReconvictionScore
    rsr, osp = v1.riskOfSeriousRecidivismScore, v1.sexualPredictorScore
    return types.RiskPredictorScore(
        completedDate=a.completedDate,
        assessmentStatus=a.status,
        assessmentVersion=1,
        generalPredictor=types.ScoreLevel(scoreLevel=ogp.ogpRisk if ogp else None, score=ogp.ogp2Year if ogp else None),
        violencePredictor=types.ScoreLevel(
            scoreLevel=ovp.ovpRisk if ovp else None, score=ovp.twoYears if ovp else None
        ),
        groupReconviction=types.ScoreLevel(
            scoreLevel=ogrs.scoreLevel if ogrs else None, score=ogrs.twoYears if ogrs else None
        ),
        riskOfSeriousRecidivism=types.ScoreLevel(
            scoreLevel=rsr.scoreLevel if rsr else None, score=rsr.percentageScore if rsr else None
        ),
        sexualPredictor=types.SexualPredictor(
            indecentScoreLevel=osp.ospIndecentScoreLevel if osp else None,
            contactScoreLevel=osp.ospContactScoreLevel if osp else None,
            indecentScore=osp.ospIndirectImagePercentageScore if osp else None,
            contactScore=osp.ospDirectContactPercentageScore if osp else None,
        ),
        allReoffendingPredictor=None,
        violentReoffendingPredictor=None,
        seriousViolentReoffendingPredictor=None,
        directContactSexualReoffendingPredictor=None,
        indirectImageContactSexualReoffendingPredictor=None,
        combinedSeriousReoffendingPredictor=None,
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

    @strawberry.field(
        description="Risk predictor scores of each OASys assessment (version 1 or 2), newest first.",
        extensions=[LimitedAccessPolicy()],
    )
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
