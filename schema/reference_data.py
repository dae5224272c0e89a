from __future__ import annotations

import strawberry

from resolvers import location_translations


@strawberry.type(description="A code and what it means.")
class ReferenceDataValue:
    code: str = strawberry.field(description="The code, e.g. W1.")
    description: str | None = strawberry.field(description="What the code means.")


@strawberry.type(description="A group of codes, e.g. ETHNICITY.")
class ReferenceDataCategory:
    category: str = strawberry.field(description="The group's name, e.g. ETHNICITY or GENDER.")
    values: list[ReferenceDataValue] = strawberry.field(description="The codes in the group.")


@strawberry.type(description="How one NOMIS location code reads in DPS (Locations Inside Prison).")
class NomisToDpsCode:
    nomisCode: str = strawberry.field(description="The NOMIS code, e.g. LAND.")
    dpsCode: str | None = strawberry.field(description="The DPS code, e.g. LANDING; null where DPS has no equivalent.")
    description: str | None = strawberry.field(
        description="What the code means (location attribute values only), e.g. Gated Cell."
    )


@strawberry.type(description="One NOMIS-to-DPS translation table of Locations Inside Prison.")
class NomisToDpsLocationTranslation:
    category: str = strawberry.field(
        description="What the codes are: LOCATION_TYPE, RESIDENTIAL_HOUSING_TYPE, LOCATION_ATTRIBUTE_TYPE, "
        "LOCATION_USAGE_TYPE, DEACTIVATED_REASON, or a NOMIS location attribute type (e.g. HOU_SANI_FIT, "
        "SUP_LVL_TYPE) for its values."
    )
    codes: list[NomisToDpsCode] = strawberry.field(description="The table's rows, in the source's order.")


def location_translation_tables() -> list[NomisToDpsLocationTranslation]:
    """The tables of resolvers/location_translations.py; attribute values grouped by their NOMIS attribute type."""
    tables = [
        NomisToDpsLocationTranslation(
            category=category,
            codes=[NomisToDpsCode(nomisCode=n, dpsCode=d, description=None) for n, d in table.items()],
        )
        for category, table in location_translations.NOMIS_TO_DPS.items()
    ]
    by_type: dict[str, list[NomisToDpsCode]] = {}
    for attribute_type, code, meaning, dps in location_translations.LOCATION_ATTRIBUTE_VALUES:
        by_type.setdefault(attribute_type, []).append(NomisToDpsCode(nomisCode=code, dpsCode=dps, description=meaning))
    return tables + [NomisToDpsLocationTranslation(category=t, codes=codes) for t, codes in by_type.items()]


@strawberry.type(description="Code descriptions for values the graph returns, from NOMIS and nDelius.")
class ReferenceData:
    prisonReferenceData: list[ReferenceDataCategory] = strawberry.field(
        description="NOMIS codes by the Integration API's categories: PHONE_TYPE (NOMIS domain PHONE_USAGE), "
        "ALERT_TYPE (ALERT), ETHNICITY, GENDER (SEX) and ADDRESS_TYPE (ADDRESS_TYPE and ADDR_TYPE)."
    )
    probationReferenceData: list[ReferenceDataCategory] = strawberry.field(
        description="nDelius codes the graph's probation fields return, by category."
    )

    @strawberry.field(
        description="The NOMIS-to-DPS translation tables of Locations Inside Prison (location types, housing "
        "types, attribute types and values, usage types, deactivation reasons): a fixed table in the graph, no "
        "upstream call."
    )
    def nomisToDpsLocationTranslations(self) -> list[NomisToDpsLocationTranslation]:
        return location_translation_tables()
