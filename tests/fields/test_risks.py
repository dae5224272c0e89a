"""Person.risks: resolvers/risks.py -> loaders (risks_by_crn ...) -> upstream/risks.py, upstream/delius.py ->
simulator/risks.py. How each field maps from the upstream, compared with the Integration API's mappings."""

from __future__ import annotations

from simulator.population import Person, Population
from tests.cases import pick
from tests.conftest import query

SERIOUS_HARM = """
query ($id: ID!) {
  person(hmppsId: $id) { risks { seriousHarm { summary { overallRiskLevel riskInCommunity riskInCustody } } } }
}
"""


def assessed(pop: Population) -> Person:
    return pick(
        pop,
        "person with an OASys risk of serious harm above LOW",
        lambda p: (
            bool(p.crn)
            and p.rosh is not None
            and p.rosh["summary"]["overallRiskLevel"] != "LOW"
            and not (p.restricted or p.excluded)
        ),
    )


async def test_risk_in_community_and_custody_are_group_to_level_as_the_integration_api_maps_them(graph, population):
    p = assessed(population)

    body = await query(graph, SERIOUS_HARM, id=p.crn)

    assert "errors" not in body, body
    summary = body["data"]["person"]["risks"]["seriousHarm"]["summary"]
    overall = summary["overallRiskLevel"]
    # OASys answers {"HIGH": ["Public", "Known Adult"], "LOW": ["Children", "Staff"]}; the Integration API's
    # ArnRiskSummary turns it round, each group in camel case.
    assert p.rosh["summary"]["riskInCommunity"][overall] == ["Public", "Known Adult"]
    assert summary["riskInCommunity"] == {"children": "LOW", "staff": "LOW", "public": overall, "knownAdult": overall}
    assert summary["riskInCustody"]["staff"] == "LOW"


SCORES = """
query ($id: ID!) {
  person(hmppsId: $id) {
    risks {
      scores(perPage: 10) {
        items {
          completedDate assessmentStatus assessmentVersion
          generalPredictor { scoreLevel score }
          groupReconviction { scoreLevel score }
          riskOfSeriousRecidivism { scoreLevel score }
          sexualPredictor { indecentScoreLevel contactScoreLevel indecentScore contactScore }
          allReoffendingPredictor { band score }
          combinedSeriousReoffendingPredictor { band score }
        }
      }
    }
  }
}
"""


def scored(pop: Population, version: int) -> Person:
    # The newest assessment of every third person has version 2 predictors (simulator/risks.py).
    return pick(
        pop,
        f"person whose newest OASys assessment has version {version} predictors",
        lambda p: (
            bool(p.crn)
            and p.has_oasys
            and len(p.predictors) == 2
            and (p.index % 3 == 0) == (version == 2)
            and not (p.restricted or p.excluded)
        ),
    )


async def test_version_1_scores_carry_their_numbers_as_the_integration_api_maps_them(graph, population):
    p = scored(population, 1)

    body = await query(graph, SCORES, id=p.crn)

    assert "errors" not in body, body
    newest = body["data"]["person"]["risks"]["scores"]["items"][0]
    legacy = p.predictors[0]
    assert newest["assessmentVersion"] == 1 and newest["assessmentStatus"] == "COMPLETE"
    assert newest["generalPredictor"] == {
        "scoreLevel": legacy["generalPredictorScore"]["ogpRisk"],
        "score": legacy["generalPredictorScore"]["ogp2Year"],
    }
    assert newest["groupReconviction"]["score"] == legacy["groupReconvictionScore"]["twoYears"]
    assert newest["riskOfSeriousRecidivism"]["score"] == legacy["riskOfSeriousRecidivismScore"]["percentageScore"]
    osp = legacy["sexualPredictorScore"]
    assert (newest["sexualPredictor"]["indecentScore"], newest["sexualPredictor"]["contactScore"]) == (
        osp["ospIndecentPercentageScore"],
        osp["ospContactPercentageScore"],
    )
    assert newest["allReoffendingPredictor"] is None and newest["combinedSeriousReoffendingPredictor"] is None


async def test_version_2_scores_fill_the_ogrs4_predictors_and_leave_version_1_empty(graph, population):
    p = scored(population, 2)

    body = await query(graph, SCORES, id=p.crn)

    assert "errors" not in body, body
    newest, older = body["data"]["person"]["risks"]["scores"]["items"]
    legacy = p.predictors[0]
    assert (newest["assessmentVersion"], older["assessmentVersion"]) == (2, 1)
    assert newest["completedDate"] > older["completedDate"]
    assert newest["allReoffendingPredictor"] == {
        "band": legacy["generalPredictorScore"]["ogpRisk"],
        "score": legacy["generalPredictorScore"]["ogp2Year"],
    }
    assert (
        newest["combinedSeriousReoffendingPredictor"]["score"]
        == legacy["riskOfSeriousRecidivismScore"]["percentageScore"]
    )
    assert newest["generalPredictor"] == {"scoreLevel": None, "score": None}
    assert newest["sexualPredictor"] == {
        "indecentScoreLevel": None,
        "contactScoreLevel": None,
        "indecentScore": None,
        "contactScore": None,
    }
