"""Per-request DataLoaders: one per upstream read, named `<what>_by_<key>`.

Created fresh for every GraphQL request, so caching never leaks between requests or consumers.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiodataloader import DataLoader

from loaders.batching import by_key, grouped, one_by_one
from upstream.clients import Upstreams


@dataclass(frozen=True)
class Loaders:
    prisoner_by_prisoner_number: DataLoader
    probation_case_by_crn: DataLoader
    probation_case_by_prisoner_number: DataLoader
    alerts_by_prisoner_number: DataLoader
    location_by_key: DataLoader
    case_access_by_crn: DataLoader
    supervisions_by_crn: DataLoader
    addresses_by_crn: DataLoader
    sentences_by_booking_id: DataLoader
    offender_by_prisoner_number: DataLoader
    risk_of_serious_harm_by_crn: DataLoader
    predictor_scores_by_crn: DataLoader
    risk_management_plans_by_crn: DataLoader
    future_visits_by_prisoner_number: DataLoader
    contacts_by_prisoner_number_page: DataLoader


def create_loaders(up: Upstreams, batching: bool = True) -> Loaders:
    return Loaders(
        prisoner_by_prisoner_number=by_key(
            up.prisoner_search.prisoners_by_numbers, lambda p: p.prisonerNumber, 1000, batching
        ),
        probation_case_by_crn=by_key(up.probation_search.offenders_by_crns, lambda o: o.otherIds.crn, 512, batching),
        probation_case_by_prisoner_number=by_key(
            up.probation_search.offenders_by_noms_numbers, lambda o: o.otherIds.nomsNumber, 512, batching
        ),
        alerts_by_prisoner_number=grouped(up.alerts.alerts_by_prison_numbers, lambda a: a.prisonNumber, 1000, batching),
        location_by_key=by_key(up.locations.locations_by_keys, lambda loc: loc.key, 1000, batching),
        case_access_by_crn=by_key(up.delius.case_access, lambda a: a.crn, 500, batching),
        supervisions_by_crn=one_by_one(up.delius.supervisions),
        addresses_by_crn=one_by_one(up.delius.addresses),
        sentences_by_booking_id=one_by_one(up.prison_api.sentences_and_offences),
        offender_by_prisoner_number=one_by_one(up.prison_api.offender),
        risk_of_serious_harm_by_crn=one_by_one(up.risks.risk_of_serious_harm),
        predictor_scores_by_crn=one_by_one(up.risks.predictor_scores),
        risk_management_plans_by_crn=one_by_one(up.risks.risk_management_plans),
        future_visits_by_prisoner_number=one_by_one(up.visits.future_visits),
        contacts_by_prisoner_number_page=one_by_one(up.contacts.prisoner_contacts),
    )
