"""Assess Risks and Needs (OASys)."""

from __future__ import annotations

from datetime import datetime

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


class ScoreLevel(UpstreamModel):
    scoreLevel: str | None = None


class ViolencePredictorScore(UpstreamModel):
    ovpRisk: str | None = None


class GeneralPredictorScore(UpstreamModel):
    ogpRisk: str | None = None


class SexualPredictorScore(UpstreamModel):
    ospIndecentScoreLevel: str | None = None
    ospContactScoreLevel: str | None = None


class RiskPredictorScores(UpstreamModel):
    completedDate: datetime | None = None
    assessmentStatus: str | None = None
    groupReconvictionScore: ScoreLevel | None = None
    violencePredictorScore: ViolencePredictorScore | None = None
    generalPredictorScore: GeneralPredictorScore | None = None
    riskOfSeriousRecidivismScore: ScoreLevel | None = None
    sexualPredictorScore: SexualPredictorScore | None = None


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

    async def predictor_scores(self, crn: str) -> list[RiskPredictorScores] | None:
        return await self.get(f"/risks/predictors/{path_segment(crn)}", list[RiskPredictorScores])
