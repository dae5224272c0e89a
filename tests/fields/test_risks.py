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
