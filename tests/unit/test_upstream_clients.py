"""Every public method of every upstream client, against respx: request sent, answer parsed, failures mapped.

One table row per client method says what the method must send and what it must make of a realistic
answer in the upstream's own shape (see specs/upstream/). Each behaviour (success, 404,
5xx, connection failure, timeout, unreadable body, wrong-shaped body) is one parametrized test over it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import get_type_hints

import httpx
import pytest
import respx

from tests.cases import GET_HAS_NO_BODY, Case, field_rows
from tests.unit.conftest import base_url
from upstream.alerts import AlertsClient
from upstream.base import UpstreamClient
from upstream.clients import Upstreams
from upstream.contacts import ContactsClient
from upstream.delius import DeliusClient
from upstream.errors import UpstreamTimeout, UpstreamUnavailable
from upstream.locations import LocationsClient
from upstream.prison_api import PrisonApiClient
from upstream.prisoner_search import PrisonerPage, PrisonerSearchClient
from upstream.probation_search import ProbationSearchClient
from upstream.risks import LegacyPredictorAssessment, RisksClient
from upstream.visits import VisitPage, VisitsClient

# ---------------------------------------------------------------------------------------------------
# Realistic answers, in the upstreams' shapes (extra fields included: the models must ignore them).
# ---------------------------------------------------------------------------------------------------

PRISONER = {
    "prisonerNumber": "A1234AA",
    "pncNumber": "12/394773H",
    "croNumber": "29906/12J",
    "bookingId": "0001200924",
    "bookNumber": "38412A",
    "firstName": "ROBERT",
    "middleNames": "JOHN JAMES",
    "lastName": "LARSEN",
    "dateOfBirth": "1975-04-02",
    "gender": "Male",
    "ethnicity": "White: Eng./Welsh/Scot./N.Irish/British",
    "youthOffender": False,
    "maritalStatus": "Widowed",
    "religion": "Church of England (Anglican)",
    "nationality": "British",
    "status": "ACTIVE IN",
    "lastMovementTypeCode": "CRT",
    "inOutStatus": "IN",
    "prisonId": "MDI",
    "lastPrisonId": "MDI",
    "prisonName": "Moorland (HMP & YOI)",
    "cellLocation": "A-1-002",
    "aliases": [
        {
            "firstName": "Robert",
            "middleNames": "John",
            "lastName": "Lorsen",
            "dateOfBirth": "1975-04-02",
            "gender": "Male",
            "ethnicity": "White : Irish",
        }
    ],
    "alerts": [{"alertType": "H", "alertCode": "HA", "active": True, "expired": False}],
    "csra": "HIGH",
    "category": "C",
    "legalStatus": "SENTENCED",
    "imprisonmentStatus": "LIFE",
    "receptionDate": "2023-05-01",
}
PRISONER_2 = {
    "prisonerNumber": "B2345BB",
    "firstName": "ANNA",
    "lastName": "BAKER",
    "dateOfBirth": "1990-11-30",
    "status": "INACTIVE OUT",
    "prisonId": "OUT",
    "lastPrisonId": "LEI",
}


def spring_page(content: list, number: int, size: int, total: int) -> dict:
    return {
        "content": content,
        "pageable": {
            "pageNumber": number,
            "pageSize": size,
            "offset": number * size,
            "sort": {"sorted": True, "unsorted": False, "empty": False},
        },
        "totalElements": total,
        "totalPages": -(-total // size),
        "size": size,
        "number": number,
        "first": number == 0,
        "last": (number + 1) * size >= total,
        "numberOfElements": len(content),
        "empty": not content,
    }


OFFENDER = {
    "offenderId": 2500343964,
    "title": "Mr",
    "firstName": "John",
    "middleNames": ["Paul", "George"],
    "surname": "Smith",
    "dateOfBirth": "1978-01-06",
    "gender": "Male",
    "otherIds": {"crn": "X123456", "pncNumber": "2012/0052494Q", "croNumber": "123456/04A", "nomsNumber": "G5555TT"},
    "contactDetails": {
        "phoneNumbers": [{"number": "07700 900123", "type": "MOBILE"}],
        "emailAddresses": ["john.smith@example.com"],
        "allowSMS": True,
    },
    "offenderProfile": {"ethnicity": "W1", "nationality": "British"},
    "offenderAliases": [
        {
            "id": "1",
            "firstName": "Johnny",
            "middleNames": ["P"],
            "surname": "Smyth",
            "dateOfBirth": "1978-01-07",
            "gender": "Male",
        }
    ],
    "currentRestriction": False,
    "currentExclusion": True,
    "exclusionMessage": "You are excluded from this case",
    "activeProbationManagedSentence": True,
}
OFFENDER_2 = {
    "offenderId": 2500343965,
    "firstName": "Jane",
    "surname": "Doe",
    "otherIds": {"crn": "Y654321", "nomsNumber": "A1234AA"},
}

REFERENCE_DATA = {
    "probationReferenceData": {
        "GENDER": [{"code": "M", "description": "Male"}, {"code": "F", "description": "Female"}],
        "REGISTER_TYPE": [{"code": "RCCO", "description": "Child Concerns"}],
    }
}

SUPERVISIONS = {
    "mappaDetail": {
        "level": 2,
        "levelDescription": "MAPPA Level 2",
        "category": 1,
        "categoryDescription": "MAPPA Cat 1",
        "startDate": "2023-02-01",
        "reviewDate": "2024-02-01",
        "notes": "Managed at level 2",
    },
    "supervisions": [
        {
            "number": 1,
            "active": True,
            "date": "2023-01-15",
            "sentence": {
                "description": "CJA - Std Determinate Custody",
                "date": "2023-01-15",
                "length": 24,
                "lengthUnits": "Months",
                "custodial": True,
            },
            "mainOffence": {"date": "2022-12-01", "count": 1, "code": "02801", "description": "Burglary"},
            "additionalOffences": [],
            "courtAppearances": [],
        }
    ],
    "dynamicRisks": [
        {
            "code": "RCCO",
            "description": "Child Concerns",
            "startDate": "2023-03-01",
            "reviewDate": "2023-09-01",
            "notes": None,
        }
    ],
    "personStatus": [{"code": "ASFO", "description": "Serious Further Offence", "startDate": "2023-04-01"}],
}

CASE_ACCESS = {
    "access": [
        {"crn": "X123456", "userExcluded": True, "userRestricted": False, "exclusionMessage": "Excluded: conflict"},
        {"crn": "Y654321", "userExcluded": False, "userRestricted": False},
    ]
}

REFERENCE_CODES = [
    {
        "domain": "ETHNICITY",
        "code": "W1",
        "description": "White: Eng./Welsh/Scot./N.Irish/British",
        "activeFlag": "Y",
        "listSeq": 1,
        "subCodes": [],
    },
    {"domain": "ETHNICITY", "code": "A9", "description": "Asian/Asian British: Any other backgr'nd", "activeFlag": "N"},
]

SENTENCES = [
    {
        "bookingId": 1200924,
        "sentenceSequence": 1,
        "lineSequence": 1,
        "caseSequence": 1,
        "courtDescription": "Leeds Crown Court",
        "sentenceStatus": "A",
        "sentenceCategory": "2003",
        "sentenceCalculationType": "ADIMP_ORA",
        "sentenceTypeDescription": "ORA Standard Determinate Sentence",
        "sentenceDate": "2023-01-15",
        "terms": [{"years": 2, "months": 6, "weeks": 0, "days": 0, "code": "IMP"}],
        "offences": [{"offenderChargeId": 3933870, "offenceCode": "BU68001", "offenceDescription": "Burglary"}],
        "fineAmount": 150.5,
    }
]

INMATE = {
    "offenderNo": "A1234AA",
    "bookingId": 1200924,
    "bookingNo": "38412A",
    "firstName": "ROBERT",
    "lastName": "LARSEN",
    "dateOfBirth": "1975-04-02",
    "activeFlag": True,
    "agencyId": "MDI",
    "category": "Cat C",
    "categoryCode": "C",
    "assessments": [
        {
            "classificationCode": "C",
            "classification": "Cat C",
            "assessmentCode": "CATEGORY",
            "assessmentDescription": "Categorisation",
            "cellSharingAlertFlag": False,
            "assessmentDate": "2023-02-01",
            "nextReviewDate": "2024-02-01",
            "approvalDate": "2023-02-02",
            "assessmentAgencyId": "MDI",
            "assessmentStatus": "A",
            "assessmentSeq": 1,
            "assessmentComment": "Reviewed on transfer",
        }
    ],
}

ALERTS = spring_page(
    [
        {
            "alertUuid": "8cdadcf3-b003-4116-9956-c99bd8df6a00",
            "prisonNumber": "A1234AA",
            "alertCode": {
                "alertTypeCode": "X",
                "alertTypeDescription": "Security",
                "code": "XA",
                "description": "Arsonist",
            },
            "description": "Set fire to cell",
            "authorisedBy": "A. Nurse",
            "activeFrom": "2021-09-27",
            "activeTo": None,
            "isActive": True,
            "createdAt": "2021-09-27T14:19:25",
            "createdBy": "USER1234",
            "createdByDisplayName": "Firstname Lastname",
            "prisonCodeWhenCreated": "MDI",
        },
        {
            "alertUuid": "0f6b2a3c-1111-4b7e-9a00-c99bd8df6a01",
            "prisonNumber": "B2345BB",
            "alertCode": {
                "alertTypeCode": "H",
                "alertTypeDescription": "Self Harm",
                "code": "HA",
                "description": "ACCT open",
            },
            "activeFrom": "2020-01-01",
            "activeTo": "2020-06-30",
            "isActive": False,
            "createdAt": "2020-01-01T09:00:00",
        },
    ],
    number=0,
    size=2000,
    total=2,
)

LOCATION = {
    "id": "2475f250-434a-4257-afe7-b911f1773a4d",
    "prisonId": "MDI",
    "code": "001",
    "pathHierarchy": "A-1-001",
    "locationType": "CELL",
    "permanentlyInactive": False,
    "capacity": {"maxCapacity": 2, "workingCapacity": 1},
    "certification": {"certified": True, "capacityOfCertifiedCell": 1},
    "accommodationTypes": ["NORMAL_ACCOMMODATION"],
    "specialistCellTypes": ["ACCESSIBLE_CELL"],
    "usedFor": ["STANDARD_ACCOMMODATION"],
    "status": "ACTIVE",
    "active": True,
    "deactivatedByParent": False,
    "topLevelId": "57718979-573c-433a-9e51-2d83f887c11c",
    "level": 3,
    "leafLevel": True,
    "parentId": "57718979-573c-433a-9e51-2d83f887c11d",
    "lastModifiedBy": "USER1",
    "lastModifiedDate": "2023-01-23T12:23:00",
    "key": "MDI-A-1-001",
    "isResidential": True,
    "inCellSanitation": True,
}

ROSH = {
    "riskToSelf": {
        "suicide": {
            "risk": "YES",
            "previous": "YES",
            "previousConcernsText": "Attempt in 2019",
            "current": "NO",
            "currentConcernsText": None,
        },
        "selfHarm": {"risk": "DK"},
        "custody": None,
        "hostelSetting": None,
        "vulnerability": None,
        "assessedOn": "2023-03-01T10:15:30",
    },
    "otherRisks": {
        "escapeOrAbscond": "NO",
        "controlIssuesDisruptiveBehaviour": "YES",
        "breachOfTrust": "DK",
        "riskToOtherPrisoners": "NO",
        "assessedOn": "2023-03-01T10:15:30",
    },
    "summary": {
        "whoIsAtRisk": "Known adult",
        "natureOfRisk": "Violence",
        "riskImminence": "Not imminent",
        "riskIncreaseFactors": "Alcohol",
        "riskMitigationFactors": "Stable housing",
        "riskInCommunity": {"HIGH": ["Known Adult"], "LOW": ["Children", "Public"]},
        "riskInCustody": {"MEDIUM": ["Staff"]},
        "overallRiskLevel": "HIGH",
        "assessedOn": "2023-03-01T10:15:30",
    },
    "assessedOn": "2023-03-01T10:15:30",
}

PREDICTORS = [
    {
        "completedDate": "2023-03-01T10:15:30",
        "status": "COMPLETE",
        "assessmentType": "LAYER3",
        "outputVersion": "1",
        "output": {
            "groupReconvictionScore": {"oneYear": 3, "twoYears": 7, "scoreLevel": "LOW"},
            "violencePredictorScore": {"ovpStaticWeightedScore": 14, "oneYear": 4, "twoYears": 8, "ovpRisk": "MEDIUM"},
            "generalPredictorScore": {"ogpStaticWeightedScore": 3, "ogp2Year": 11, "ogpRisk": "HIGH"},
            "riskOfSeriousRecidivismScore": {"percentageScore": 1.5, "staticOrDynamic": "STATIC", "scoreLevel": "LOW"},
            "sexualPredictorScore": {
                "ospIndirectImagePercentageScore": 2.1,
                "ospIndecentScoreLevel": "LOW",
                "ospContactScoreLevel": "MEDIUM",
            },
        },
    },
    {
        "completedDate": "2025-06-01T09:00:00",
        "status": "COMPLETE",
        "assessmentType": "LAYER3",
        "outputVersion": "2",
        "output": {
            "allReoffendingPredictor": {"score": 45.5, "band": "HIGH", "staticOrDynamic": "DYNAMIC"},
            "combinedSeriousReoffendingPredictor": {"score": 3.2, "band": "MEDIUM", "algorithmVersion": "6"},
        },
    },
]

VISIT = {
    "applicationReference": "dfs-wjs-eqr",
    "reference": "v9-d7-ed-7u",
    "prisonerId": "A1234AA",
    "prisonId": "MDI",
    "prisonName": "Moorland (HMP & YOI)",
    "sessionTemplateReference": "v9d.7ed.7u",
    "visitRoom": "Visits Main Hall",
    "visitType": "SOCIAL",
    "visitStatus": "BOOKED",
    "outcomeStatus": None,
    "visitRestriction": "OPEN",
    "startTimestamp": "2026-08-14T10:00:00",
    "endTimestamp": "2026-08-14T11:00:00",
    "visitNotes": [{"type": "VISITOR_CONCERN", "text": "Visitor uses a wheelchair"}],
    "visitContact": {"name": "Mary Smith", "telephone": "01234 567890", "email": "mary@example.com"},
    "visitors": [{"nomisPersonId": 1234, "visitContact": True}, {"nomisPersonId": 5678}],
    "visitorSupport": {"description": "Wheelchair ramp"},
    "createdTimestamp": "2026-07-01T09:00:00",
    "modifiedTimestamp": "2026-07-02T09:00:00",
    "firstBookedDateTime": "2026-07-01T09:00:00",
}

CONTACT = {
    "prisonerContactId": 123456,
    "contactId": 654321,
    "prisonerNumber": "A1234AA",
    "lastName": "Doe",
    "firstName": "John",
    "middleNames": "William",
    "dateOfBirth": "1980-01-01",
    "deceasedDate": None,
    "relationshipTypeCode": "S",
    "relationshipTypeDescription": "Social",
    "relationshipToPrisonerCode": "FRI",
    "relationshipToPrisonerDescription": "Friend",
    "flat": "Flat 1",
    "property": "123",
    "street": "Baker Street",
    "area": "Marylebone",
    "cityCode": "25343",
    "cityDescription": "Sheffield",
    "countyCode": "S.YORKSHIRE",
    "countyDescription": "South Yorkshire",
    "postcode": "S1 2AB",
    "countryCode": "ENG",
    "countryDescription": "England",
    "noFixedAddress": False,
    "primaryAddress": True,
    "mailAddress": True,
    "phoneType": "MOB",
    "phoneTypeDescription": "Mobile",
    "phoneNumber": "07700 900000",
    "extNumber": None,
    "isApprovedVisitor": True,
    "isNextOfKin": False,
    "isEmergencyContact": True,
    "isRelationshipActive": True,
    "currentTerm": True,
    "comments": "Visits weekly",
    "isStaff": False,
    "restrictionSummary": {"active": [], "totalActive": 0, "totalExpired": 0},
}
CONTACT_PAGE = {"content": [CONTACT], "page": {"size": 10, "number": 2, "totalElements": 21, "totalPages": 3}}

ATTRIBUTE_QUERY = {
    "joinType": "AND",
    "queries": [
        {
            "joinType": "AND",
            "matchers": [
                {"type": "String", "attribute": "prisonId", "condition": "IS", "searchTerm": "MDI"},
                {"type": "String", "attribute": "lastName", "condition": "IS", "searchTerm": "LARSEN"},
            ],
        }
    ],
}
GLOBAL_CRITERIA = {
    "lastName": "LARSEN",
    "firstName": "ROBERT",
    "dateOfBirth": "1975-04-02",
    "includeAliases": True,
    "type": "DEFAULT",
}
PROBATION_CRITERIA = {"surname": "Smith", "firstName": "John", "dateOfBirth": "1978-01-06", "includeAliases": True}


# ---------------------------------------------------------------------------------------------------
# The table.
# ---------------------------------------------------------------------------------------------------


EMPTY_PAGE_2_OF_5 = PrisonerPage(content=[], totalElements=0, totalPages=0, size=5, number=2)

CASES = [
    # --- prisoner search ---------------------------------------------------------------------------
    Case(
        "prisoner_search.prisoners_by_numbers",
        PrisonerSearchClient,
        "prisoner-search",
        lambda c: c.prisoners_by_numbers(["A1234AA", "B2345BB", "Z9999ZZ"]),
        "POST",
        "/prisoner-search/prisoner-numbers",
        [PRISONER, PRISONER_2],
        lambda r: [(p.prisonerNumber, p.lastName, p.dateOfBirth, p.prisonId) for p in r],
        [("A1234AA", "LARSEN", date(1975, 4, 2), "MDI"), ("B2345BB", "BAKER", date(1990, 11, 30), "OUT")],
        on_404=[],
        wrong_shape={"content": [PRISONER]},
        body={"prisonerNumbers": ["A1234AA", "B2345BB", "Z9999ZZ"]},
    ),
    Case(
        "prisoner_search.prisoner",
        PrisonerSearchClient,
        "prisoner-search",
        lambda c: c.prisoner("A1234AA"),
        "GET",
        "/prisoner/A1234AA",
        PRISONER,
        lambda p: (
            p.prisonerNumber,
            p.bookingId,
            p.middleNames,
            p.cellLocation,
            p.receptionDate,
            [(a.lastName, a.ethnicity) for a in p.aliases],
            p.csra,
            p.category,
        ),
        (
            "A1234AA",
            "0001200924",
            "JOHN JAMES",
            "A-1-002",
            date(2023, 5, 1),
            [("Lorsen", "White : Irish")],
            "HIGH",
            "C",
        ),
        on_404=None,
        wrong_shape={"firstName": "ROBERT", "lastName": "LARSEN"},
    ),
    Case(
        "prisoner_search.prison_prisoners",
        PrisonerSearchClient,
        "prisoner-search",
        lambda c: c.prison_prisoners("MDI", 1, 2),
        "GET",
        "/prison/MDI/prisoners",
        spring_page([PRISONER, PRISONER_2], number=1, size=2, total=5),
        lambda p: ([x.prisonerNumber for x in p.content], p.totalElements, p.totalPages, p.size, p.number),
        (["A1234AA", "B2345BB"], 5, 3, 2, 1),
        on_404=None,
        wrong_shape=[PRISONER, PRISONER_2],
        params={"page": "1", "size": "2", "sort": "lastName,firstName,prisonerNumber"},
    ),
    Case(
        "prisoner_search.attribute_search",
        PrisonerSearchClient,
        "prisoner-search",
        lambda c: c.attribute_search(ATTRIBUTE_QUERY, 2, 5),
        "POST",
        "/attribute-search",
        spring_page([PRISONER], number=2, size=5, total=11),
        lambda p: ([x.prisonerNumber for x in p.content], p.totalElements, p.totalPages, p.size, p.number),
        (["A1234AA"], 11, 3, 5, 2),
        on_404=EMPTY_PAGE_2_OF_5,
        wrong_shape={"content": [PRISONER]},
        params={"page": "2", "size": "5"},
        body={**ATTRIBUTE_QUERY, "pagination": {"page": 2, "size": 5}},
    ),
    Case(
        "prisoner_search.global_search",
        PrisonerSearchClient,
        "prisoner-search",
        lambda c: c.global_search(GLOBAL_CRITERIA, 2, 5),
        "POST",
        "/global-search",
        spring_page([PRISONER_2], number=2, size=5, total=11),
        lambda p: ([(x.prisonerNumber, x.status) for x in p.content], p.totalElements, p.number),
        ([("B2345BB", "INACTIVE OUT")], 11, 2),
        on_404=EMPTY_PAGE_2_OF_5,
        wrong_shape=spring_page([{"firstName": "NO NUMBER"}], number=0, size=5, total=1),
        params={"page": "2", "size": "5"},
        body=GLOBAL_CRITERIA,
    ),
    # --- probation search --------------------------------------------------------------------------
    Case(
        "probation_search.offenders_by_crns",
        ProbationSearchClient,
        "probation-search",
        lambda c: c.offenders_by_crns(["X123456", "Y654321"]),
        "POST",
        "/crns",
        [OFFENDER, OFFENDER_2],
        lambda r: [(o.otherIds.crn, o.otherIds.nomsNumber, o.surname, o.middleNames) for o in r],
        [("X123456", "G5555TT", "Smith", ["Paul", "George"]), ("Y654321", "A1234AA", "Doe", None)],
        on_404=[],
        wrong_shape=[{"offenderId": 2500343964, "surname": "Smith"}],  # otherIds is required
        body=["X123456", "Y654321"],
    ),
    Case(
        "probation_search.offenders_by_noms_numbers",
        ProbationSearchClient,
        "probation-search",
        lambda c: c.offenders_by_noms_numbers(["G5555TT"]),
        "POST",
        "/nomsNumbers",
        [OFFENDER],
        lambda r: [
            (
                o.offenderId,
                o.otherIds.pncNumber,
                o.contactDetails.phoneNumbers[0].number,
                o.contactDetails.emailAddresses,
                o.offenderProfile.ethnicity,
                [(a.surname, a.dateOfBirth) for a in o.offenderAliases],
                o.currentExclusion,
                o.exclusionMessage,
            )
            for o in r
        ],
        [
            (
                2500343964,
                "2012/0052494Q",
                "07700 900123",
                ["john.smith@example.com"],
                "W1",
                [("Smyth", date(1978, 1, 7))],
                True,
                "You are excluded from this case",
            )
        ],
        on_404=[],
        wrong_shape={"content": [OFFENDER], "totalElements": 1},
        body=["G5555TT"],
    ),
    Case(
        "probation_search.search",
        ProbationSearchClient,
        "probation-search",
        lambda c: c.search(PROBATION_CRITERIA),
        "POST",
        "/search",
        [OFFENDER],
        lambda r: [(o.otherIds.crn, o.firstName, o.dateOfBirth, o.gender) for o in r],
        [("X123456", "John", date(1978, 1, 6), "Male")],
        on_404=[],
        wrong_shape=[{"offenderId": "not-a-number", "otherIds": {"crn": "X123456"}}],
        body=PROBATION_CRITERIA,
    ),
    # --- delius ------------------------------------------------------------------------------------
    Case(
        "delius.reference_data",
        DeliusClient,
        "delius",
        lambda c: c.reference_data(),
        "GET",
        "/reference-data",
        REFERENCE_DATA,
        lambda r: {k: [(x.code, x.description) for x in v] for k, v in r.probationReferenceData.items()},
        {"GENDER": [("M", "Male"), ("F", "Female")], "REGISTER_TYPE": [("RCCO", "Child Concerns")]},
        on_404=None,
        wrong_shape={"probationReferenceData": {"GENDER": "M"}},
    ),
    Case(
        "delius.addresses",
        DeliusClient,
        "delius",
        lambda c: c.addresses("X123456"),
        "GET",
        "/case/X123456/addresses",
        {
            "contactDetails": {
                "addresses": [
                    {
                        "noFixedAbode": False,
                        "type": {"code": "MAIN", "description": "Main"},
                        "addressNumber": "12",
                        "streetName": "High Street",
                        "town": "Sheffield",
                        "postcode": "S1 2AB",
                        "from": "2020-01-02",
                        "notes": "Verified",
                    }
                ]
            }
        },
        lambda r: [(a.addressNumber, a.streetName, a.postcode, a.from_, a.type.code) for a in r],
        [("12", "High Street", "S1 2AB", date(2020, 1, 2), "MAIN")],
        on_404=None,
        wrong_shape={"contactDetails": {"addresses": {"postcode": "S1 2AB"}}},
    ),  # not a list
    Case(
        "delius.supervisions",
        DeliusClient,
        "delius",
        lambda c: c.supervisions("X123456"),
        "GET",
        "/case/X123456/supervisions",
        SUPERVISIONS,
        lambda s: (
            s.mappaDetail.level,
            s.mappaDetail.categoryDescription,
            s.mappaDetail.reviewDate,
            [
                (x.number, x.active, x.sentence.length, x.sentence.lengthUnits, x.sentence.custodial)
                for x in s.supervisions
            ],
            [(r.code, r.reviewDate, r.notes) for r in s.dynamicRisks],
            [(r.code, r.startDate) for r in s.personStatus],
        ),
        (
            2,
            "MAPPA Cat 1",
            date(2024, 2, 1),
            [(1, True, 24, "Months", True)],
            [("RCCO", date(2023, 9, 1), None)],
            [("ASFO", date(2023, 4, 1))],
        ),
        on_404=None,
        wrong_shape={"supervisions": {"number": 1}},
    ),
    Case(
        "delius.case_access",
        DeliusClient,
        "delius",
        lambda c: c.case_access(["X123456", "Y654321"]),
        "POST",
        "/probation-cases/access",
        CASE_ACCESS,
        lambda r: [(a.crn, a.userExcluded, a.userRestricted, a.exclusionMessage) for a in r],
        [("X123456", True, False, "Excluded: conflict"), ("Y654321", False, False, None)],
        on_404=[],
        wrong_shape=CASE_ACCESS["access"],  # a bare list, without the {"access": ...} envelope
        body={"crns": ["X123456", "Y654321"]},
    ),
    # --- prison api --------------------------------------------------------------------------------
    Case(
        "prison_api.reference_codes",
        PrisonApiClient,
        "prison-api",
        lambda c: c.reference_codes("ETHNICITY"),
        "GET",
        "/api/reference-domains/domains/ETHNICITY/codes",
        REFERENCE_CODES,
        lambda r: [(x.domain, x.code, x.activeFlag) for x in r],
        [("ETHNICITY", "W1", "Y"), ("ETHNICITY", "A9", "N")],
        on_404=None,
        wrong_shape=REFERENCE_CODES[0],
    ),
    Case(
        "prison_api.sentences_and_offences",
        PrisonApiClient,
        "prison-api",
        lambda c: c.sentences_and_offences(1200924),
        "GET",
        "/api/offender-sentences/booking/1200924/sentences-and-offences",
        SENTENCES,
        lambda r: [
            (
                s.bookingId,
                s.sentenceSequence,
                s.sentenceCalculationType,
                s.sentenceDate,
                [(t.years, t.months, t.code) for t in s.terms],
                s.fineAmount,
            )
            for s in r
        ],
        [(1200924, 1, "ADIMP_ORA", date(2023, 1, 15), [(2, 6, "IMP")], 150.5)],
        on_404=None,
        wrong_shape=[{"sentenceSequence": 1, "sentenceStatus": "A"}],
    ),  # bookingId is required
    Case(
        "prison_api.offender",
        PrisonApiClient,
        "prison-api",
        lambda c: c.offender("A1234AA"),
        "GET",
        "/api/offenders/A1234AA",
        INMATE,
        lambda o: (
            o.offenderNo,
            o.bookingId,
            o.category,
            o.categoryCode,
            [
                (a.assessmentCode, a.classificationCode, a.assessmentDate, a.nextReviewDate, a.assessmentComment)
                for a in o.assessments
            ],
        ),
        (
            "A1234AA",
            1200924,
            "Cat C",
            "C",
            [("CATEGORY", "C", date(2023, 2, 1), date(2024, 2, 1), "Reviewed on transfer")],
        ),
        on_404=None,
        wrong_shape={"bookingId": 1200924, "category": "Cat C"},
    ),  # offenderNo is required
    # --- alerts ------------------------------------------------------------------------------------
    Case(
        "alerts.alerts_by_prison_numbers",
        AlertsClient,
        "alerts",
        lambda c: c.alerts_by_prison_numbers(["A1234AA", "B2345BB"]),
        "POST",
        "/search/alerts/prison-numbers",
        ALERTS,
        lambda r: [
            (
                a.prisonNumber,
                a.alertCode.code,
                a.alertCode.alertTypeDescription,
                a.isActive,
                a.activeFrom,
                a.activeTo,
                a.createdAt,
            )
            for a in r
        ],
        [
            ("A1234AA", "XA", "Security", True, date(2021, 9, 27), None, datetime(2021, 9, 27, 14, 19, 25)),
            ("B2345BB", "HA", "Self Harm", False, date(2020, 1, 1), date(2020, 6, 30), datetime(2020, 1, 1, 9)),
        ],
        on_404=[],
        wrong_shape=ALERTS["content"],  # a bare list, not the page
        params={"includeInactive": "true"},
        body=["A1234AA", "B2345BB"],
    ),
    # --- locations ---------------------------------------------------------------------------------
    Case(
        "locations.locations_by_keys",
        LocationsClient,
        "locations",
        lambda c: c.locations_by_keys(["MDI-A-1-001", "MDI-Z-9-999"]),
        "POST",
        "/locations/keys",
        [LOCATION],
        lambda r: [
            (
                x.key,
                x.pathHierarchy,
                x.level,
                x.leafLevel,
                x.capacity.maxCapacity,
                x.capacity.workingCapacity,
                x.certification.certified,
                x.specialistCellTypes,
                x.inCellSanitation,
            )
            for x in r
        ],
        [("MDI-A-1-001", "A-1-001", 3, True, 2, 1, True, ["ACCESSIBLE_CELL"], True)],
        on_404=[],
        wrong_shape={"content": [LOCATION]},
        body=["MDI-A-1-001", "MDI-Z-9-999"],
    ),
    # --- risks -------------------------------------------------------------------------------------
    Case(
        "risks.risk_management_plans",
        RisksClient,
        "risks",
        lambda c: c.risk_management_plans("X123456"),
        "GET",
        "/risks/crn/X123456/risk-management-plan",
        {
            "crn": "X123456",
            "limitedAccessOffender": False,
            "riskManagementPlan": [
                {
                    "assessmentId": 123456,
                    "assessmentStatus": "COMPLETE",
                    "assessmentType": "LAYER3",
                    "dateCompleted": "2024-05-04T01:04:20",
                    "contingencyPlans": "Recall if breached",
                }
            ],
        },
        lambda r: (
            r.crn,
            [(p.assessmentId, p.assessmentStatus, p.dateCompleted, p.contingencyPlans) for p in r.riskManagementPlan],
        ),
        ("X123456", [(123456, "COMPLETE", datetime(2024, 5, 4, 1, 4, 20), "Recall if breached")]),
        on_404=None,
        wrong_shape={"crn": "X123456", "riskManagementPlan": []},
    ),  # limitedAccessOffender required
    Case(
        "risks.risk_of_serious_harm",
        RisksClient,
        "risks",
        lambda c: c.risk_of_serious_harm("X123456"),
        "GET",
        "/risks/crn/X123456",
        ROSH,
        lambda r: (
            r.riskToSelf.suicide.risk,
            r.riskToSelf.suicide.previousConcernsText,
            r.riskToSelf.selfHarm.risk,
            r.riskToSelf.custody,
            r.otherRisks.controlIssuesDisruptiveBehaviour,
            r.summary.overallRiskLevel,
            r.summary.riskInCommunity,
            r.summary.riskInCustody,
            r.assessedOn,
        ),
        (
            "YES",
            "Attempt in 2019",
            "DK",
            None,
            "YES",
            "HIGH",
            {"HIGH": ["Known Adult"], "LOW": ["Children", "Public"]},
            {"MEDIUM": ["Staff"]},
            datetime(2023, 3, 1, 10, 15, 30),
        ),
        on_404=None,
        wrong_shape={"summary": {"overallRiskLevel": "HIGH"}},
    ),  # riskToSelf, otherRisks required
    Case(
        "risks.predictor_scores",
        RisksClient,
        "risks",
        lambda c: c.predictor_scores("X123456"),
        "GET",
        "/risks/predictors/unsafe/all/CRN/X123456",
        PREDICTORS,
        lambda r: [
            (
                p.outputVersion,
                p.completedDate,
                p.output.groupReconvictionScore.scoreLevel,
                p.output.violencePredictorScore.twoYears,
                p.output.generalPredictorScore.ogp2Year,
                p.output.riskOfSeriousRecidivismScore.percentageScore,
                p.output.sexualPredictorScore.ospIndirectImagePercentageScore,
            )
            if isinstance(p, LegacyPredictorAssessment)
            else (
                p.outputVersion,
                p.completedDate,
                p.output.allReoffendingPredictor.band,
                p.output.allReoffendingPredictor.score,
            )
            for p in r
        ],
        [
            ("1", datetime(2023, 3, 1, 10, 15, 30), "LOW", 8, 11, 1.5, 2.1),
            ("2", datetime(2025, 6, 1, 9, 0), "HIGH", 45.5),
        ],
        on_404=None,
        wrong_shape=PREDICTORS[0],
    ),  # one object, not a list
    # --- visits ------------------------------------------------------------------------------------
    Case(
        "visits.future_visits",
        VisitsClient,
        "visits",
        lambda c: c.future_visits("A1234AA"),
        "GET",
        "/visits/search/future/A1234AA",
        [VISIT],
        lambda r: [
            (
                v.reference,
                v.prisonId,
                v.visitStatus,
                v.startTimestamp,
                v.endTimestamp,
                [(n.type, n.text) for n in v.visitNotes],
                v.visitContact.name,
                [(x.nomisPersonId, x.visitContact) for x in v.visitors],
                v.visitorSupport.description,
            )
            for v in r
        ],
        [
            (
                "v9-d7-ed-7u",
                "MDI",
                "BOOKED",
                datetime(2026, 8, 14, 10),
                datetime(2026, 8, 14, 11),
                [("VISITOR_CONCERN", "Visitor uses a wheelchair")],
                "Mary Smith",
                [(1234, True), (5678, None)],
                "Wheelchair ramp",
            )
        ],
        on_404=[],
        wrong_shape=spring_page([VISIT], number=0, size=10, total=1),
    ),  # /visits/search's page shape
    Case(
        "visits.visit",
        VisitsClient,
        "visits",
        lambda c: c.visit("v9-d7-ed-7u"),
        "GET",
        "/visits/v9-d7-ed-7u",
        VISIT,
        lambda v: (v.reference, v.prisonerId, v.prisonId, v.startTimestamp),
        ("v9-d7-ed-7u", VISIT["prisonerId"], "MDI", datetime(2026, 8, 14, 10)),
        on_404=None,
        wrong_shape=[VISIT],
    ),  # a list, not one visit
    Case(
        "visits.prison_visits",
        VisitsClient,
        "visits",
        lambda c: c.prison_visits("MDI", 1, 10),
        "GET",
        "/visits/search",
        spring_page([VISIT], number=1, size=10, total=11),
        lambda p: ([v.reference for v in p.content], p.totalElements),
        (["v9-d7-ed-7u"], 11),
        on_404=VisitPage(content=[], totalElements=0),
        wrong_shape=[VISIT],  # a bare list, not a page
        params={"prisonId": "MDI", "visitStatus": "BOOKED", "page": "1", "size": "10"},
    ),
    Case(
        "visits.prison_visits",
        VisitsClient,
        "visits",
        lambda c: c.prison_visits("MDI", 0, 10, "A1234AA", date(2026, 12, 1), date(2026, 12, 31), "CANCELLED"),
        "GET",
        "/visits/search",
        spring_page([VISIT], number=0, size=10, total=1),
        lambda p: ([v.reference for v in p.content], p.totalElements),
        (["v9-d7-ed-7u"], 1),
        on_404=VisitPage(content=[], totalElements=0),
        wrong_shape=[VISIT],
        params={
            "prisonId": "MDI",
            "visitStatus": "CANCELLED",
            "page": "0",
            "size": "10",
            "prisonerId": "A1234AA",
            "visitStartDate": "2026-12-01",
            "visitEndDate": "2026-12-31",
        },
    ),
    # --- contacts ----------------------------------------------------------------------------------
    Case(
        "contacts.contact",
        ContactsClient,
        "contacts",
        lambda c: c.contact(654321),
        "GET",
        "/contact/654321",
        {
            "id": 654321,
            "lastName": "Doe",
            "firstName": "John",
            "isStaff": False,
            "interpreterRequired": False,
            "createdBy": "X",
            "createdTime": "2024-01-01T00:00:00",
            "identities": [],
            "employments": [],
            "addresses": [
                {
                    "contactAddressId": 1,
                    "contactId": 654321,
                    "primaryAddress": True,
                    "postcode": "S1 2AB",
                    "verified": False,
                    "mailFlag": True,
                    "noFixedAddress": False,
                    "createdBy": "X",
                    "createdTime": "2024-01-01T00:00:00",
                    "phoneNumbers": [],
                }
            ],
            "phoneNumbers": [
                {
                    "contactPhoneId": 2,
                    "contactId": 654321,
                    "phoneType": "MOB",
                    "phoneTypeDescription": "Mobile",
                    "phoneNumber": "07700900123",
                    "createdBy": "X",
                    "createdTime": "2024-01-01T00:00:00",
                }
            ],
            "emailAddresses": [
                {
                    "contactEmailId": 3,
                    "contactId": 654321,
                    "emailAddress": "john@example.com",
                    "createdBy": "X",
                    "createdTime": "2024-01-01T00:00:00",
                }
            ],
        },
        lambda c: (
            c.id,
            c.firstName,
            [a.postcode for a in c.addresses],
            [p.phoneNumber for p in c.phoneNumbers],
            [e.emailAddress for e in c.emailAddresses],
        ),
        (654321, "John", ["S1 2AB"], ["07700900123"], ["john@example.com"]),
        on_404=None,
        wrong_shape={"firstName": "John"},
    ),  # no id
    Case(
        "contacts.prisoner_contacts",
        ContactsClient,
        "contacts",
        lambda c: c.prisoner_contacts("A1234AA", 2, 10),
        "GET",
        "/prisoner/A1234AA/contact",
        CONTACT_PAGE,
        lambda p: (
            [
                (
                    c.contactId,
                    c.firstName,
                    c.lastName,
                    c.dateOfBirth,
                    c.relationshipToPrisonerDescription,
                    c.postcode,
                    c.isEmergencyContact,
                    c.isNextOfKin,
                )
                for c in p.content
            ],
            (p.page.size, p.page.number, p.page.totalElements, p.page.totalPages),
        ),
        ([(654321, "John", "Doe", date(1980, 1, 1), "Friend", "S1 2AB", True, False)], (10, 2, 21, 3)),
        on_404=None,
        wrong_shape=spring_page([CONTACT], number=2, size=10, total=21),  # Spring Page, not PagedModel
        params={"page": "2", "size": "10"},
    ),
]
# Rows declared by the fields' own test modules (tests/fields/).
CASES += [case for rows in field_rows("CLIENT_CASES") for case in rows]


def test_table_covers_every_public_client_method() -> None:
    """A new client method without a row here fails this test."""
    # Every client the graph builds (upstream/clients.py), so a new upstream system is covered too.
    clients = [t for t in get_type_hints(Upstreams).values() if isinstance(t, type) and issubclass(t, UpstreamClient)]
    # A client's own methods and those of the client classes it builds on (PrisonApiClient's finance ones).
    classes = {base for cls in clients for base in cls.__mro__ if issubclass(base, UpstreamClient)} - {UpstreamClient}
    public = {
        f"{cls.__module__.removeprefix('upstream.')}.{name}"
        for cls in classes
        for name, member in vars(cls).items()
        if not name.startswith("_") and callable(member)
    }
    streamed = {name for rows in field_rows("STREAMED_METHODS") for name in rows}  # tested where declared
    assert public == {case.id for case in CASES} | streamed


# ---------------------------------------------------------------------------------------------------
# Tests.
# ---------------------------------------------------------------------------------------------------

cases = pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)


def make_client(case: Case, http: httpx.AsyncClient, tokens) -> UpstreamClient:
    return case.client(case.name, http, base_url(case.name), tokens)


def upstream_route(router: respx.MockRouter, case: Case) -> respx.Route:
    # host + path, not url=: respx's url pattern compares the query string too, and we assert on it below
    return router.route(method=case.method, scheme="https", host=f"{case.name}.example", path=case.path)


@cases
async def test_success_sends_the_right_request_and_parses_the_answer(case, router, token_route, http, tokens):
    route = upstream_route(router, case).respond(200, json=case.answer)

    result = await case.call(make_client(case, http, tokens))

    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == case.method
    assert request.url.path == case.path
    assert dict(request.url.params) == case.params
    assert request.headers["Authorization"] == "Bearer tok-1"
    if case.body is GET_HAS_NO_BODY:
        assert request.content == b""
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == case.body
    assert case.summary(result) == case.expected
    assert token_route.call_count == 1


@cases
async def test_404_gives_the_documented_empty_result(case, router, token_route, http, tokens):
    upstream_route(router, case).respond(
        404, json={"status": 404, "errorCode": None, "userMessage": "Not found", "developerMessage": "Not found"}
    )

    assert await case.call(make_client(case, http, tokens)) == case.on_404


@cases
@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_is_upstream_unavailable_naming_the_client(case, status, router, token_route, http, tokens):
    upstream_route(router, case).respond(status, json={"status": status, "userMessage": "Internal Server Error"})

    with pytest.raises(UpstreamUnavailable) as caught:
        await case.call(make_client(case, http, tokens))
    assert caught.value.upstream == case.name
    assert str(status) in str(caught.value)


@cases
async def test_connection_failure_is_upstream_unavailable(case, router, token_route, http, tokens):
    upstream_route(router, case).mock(side_effect=httpx.ConnectError("connection refused"))

    with pytest.raises(UpstreamUnavailable) as caught:
        await case.call(make_client(case, http, tokens))
    assert caught.value.upstream == case.name
    assert "ConnectError" in str(caught.value)


@cases
@pytest.mark.parametrize("timeout", [httpx.ReadTimeout, httpx.ConnectTimeout])
async def test_timeout_is_upstream_timeout(case, timeout, router, token_route, http, tokens):
    upstream_route(router, case).mock(side_effect=timeout("timed out"))

    with pytest.raises(UpstreamTimeout) as caught:
        await case.call(make_client(case, http, tokens))
    assert caught.value.upstream == case.name


@cases
@pytest.mark.parametrize(
    "body", [b'{"content": [', b"<html><body>Bad Gateway</body></html>", b""], ids=["truncated-json", "html", "empty"]
)
async def test_unparseable_body_is_upstream_unavailable(case, body, router, token_route, http, tokens):
    upstream_route(router, case).respond(200, content=body, headers={"Content-Type": "application/json"})

    with pytest.raises(UpstreamUnavailable) as caught:
        await case.call(make_client(case, http, tokens))
    assert caught.value.upstream == case.name
    assert "could not read" in str(caught.value)


@cases
async def test_json_of_the_wrong_shape_is_upstream_unavailable(case, router, token_route, http, tokens):
    upstream_route(router, case).respond(200, json=case.wrong_shape)

    with pytest.raises(UpstreamUnavailable) as caught:
        await case.call(make_client(case, http, tokens))
    assert caught.value.upstream == case.name
    assert "could not read" in str(caught.value)
