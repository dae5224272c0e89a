"""Per-request DataLoaders: one per upstream read, named `<what>_by_<key>`, one line each.

Created fresh for every GraphQL request, so what they remember never leaks between requests or
consumers. The shape (by_key, grouped, one_by_one) says what the upstream answers: see
loaders/batching.py. A few upstream reads of data that changes rarely (locations, reference data,
the NOMIS number -> CRN link) also go through the process's shared caches (upstream/cache.py):
upstream data only, filtered for the consumer afterwards as any other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar, cast, overload

from aiodataloader import DataLoader

from loaders.batching import Loader, by_key, cached, grouped, one_by_one, spread, unpacked, unpacked2
from upstream.cache import SharedCaches, no_caches
from upstream.clients import Upstreams
from upstream.delius import ProbationReferenceData
from upstream.prison_api import ReferenceCode

T = TypeVar("T")


class lazy(Generic[T]):  # noqa: N801 - lower case: reads as a marker in the class body
    """A Loaders attribute made by `make` the first time it is read, then kept in the instance (the
    descriptor has no __set__, so later reads find the instance's own attribute and never come here)."""

    def __init__(self, make: Callable[[Loaders], T]) -> None:
        self._make = make
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type) -> lazy[T]: ...

    @overload
    def __get__(self, instance: Loaders, owner: type) -> T: ...

    def __get__(self, instance: Loaders | None, owner: type) -> lazy[T] | T:
        if instance is None:
            return self
        value = self._make(instance)
        instance.__dict__[self._name] = value
        return value


class Loaders:
    """One request's loaders, each made on first use: a query uses a handful of the fifty, and making
    them all took about a third of a small request's CPU (docs/adr/0020-cpu-per-query-fixed-costs.md)."""

    def __init__(self, up: Upstreams, batching: bool = True, caches: SharedCaches | None = None) -> None:
        self.up = up
        self.batching = batching
        self.caches = caches or no_caches()

    prisoner_by_prisoner_number = lazy(
        lambda self: by_key(
            self.up.prisoner_search.prisoners_by_numbers, lambda p: p.prisonerNumber, 1000, self.batching
        )
    )
    probation_case_by_crn = lazy(
        lambda self: by_key(self.up.probation_search.offenders_by_crns, lambda o: o.otherIds.crn, 512, self.batching)
    )
    probation_case_by_prisoner_number = lazy(
        lambda self: by_key(
            self.up.probation_search.offenders_by_noms_numbers, lambda o: o.otherIds.nomsNumber, 512, self.batching
        )
    )
    alerts_by_prisoner_number = lazy(
        lambda self: grouped(self.up.alerts.alerts_by_prison_numbers, lambda a: a.prisonNumber, 1000, self.batching)
    )
    location_by_key = lazy(
        lambda self: by_key(
            self.up.locations.locations_by_keys,
            lambda loc: loc.key,
            1000,
            self.batching,
            cache=(self.caches.store, self.caches.locations),
        )
    )
    # Only the link between the two numbers is shared between requests, not the probation record.
    crn_by_prisoner_number: lazy[Loader[str, str | None]] = lazy(
        lambda self: cast_loader(
            DataLoader(
                cached(self._crns, self.caches.store, self.caches.identity), max_batch_size=512 if self.batching else 1
            )
        )
    )
    # CRN -> NOMIS number, in the same space (the two numbers' formats never meet: resolvers/ids.py).
    prisoner_number_by_crn: lazy[Loader[str, str | None]] = lazy(
        lambda self: cast_loader(
            DataLoader(
                cached(self._prisoner_numbers, self.caches.store, self.caches.identity),
                max_batch_size=512 if self.batching else 1,
            )
        )
    )
    reference_codes_by_domain: lazy[Loader[str, list[ReferenceCode] | None]] = lazy(
        lambda self: one_by_one(
            self.up.prison_api.reference_codes, cache=(self.caches.store, self.caches.reference_codes)
        )
    )
    probation_reference_data: lazy[Loader[str, ProbationReferenceData | None]] = lazy(
        lambda self: one_by_one(
            lambda _: self.up.delius.reference_data(), cache=(self.caches.store, self.caches.probation_reference_data)
        )
    )
    case_access_by_crn = lazy(lambda self: by_key(self.up.delius.case_access, lambda a: a.crn, 500, self.batching))
    supervisions_by_crn = lazy(lambda self: one_by_one(self.up.delius.supervisions))
    addresses_by_crn = lazy(lambda self: one_by_one(self.up.delius.addresses))
    nomis_addresses_by_prisoner_number = lazy(lambda self: one_by_one(self.up.prison_api.addresses))
    reasonable_adjustments_by_booking_types = lazy(
        lambda self: one_by_one(unpacked2(self.up.prison_api.reasonable_adjustments))
    )
    sentences_by_booking_id = lazy(lambda self: one_by_one(self.up.prison_api.sentences_and_offences))
    offender_by_prisoner_number = lazy(lambda self: one_by_one(self.up.prison_api.offender))
    offence_history_by_prisoner_number = lazy(lambda self: one_by_one(self.up.prison_api.offence_history))
    risk_of_serious_harm_by_crn = lazy(lambda self: one_by_one(self.up.risks.risk_of_serious_harm))
    predictor_scores_by_crn = lazy(lambda self: one_by_one(self.up.risks.predictor_scores))
    risk_management_plans_by_crn = lazy(lambda self: one_by_one(self.up.risks.risk_management_plans))
    future_visits_by_prisoner_number = lazy(lambda self: one_by_one(self.up.visits.future_visits))
    visit_restrictions_by_prisoner_number = lazy(lambda self: one_by_one(self.up.prison_api.offender_restrictions))
    contacts_by_prisoner_number_page = lazy(lambda self: one_by_one(unpacked(self.up.contacts.prisoner_contacts)))
    reported_adjudications_by_prisoner_number = lazy(
        lambda self: one_by_one(self.up.adjudications.reported_adjudications)
    )
    non_associations_by_prisoner_number_open_closed = lazy(
        lambda self: one_by_one(unpacked(self.up.non_associations.prisoner_non_associations))
    )
    visit_balances_by_prisoner_number = lazy(lambda self: one_by_one(self.up.prison_api.visit_balances))
    images_by_prisoner_number = lazy(lambda self: one_by_one(self.up.prison_api.images))
    contact_restrictions_by_prisoner_contact_id = lazy(
        lambda self: one_by_one(self.up.contacts.prisoner_contact_restrictions)
    )
    contact_by_id = lazy(lambda self: one_by_one(self.up.contacts.contact))
    sentence_detail_by_prisoner_number = lazy(lambda self: one_by_one(self.up.prison_api.offender_sentence_detail))
    sentence_summary_by_prisoner_number = lazy(lambda self: one_by_one(self.up.prison_api.latest_sentence_summary))
    case_notes_by_search = lazy(lambda self: one_by_one(self.up.case_notes.search_case_notes))
    primary_pom_by_prisoner_number = lazy(lambda self: one_by_one(self.up.manage_pom.primary_pom))
    needs_by_crn = lazy(lambda self: one_by_one(self.up.risks.needs))
    licence_summaries_by_crn = lazy(lambda self: one_by_one(self.up.licences.licence_summaries))
    licence_by_id = lazy(lambda self: one_by_one(self.up.licences.licence))
    case_details_by_crn_event = lazy(lambda self: one_by_one(unpacked2(self.up.delius.case_details)))
    induction_schedule_by_prisoner_number = lazy(lambda self: one_by_one(self.up.plp.induction_schedule))
    induction_schedule_history_by_prisoner_number = lazy(
        lambda self: one_by_one(self.up.plp.induction_schedule_history)
    )
    review_schedules_by_prisoner_number = lazy(lambda self: one_by_one(self.up.plp.review_schedules))
    completed_reviews_by_prisoner_number = lazy(lambda self: one_by_one(self.up.plp.reviews))
    referrals_by_crn = lazy(lambda self: one_by_one(self.up.interventions.referrals))
    intervention_by_id = lazy(lambda self: one_by_one(self.up.interventions.intervention))
    action_plan_by_id = lazy(lambda self: one_by_one(self.up.interventions.action_plan))
    sessions_by_referral_id = lazy(lambda self: one_by_one(self.up.interventions.sessions))
    account_balances_by_prison_and_prisoner_number = lazy(
        lambda self: one_by_one(spread(self.up.prison_api.account_balances))
    )
    account_transactions_by_prison_prisoner_number_account_and_dates = lazy(
        lambda self: one_by_one(spread(self.up.prison_api.account_transactions))
    )
    transaction_by_prison_prisoner_number_and_reference = lazy(
        lambda self: one_by_one(spread(self.up.prison_api.transaction_by_client_unique_ref))
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
