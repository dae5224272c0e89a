"""ReferenceData.nomisToDpsLocationTranslations: schema/reference_data.py <- resolvers/location_translations.py
(the tables copied from locations-inside-prison-schema.md). A fixed table: no upstream read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resolvers.location_translations import LOCATION_ATTRIBUTE_VALUES, NOMIS_TO_DPS
from schema.locations import NOMIS_LOCATION_TYPES
from tests.conftest import query

# The source, beside the repository (../shared) or beside the worktrees' folder, where there is one.
SEED = next(
    (
        found
        for up in Path(__file__).resolve().parents[2:4]
        if (found := up.parent / "shared" / "seeds" / "locations-inside-prison-schema.md").exists()
    ),
    Path("/nonexistent"),
)

QUERY = "{ referenceData { nomisToDpsLocationTranslations { category codes { nomisCode dpsCode description } } } }"


async def test_the_tables_through_the_graph(graph):
    body = await query(graph, QUERY)

    assert "errors" not in body, body
    tables = {t["category"]: t["codes"] for t in body["data"]["referenceData"]["nomisToDpsLocationTranslations"]}
    assert {"nomisCode": "LAND", "dpsCode": "LANDING", "description": None} in tables["LOCATION_TYPE"]
    assert {"nomisCode": "SEG", "dpsCode": "SEGREGATION", "description": None} in tables["RESIDENTIAL_HOUSING_TYPE"]
    assert {"nomisCode": "OIC", "dpsCode": "ADJUDICATION_HEARING", "description": None} in tables["LOCATION_USAGE_TYPE"]
    assert {"nomisCode": "ACB", "dpsCode": "ACB", "description": "Auditable Cell Bell"} in tables["HOU_SANI_FIT"]
    assert {"nomisCode": "GC", "dpsCode": None, "description": "Gated Cell"} in tables["HOU_UNIT_ATT"]
    assert len(tables["DEACTIVATED_REASON"]) == 12 and len(tables["SUP_LVL_TYPE"]) == 33


def test_nomis_location_types_are_the_location_type_table_inverted():
    assert NOMIS_LOCATION_TYPES == {dps: nomis for nomis, dps in NOMIS_TO_DPS["LOCATION_TYPE"].items()}
    assert NOMIS_LOCATION_TYPES["RESIDENTIAL_UNIT"] == "RESI"


@pytest.mark.skipif(not SEED.exists(), reason="the seed is beside the repository only in the project's workspace")
def test_the_copy_holds_every_row_of_the_source():
    rows = [
        [re.sub(r"\s+", " ", c).strip() for c in line.strip().strip("|").split("|")]
        for line in SEED.read_text().split("### NOMIS to DPS type translations")[1].splitlines()
        if line.strip().startswith("|") and not set(line) <= set("|- \t")
    ]
    rows = [r for r in rows if r[0] not in ("NOMIS", "NOMIS Type")]
    copied = [[n, d] for table in NOMIS_TO_DPS.values() for n, d in table.items()]
    copied += [[t, v, m, d or "XXX"] for t, v, m, d in LOCATION_ATTRIBUTE_VALUES]
    assert rows == copied
