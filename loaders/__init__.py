"""Per-request DataLoaders: one per upstream read, named `<what>_by_<key>`, one line each.

Created fresh for every GraphQL request, so what they remember never leaks between requests or
consumers. The shape (by_key, grouped, one_by_one) says what the upstream answers: see
loaders/batching.py. A few upstream reads of data that changes rarely (locations, reference data,
the NOMIS number -> CRN link) also go through the process's shared caches (upstream/cache.py):
upstream data only, filtered for the consumer afterwards as any other.
"""

from __future__ import annotations

import asyncio
from typing import cast

from aiodataloader import DataLoader

from loaders.batching import Loader, by_key, cached, grouped, one_by_one, spread, unpacked, unpacked2
from upstream.cache import SharedCaches, no_caches
from upstream.clients import Upstreams
from upstream.delius import ProbationReferenceData
from upstream.prison_api import ReferenceCode


class Loaders:
    def __init__(self, up: Upstreams, batching: bool = True, caches: SharedCaches | None = None) -> None:
        b = batching
        caches = caches or no_caches()
        store = caches.store
        self.prisoner_by_prisoner_number = by_key(
            up.prisoner_search.prisoners_by_numbers, lambda p: p.prisonerNumber, 1000, b
        )
        self.probation_case_by_crn = by_key(up.probation_search.offenders_by_crns, lambda o: o.otherIds.crn, 512, b)
        self.probation_case_by_prisoner_number = by_key(
            up.probation_search.offenders_by_noms_numbers, lambda o: o.otherIds.nomsNumber, 512, b
        )
        self.alerts_by_prisoner_number = grouped(up.alerts.alerts_by_prison_numbers, lambda a: a.prisonNumber, 1000, b)
        self.location_by_key = by_key(
            up.locations.locations_by_keys, lambda loc: loc.key, 1000, b, cache=(store, caches.locations)
        )
        # Only the link between the two numbers is shared between requests, not the probation record.
        self.crn_by_prisoner_number: Loader[str, str | None] = cast_loader(
            DataLoader(cached(self._crns, store, caches.identity), max_batch_size=512 if b else 1)
        )
        # CRN -> NOMIS number, in the same space (the two numbers' formats never meet: resolvers/ids.py).
        self.prisoner_number_by_crn: Loader[str, str | None] = cast_loader(
            DataLoader(cached(self._prisoner_numbers, store, caches.identity), max_batch_size=512 if b else 1)
        )
        self.reference_codes_by_domain: Loader[str, list[ReferenceCode] | None] = one_by_one(
            up.prison_api.reference_codes, cache=(store, caches.reference_codes)
        )
        self.probation_reference_data: Loader[str, ProbationReferenceData | None] = one_by_one(
            lambda _: up.delius.reference_data(), cache=(store, caches.probation_reference_data)
        )
        self.case_access_by_crn = by_key(up.delius.case_access, lambda a: a.crn, 500, b)
        self.supervisions_by_crn = one_by_one(up.delius.supervisions)
        self.addresses_by_crn = one_by_one(up.delius.addresses)
        self.nomis_addresses_by_prisoner_number = one_by_one(up.prison_api.addresses)
        self.reasonable_adjustments_by_booking_types = one_by_one(unpacked2(up.prison_api.reasonable_adjustments))
        self.sentences_by_booking_id = one_by_one(up.prison_api.sentences_and_offences)
        self.offender_by_prisoner_number = one_by_one(up.prison_api.offender)
        self.offence_history_by_prisoner_number = one_by_one(up.prison_api.offence_history)
        self.risk_of_serious_harm_by_crn = one_by_one(up.risks.risk_of_serious_harm)
        self.predictor_scores_by_crn = one_by_one(up.risks.predictor_scores)
        self.risk_management_plans_by_crn = one_by_one(up.risks.risk_management_plans)
        self.future_visits_by_prisoner_number = one_by_one(up.visits.future_visits)
        self.visit_restrictions_by_prisoner_number = one_by_one(up.prison_api.offender_restrictions)
        self.contacts_by_prisoner_number_page = one_by_one(unpacked(up.contacts.prisoner_contacts))
        self.reported_adjudications_by_prisoner_number = one_by_one(up.adjudications.reported_adjudications)
        self.non_associations_by_prisoner_number_open_closed = one_by_one(
            unpacked(up.non_associations.prisoner_non_associations)
        )
        self.visit_balances_by_prisoner_number = one_by_one(up.prison_api.visit_balances)
        self.images_by_prisoner_number = one_by_one(up.prison_api.images)
        self.contact_restrictions_by_prisoner_contact_id = one_by_one(up.contacts.prisoner_contact_restrictions)
        self.contact_by_id = one_by_one(up.contacts.contact)
        self.sentence_detail_by_prisoner_number = one_by_one(up.prison_api.offender_sentence_detail)
        self.sentence_summary_by_prisoner_number = one_by_one(up.prison_api.latest_sentence_summary)
        self.case_notes_by_search = one_by_one(up.case_notes.search_case_notes)
        self.primary_pom_by_prisoner_number = one_by_one(up.manage_pom.primary_pom)
        self.needs_by_crn = one_by_one(up.risks.needs)
        self.licence_summaries_by_crn = one_by_one(up.licences.licence_summaries)
        self.licence_by_id = one_by_one(up.licences.licence)
        self.case_details_by_crn_event = one_by_one(unpacked2(up.delius.case_details))
        self.induction_schedule_by_prisoner_number = one_by_one(up.plp.induction_schedule)
        self.induction_schedule_history_by_prisoner_number = one_by_one(up.plp.induction_schedule_history)
        self.review_schedules_by_prisoner_number = one_by_one(up.plp.review_schedules)
        self.completed_reviews_by_prisoner_number = one_by_one(up.plp.reviews)
        self.referrals_by_crn = one_by_one(up.interventions.referrals)
        self.intervention_by_id = one_by_one(up.interventions.intervention)
        self.action_plan_by_id = one_by_one(up.interventions.action_plan)
        self.sessions_by_referral_id = one_by_one(up.interventions.sessions)
        self.account_balances_by_prison_and_prisoner_number = one_by_one(spread(up.prison_api.account_balances))
        self.account_transactions_by_prison_prisoner_number_account_and_dates = one_by_one(
            spread(up.prison_api.account_transactions)
        )
        self.transaction_by_prison_prisoner_number_and_reference = one_by_one(
            spread(up.prison_api.transaction_by_client_unique_ref)
        )

    async def _crns(self, numbers: list[str]) -> list[str | BaseException | None]:
        """Through the per-request probation loader, so a record this request fetches anyway is reused."""
        cases = await asyncio.gather(
            *(self.probation_case_by_prisoner_number.load(n) for n in numbers), return_exceptions=True
        )
        return [case if isinstance(case, BaseException) else case.otherIds.crn if case else None for case in cases]

    async def _prisoner_numbers(self, crns: list[str]) -> list[str | BaseException | None]:
        cases = await asyncio.gather(*(self.probation_case_by_crn.load(c) for c in crns), return_exceptions=True)
        return [
            case if isinstance(case, BaseException) else case.otherIds.nomsNumber if case else None for case in cases
        ]


def cast_loader(loader: DataLoader) -> Loader:
    return cast(Loader, loader)


def create_loaders(up: Upstreams, batching: bool = True, caches: SharedCaches | None = None) -> Loaders:
    return Loaders(up, batching, caches)
