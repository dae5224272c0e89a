"""Assess Risks and Needs (OASys)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class RiskDetail(UpstreamModel):
    risk: str | None = None
    previous: str | None = None
    previousConcernsText: str | None = None
    current: str | None = None
    currentConcernsText: str | None = None


class RiskToSelf(UpstreamModel):
    suicide: RiskDetail | None = None
    selfHarm: RiskDetail | None = None
    custody: RiskDetail | None = None
    hostelSetting: RiskDetail | None = None
    vulnerability: RiskDetail | None = None


class OtherRisks(UpstreamModel):
    escapeOrAbscond: str | None = None
    controlIssuesDisruptiveBehaviour: str | None = None
    breachOfTrust: str | None = None
    riskToOtherPrisoners: str | None = None


class RoshSummary(UpstreamModel):
    whoIsAtRisk: str | None = None
    natureOfRisk: str | None = None
    riskImminence: str | None = None
    riskIncreaseFactors: str | None = None
    riskMitigationFactors: str | None = None
    overallRiskLevel: str | None = None
    riskInCommunity: dict[str, list[str]] = {}
    riskInCustody: dict[str, list[str]] = {}


class RiskOfSeriousHarm(UpstreamModel):
    riskToSelf: RiskToSelf
    otherRisks: OtherRisks
    summary: RoshSummary
    assessedOn: datetime | None = None


class GroupReconvictionScore(UpstreamModel):
    scoreLevel: str | None = None
    twoYears: float | None = None


class ViolencePredictorScore(UpstreamModel):
    ovpRisk: str | None = None
    twoYears: float | None = None


class GeneralPredictorScore(UpstreamModel):
    ogpRisk: str | None = None
    ogp2Year: float | None = None


class SeriousRecidivismScore(UpstreamModel):
    scoreLevel: str | None = None
    percentageScore: float | None = None


class SexualPredictorScore(UpstreamModel):
    ospIndecentScoreLevel: str | None = None
    ospContactScoreLevel: str | None = None
    ospIndirectImagePercentageScore: float | None = None
    ospDirectContactPercentageScore: float | None = None


class LegacyPredictorOutput(UpstreamModel):
    """Version 1 output (RiskScoresDto): OGRS3, OVP, OGP, RSR, OSP."""

    groupReconvictionScore: GroupReconvictionScore | None = None
    violencePredictorScore: ViolencePredictorScore | None = None
    generalPredictorScore: GeneralPredictorScore | None = None
    riskOfSeriousRecidivismScore: SeriousRecidivismScore | None = None
    sexualPredictorScore: SexualPredictorScore | None = None


class BandedScore(UpstreamModel):
    band: str | None = None
    score: float | None = None


class PredictorOutput(UpstreamModel):
    """Version 2 output (AllPredictorDto): the OGRS4 family of predictors."""

    allReoffendingPredictor: BandedScore | None = None
    violentReoffendingPredictor: BandedScore | None = None
    seriousViolentReoffendingPredictor: BandedScore | None = None
    directContactSexualReoffendingPredictor: BandedScore | None = None
    indirectImageContactSexualReoffendingPredictor: BandedScore | None = None
    combinedSeriousReoffendingPredictor: BandedScore | None = None


class LegacyPredictorAssessment(UpstreamModel):
    completedDate: datetime | None = None
    status: str | None = None
    outputVersion: Literal["1"]
    output: LegacyPredictorOutput


class PredictorAssessment(UpstreamModel):
    completedDate: datetime | None = None
    status: str | None = None
    outputVersion: Literal["2"]
    output: PredictorOutput


# One assessment's predictor scores, shaped by its outputVersion (ARN's AllPredictorVersionedUnion); a version
# the graph does not know is an unreadable answer, as the Integration API refuses it.
VersionedPredictors = Annotated[LegacyPredictorAssessment | PredictorAssessment, Field(discriminator="outputVersion")]


class RiskManagementPlanEntry(UpstreamModel):
    assessmentId: int
    assessmentStatus: str
    assessmentType: str
    dateCompleted: datetime | None = None
    initiationDate: datetime | None = None
    keyInformationCurrentSituation: str | None = None
    furtherConsiderationsCurrentSituation: str | None = None
    supervision: str | None = None
    monitoringAndControl: str | None = None
    interventionsAndTreatment: str | None = None
    victimSafetyPlanning: str | None = None
    contingencyPlans: str | None = None
    latestSignLockDate: datetime | None = None
    latestCompleteDate: datetime | None = None


class RiskManagementPlans(UpstreamModel):
    crn: str
    limitedAccessOffender: bool
    riskManagementPlan: list[RiskManagementPlanEntry]


class AssessmentNeed(UpstreamModel):
    section: str | None = None
    name: str | None = None
    riskOfHarm: bool | None = None
    riskOfReoffending: bool | None = None
    severity: str | None = None


class AssessmentNeeds(UpstreamModel):
    identifiedNeeds: list[AssessmentNeed]
    notIdentifiedNeeds: list[AssessmentNeed]
    unansweredNeeds: list[AssessmentNeed]
    assessedOn: datetime | None = None


class RisksClient(UpstreamClient):
    async def needs(self, crn: str) -> AssessmentNeeds | None:
        """Criminogenic needs of the latest completed assessment; None (404) without one."""
        return await self.get(f"/needs/crn/{path_segment(crn)}", AssessmentNeeds)

    async def risk_management_plans(self, crn: str) -> RiskManagementPlans | None:
        return await self.get(f"/risks/crn/{path_segment(crn)}/risk-management-plan", RiskManagementPlans)

    async def risk_of_serious_harm(self, crn: str) -> RiskOfSeriousHarm | None:
        return await self.get(f"/risks/crn/{path_segment(crn)}", RiskOfSeriousHarm)

    async def predictor_scores(self, crn: str) -> list[VersionedPredictors] | None:
        """Every assessment's predictor scores, version 1 or 2, as the Integration API reads them."""
        return await self.get(
            f"/risks/predictors/unsafe/all/CRN/{path_segment(crn)}",
            list[VersionedPredictors],
        )
