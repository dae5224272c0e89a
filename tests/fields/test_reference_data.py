"""Query.referenceData: resolvers/reference_data.py gathers the NOMIS reference domains into the Integration API's
prison categories (its ReferenceDataService: PHONE_TYPE, ALERT_TYPE, ETHNICITY, GENDER, ADDRESS_TYPE)."""

from __future__ import annotations

from resolvers.reference_data import PRISON_DOMAINS
from simulator.prison_api import REFERENCE_DOMAINS
from tests.conftest import query

QUERY = "{ referenceData { prisonReferenceData { category values { code description } } } }"

# (category, the NOMIS domains it holds, in order)
CATEGORY_ROWS = [
    ("PHONE_TYPE", ["PHONE_USAGE"]),
    ("ALERT_TYPE", ["ALERT"]),
    ("ETHNICITY", ["ETHNICITY"]),
    ("GENDER", ["SEX"]),
    ("ADDRESS_TYPE", ["ADDRESS_TYPE", "ADDR_TYPE"]),
]


async def test_prison_categories_are_the_integration_apis(graph, simulator):
    body = await query(graph, QUERY)

    assert "errors" not in body, body
    categories = {c["category"]: c["values"] for c in body["data"]["referenceData"]["prisonReferenceData"]}
    assert list(categories) == [category for category, _ in CATEGORY_ROWS]
    for category, domains in CATEGORY_ROWS:
        expected = [{"code": c, "description": d} for domain in domains for c, d in sorted(REFERENCE_DOMAINS[domain])]
        assert categories[category] == expected, category
    calls = simulator.controls.endpoint_calls
    assert calls["prison-api GET /api/reference-domains/domains/{domain}/codes"] == len(PRISON_DOMAINS)
