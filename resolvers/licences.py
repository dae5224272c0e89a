"""Person.licences -> loaders.licence_summaries_by_crn, then loaders.licence_by_id for each licence's
conditions -> upstream/licences.py -> simulator/licences.py"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonPart, crn_of
from schema.licences import Licence, LicenceCondition
from upstream.licences import AdditionalCondition, LicenceSummary, StandardCondition
from upstream.licences import Licence as UpstreamLicence


def _condition(c: AdditionalCondition) -> LicenceCondition:
    return LicenceCondition(type=c.type, code=c.code, category=c.category, condition=c.text)


def _standard(c: StandardCondition) -> LicenceCondition:
    return LicenceCondition(type="Standard", code=c.code, category=None, condition=c.text)


def to_conditions(licence: UpstreamLicence | None) -> list[LicenceCondition]:
    """The Integration API's list and order: AP bespoke, AP standard, AP additional, PSS additional, PSS
    standard; standard and bespoke conditions typed "Standard" and "Bespoke", additional ones by their own type."""
    if licence is None:
        return []
    ap, pss = licence.conditions.ap, licence.conditions.pss
    return [
        *(
            LicenceCondition(type="Bespoke", code=None, category=None, condition=b.text)
            for b in (ap.bespoke if ap else [])
        ),
        *(_standard(c) for c in (ap.standard if ap else [])),
        *(_condition(c) for c in (ap.additional if ap else [])),
        *(_condition(c) for c in (pss.additional if pss else [])),
        *(_standard(c) for c in (pss.standard if pss else [])),
    ]


def to_licence(summary: LicenceSummary, licence: UpstreamLicence | None) -> Licence:
    return Licence(
        status=summary.statusCode,
        typeCode=summary.licenceType,
        createdDate=summary.createdDateTime,
        approvedDate=summary.approvedDateTime,
        updatedDate=summary.updatedDateTime,
        conditions=to_conditions(licence),
    )


@strawberry.type
class LicenceFields(PersonPart):
    @strawberry.field(
        description="Licences from Create and Vary a Licence, with their status, dates and conditions, newest "
        "first (createdDate). Empty for people without a CRN."
    )
    async def licences(self, info: Info[Context, None]) -> list[Licence] | None:
        crn = await crn_of(self.ref, info)
        if crn is None:
            return []
        loaders = info.context.loaders
        summaries = await loaders.licence_summaries_by_crn.load(crn) or []
        licences = await loaders.licence_by_id.load_many([s.id for s in summaries])
        found = [to_licence(s, lic) for s, lic in zip(summaries, licences, strict=True)]
        return sorted(found, key=lambda lic: (lic.createdDate is not None, lic.createdDate), reverse=True)
