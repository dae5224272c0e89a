from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON


@strawberry.type(description="One OASys risk-to-self answer: the risk now and before.")
class RiskDetail:
    risk: str | None = strawberry.field(description="Whether there is a risk: YES, NO or DK (don't know).")
    previous: str | None = strawberry.field(description="Whether there were concerns before: YES, NO or DK.")
    previousConcernsText: str | None = strawberry.field(description="What the earlier concerns were.")
    current: str | None = strawberry.field(description="Whether there are concerns now: YES, NO or DK.")
    currentConcernsText: str | None = strawberry.field(description="What the current concerns are.")


@strawberry.type(description="OASys answers on risk to the person themselves.")
class RiskToSelf:
    suicide: RiskDetail | None = strawberry.field(description="Risk of suicide.")
    selfHarm: RiskDetail | None = strawberry.field(description="Risk of self-harm.")
    custody: RiskDetail | None = strawberry.field(description="Coping in custody.")
    hostelSetting: RiskDetail | None = strawberry.field(description="Coping in a hostel.")
    vulnerability: RiskDetail | None = strawberry.field(description="Vulnerability.")


@strawberry.type(description="OASys answers on risks other than harm to others.")
class OtherRisks:
    escapeOrAbscond: str | None = strawberry.field(description="Risk of escape or absconding: YES, NO or DK.")
    controlIssuesDisruptiveBehaviour: str | None = strawberry.field(
        description="Control issues or disruptive behaviour: YES, NO or DK."
    )
    breachOfTrust: str | None = strawberry.field(description="Risk of breach of trust: YES, NO or DK.")
    riskToOtherPrisoners: str | None = strawberry.field(description="Risk to other prisoners: YES, NO or DK.")


@strawberry.type(description="The OASys risk of serious harm summary.")
class RiskSummary:
    whoIsAtRisk: str | None = strawberry.field(description="Who is at risk, in the assessor's words.")
    natureOfRisk: str | None = strawberry.field(description="What the risk is.")
    riskImminence: str | None = strawberry.field(description="When the risk is most likely.")
    riskIncreaseFactors: str | None = strawberry.field(description="What would make it more likely.")
    riskMitigationFactors: str | None = strawberry.field(description="What makes it less likely.")
    overallRiskLevel: str | None = strawberry.field(
        description="The highest risk level: LOW, MEDIUM, HIGH or VERY_HIGH."
    )
    riskInCommunity: JSON = strawberry.field(
        description="Who is at what risk in the community: group -> risk level, the group in camel case, e.g. "
        '{"public": "HIGH", "knownAdult": "MEDIUM", "children": "LOW"}; {} when not assessed.'
    )
    riskInCustody: JSON = strawberry.field(
        description='Who is at what risk in custody: group -> risk level, e.g. {"prisoners": "HIGH", "staff": "LOW"}.'
    )


@strawberry.type(description="Risk of serious harm (OASys), as the Integration API's Risks model.")
class RiskOfSeriousHarm:
    assessedOn: datetime | None = strawberry.field(
        description="When the OASys assessment was completed (ISO 8601 date-time)."
    )
    riskToSelf: RiskToSelf = strawberry.field(description="Risks to the person themselves.")
    otherRisks: OtherRisks = strawberry.field(description="Other risks (escape, control, trust, other prisoners).")
    summary: RiskSummary = strawberry.field(description="The risk of serious harm summary and levels.")


@strawberry.type(description="A version 1 predictor's band and score.")
class ScoreLevel:
    scoreLevel: str | None = strawberry.field(
        description="The band: LOW, MEDIUM, HIGH, VERY_HIGH or NOT_APPLICABLE; null on a version 2 assessment."
    )
    score: float | None = strawberry.field(
        description="The score, a percentage: the two-year figure for OGRS3, OGP and OVP, RSR's percentage score; "
        "null when OASys gives none."
    )


@strawberry.type(description="OASys sexual reoffending predictors (OSP), version 1.")
class SexualPredictor:
    indecentScoreLevel: str | None = strawberry.field(
        description="OSP/I band (indecent images): LOW, MEDIUM, HIGH or VERY_HIGH."
    )
    contactScoreLevel: str | None = strawberry.field(
        description="OSP/C band (contact offences): LOW, MEDIUM, HIGH or VERY_HIGH."
    )
    indecentScore: float | None = strawberry.field(
        description="OSP/IIC percentage score (indirect image contact), as the Integration API takes it."
    )
    contactScore: float | None = strawberry.field(
        description="OSP/DC percentage score (direct contact), as the Integration API takes it."
    )


@strawberry.type(description="A version 2 (OGRS4) predictor's band and score.")
class RiskScoreV2:
    band: str | None = strawberry.field(description="The band: LOW, MEDIUM, HIGH, VERY_HIGH or NOT_APPLICABLE.")
    score: float | None = strawberry.field(description="The score, a percentage, e.g. 45.5.")


@strawberry.type(
    description="One OASys assessment's reoffending predictor scores: version 1 (OGRS3, OGP, OVP, RSR, OSP) or "
    "version 2 (the OGRS4 predictors); the other version's fields are empty."
)
class RiskPredictorScore:
    completedDate: datetime | None = strawberry.field(
        description="When the assessment was completed (ISO 8601 date-time)."
    )
    assessmentStatus: str | None = strawberry.field(
        description="OASys assessment status: COMPLETE or LOCKED_INCOMPLETE."
    )
    assessmentVersion: int = strawberry.field(description="The predictors' version: 1 or 2.")
    generalPredictor: ScoreLevel = strawberry.field(description="OGP: general reoffending predictor (version 1).")
    violencePredictor: ScoreLevel = strawberry.field(description="OVP: violent reoffending predictor (version 1).")
    groupReconviction: ScoreLevel = strawberry.field(
        description="OGRS3: offender group reconviction scale (version 1)."
    )
    riskOfSeriousRecidivism: ScoreLevel = strawberry.field(description="RSR: risk of serious recidivism (version 1).")
    sexualPredictor: SexualPredictor = strawberry.field(description="OSP: sexual reoffending predictors (version 1).")
    allReoffendingPredictor: RiskScoreV2 | None = strawberry.field(
        description="All reoffending predictor (version 2); null on a version 1 assessment."
    )
    violentReoffendingPredictor: RiskScoreV2 | None = strawberry.field(
        description="Violent reoffending predictor (version 2)."
    )
    seriousViolentReoffendingPredictor: RiskScoreV2 | None = strawberry.field(
        description="Serious violent reoffending predictor (version 2)."
    )
    directContactSexualReoffendingPredictor: RiskScoreV2 | None = strawberry.field(
        description="Direct contact sexual reoffending predictor (version 2)."
    )
    indirectImageContactSexualReoffendingPredictor: RiskScoreV2 | None = strawberry.field(
        description="Indirect image contact sexual reoffending predictor (version 2)."
    )
    combinedSeriousReoffendingPredictor: RiskScoreV2 | None = strawberry.field(
        description="Combined serious reoffending predictor (version 2), RSR's successor."
    )


@strawberry.type(description="Multi-Agency Public Protection Arrangements (MAPPA) for the person, from nDelius.")
class MappaDetail:
    level: int | None = strawberry.field(description="MAPPA level: 1, 2 or 3 (3 the most agencies involved).")
    levelDescription: str | None = strawberry.field(description="What the level means, e.g. MAPPA Level 2.")
    category: int | None = strawberry.field(
        description="MAPPA category: 1 (registered sexual offender), 2 (violent) or 3 (other dangerous)."
    )
    categoryDescription: str | None = strawberry.field(description="What the category means, e.g. MAPPA Cat 2.")
    startDate: date | None = strawberry.field(description="When MAPPA management started.")
    reviewDate: date | None = strawberry.field(description="When it is next reviewed.")
    notes: str | None = strawberry.field(description="Free text recorded with the registration.")


@strawberry.type(description="A risk registration on the person's nDelius record (e.g. domestic abuse perpetrator).")
class DynamicRisk:
    code: str | None = strawberry.field(description="Register type code, e.g. RDVR.")
    description: str | None = strawberry.field(description="What the code means, e.g. Domestic Abuse Perpetrator.")
    startDate: date | None = strawberry.field(description="When it was registered.")
    reviewDate: date | None = strawberry.field(description="When it is next reviewed.")
    notes: str | None = strawberry.field(description="Free text recorded with it.")


@strawberry.type(description="One NOMIS assessment (categorisation, CSRA ...).")
class RiskCategoryAssessment:
    classificationCode: str | None = strawberry.field(description="Outcome code, e.g. C.")
    classification: str | None = strawberry.field(description="Outcome, e.g. Cat C.")
    assessmentCode: str | None = strawberry.field(description="Kind of assessment, e.g. CATEGORY.")
    assessmentDescription: str | None = strawberry.field(description="What the kind means, e.g. Categorisation.")
    assessmentDate: date | None = strawberry.field(description="When it was done, YYYY-MM-DD.")
    nextReviewDate: date | None = strawberry.field(description="When it is next due for review.")
    assessmentAgencyId: str | None = strawberry.field(description="Code of the prison that did it, e.g. MDI.")
    assessmentStatus: str | None = strawberry.field(description="A (active), I (inactive) or P (pending).")
    assessmentComment: str | None = strawberry.field(description="Free text recorded with it.")


@strawberry.type(description="The person's security category in NOMIS, with its categorisation history.")
class RiskCategory:
    offenderNo: str = strawberry.field(description="NOMIS prisoner number, e.g. A1234BC.")
    assessments: list[RiskCategoryAssessment] = strawberry.field(
        description="Categorisation and other assessments, in the order Prison API lists them."
    )
    category: str | None = strawberry.field(description="Current category, e.g. Cat C.")
    categoryCode: str | None = strawberry.field(description="Current category code, e.g. C.")


@strawberry.type(description="An OASys risk management plan (the Integration API's RiskManagementPlan).")
class RiskManagementPlan:
    assessmentId: str = strawberry.field(description="OASys assessment id the plan belongs to.")
    dateCompleted: datetime | None = strawberry.field(
        description="When the assessment was completed (ISO 8601 date-time)."
    )
    initiationDate: datetime | None = strawberry.field(description="When the assessment was started.")
    assessmentStatus: str | None = strawberry.field(description="OASys status, e.g. COMPLETE or LOCKED_INCOMPLETE.")
    assessmentType: str | None = strawberry.field(description="OASys assessment type, e.g. LAYER3.")
    keyInformationCurrentSituation: str | None = strawberry.field(
        description="Key information about the current situation."
    )
    furtherConsiderationsCurrentSituation: str | None = strawberry.field(
        description="Further considerations about the current situation."
    )
    supervision: str | None = strawberry.field(description="How the person will be supervised.")
    monitoringAndControl: str | None = strawberry.field(description="Monitoring and control measures.")
    interventionsAndTreatment: str | None = strawberry.field(description="Interventions and treatment.")
    victimSafetyPlanning: str | None = strawberry.field(description="Victim safety planning.")
    contingencyPlans: str | None = strawberry.field(description="Contingency plans.")
    latestSignLockDate: datetime | None = strawberry.field(description="When the plan was last signed and locked.")
    latestCompleteDate: datetime | None = strawberry.field(
        description="When the plan was countersigned, and so complete."
    )
