from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON


@strawberry.type
class RiskDetail:
    risk: str | None
    previous: str | None
    previousConcernsText: str | None
    current: str | None
    currentConcernsText: str | None


@strawberry.type
class RiskToSelf:
    suicide: RiskDetail | None
    selfHarm: RiskDetail | None
    custody: RiskDetail | None
    hostelSetting: RiskDetail | None
    vulnerability: RiskDetail | None


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
    riskIncreaseFactors: str | None
    riskMitigationFactors: str | None
    overallRiskLevel: str | None
    riskInCommunity: JSON = strawberry.field(
        description='Risk level -> groups at that level, e.g. {"HIGH": ["Public"]}'
    )
    riskInCustody: JSON = strawberry.field(description="Risk level -> groups at that level")


@strawberry.type(description="Risk of serious harm (OASys), as the Integration API's Risks model.")
class RiskOfSeriousHarm:
    assessedOn: datetime | None
    riskToSelf: RiskToSelf
    otherRisks: OtherRisks
    summary: RiskSummary


@strawberry.type
class ScoreLevel:
    scoreLevel: str | None


@strawberry.type
class SexualPredictor:
    indecentScoreLevel: str | None
    contactScoreLevel: str | None


@strawberry.type
class RiskPredictorScore:
    completedDate: datetime | None
    assessmentStatus: str | None
    generalPredictor: ScoreLevel
    violencePredictor: ScoreLevel
    groupReconviction: ScoreLevel
    riskOfSeriousRecidivism: ScoreLevel
    sexualPredictor: SexualPredictor


@strawberry.type
class MappaDetail:
    level: int | None
    levelDescription: str | None
    category: int | None
    categoryDescription: str | None
    startDate: date | None
    reviewDate: date | None
    notes: str | None


@strawberry.type
class DynamicRisk:
    code: str | None
    description: str | None
    startDate: date | None
    reviewDate: date | None
    notes: str | None


@strawberry.type
class RiskCategoryAssessment:
    classificationCode: str | None
    classification: str | None
    assessmentCode: str | None
    assessmentDescription: str | None
    assessmentDate: date | None
    nextReviewDate: date | None
    assessmentAgencyId: str | None
    assessmentStatus: str | None
    assessmentComment: str | None


@strawberry.type
class RiskCategory:
    offenderNo: str
    assessments: list[RiskCategoryAssessment]
    category: str | None
    categoryCode: str | None


@strawberry.type(description="An OASys risk management plan (the Integration API's RiskManagementPlan).")
class RiskManagementPlan:
    assessmentId: str
    dateCompleted: datetime | None
    initiationDate: datetime | None
    assessmentStatus: str | None
    assessmentType: str | None
    keyInformationCurrentSituation: str | None
    furtherConsiderationsCurrentSituation: str | None
    supervision: str | None
    monitoringAndControl: str | None
    interventionsAndTreatment: str | None
    victimSafetyPlanning: str | None
    contingencyPlans: str | None
    latestSignLockDate: datetime | None
    latestCompleteDate: datetime | None
