"""Baselines computed from the population, not measured: the fewest upstream requests a query needs,
and its critical path (dependency levels x injected latency).

The minimum counts one request per batchable endpoint per dependency level, and one per person
for an endpoint with no batch form, for exactly what the query selects:

S1, a person by CRN (3 levels):
  1. probation search `POST /crns` (the CRN gives the probation record, which names the NOMIS number)
  2. prisoner search `POST /prisoner-search/prisoner-numbers`
  3. alerts `POST /search/alerts/prison-numbers`, locations `POST /locations/keys` (the cell and its
     parents: keys are derivable), prison-api `sentences-and-offences` (the booking), Delius
     `supervisions` (sentences, mappaDetail and dynamic share it), OASys `risks/crn` and
     `risks/predictors/unsafe/all`, prison-api `offenders/{no}` (categories), visits `future`, contacts;
     and Delius `POST /probation-cases/access`, the limited-access check the access policy makes
     for the risks fields and gender/ethnicity of a consumer whose roles apply redactions
     (bench-full-access does; it is one batch for the whole query).

S2, a wing list page (3 levels):
  1. prisoner search `GET /prison/{id}/prisoners` (the page)
  2. alerts, locations and probation search `POST /nomsNumbers` (each prisoner's CRN, for hmppsId
     and the nDelius sentences) as one batch each; per prisoner with a booking
     `sentences-and-offences`; per prisoner `contact`
  3. per prisoner with a CRN, Delius `supervisions` (the nDelius half of `sentences`)
S2 light, the lighter wing list (NOMIS number, names, cell location with key and type, active
alerts; 2 levels):
  1. prisoner search `GET /prison/{id}/prisoners`
  2. alerts and locations, one batch each
(The audit names each person by CRN too, after the answer: one `POST /nomsNumbers` off the critical
path, on a first request only; the bench counts it apart.)
These are first requests' minimums: the graph's shared caches (locations, CRNs) make repeats cheaper.
"""

from __future__ import annotations

from collections import Counter

from simulator.population import Person

S1_LEVELS = 3
S2_LEVELS = 3
S2_LIGHT_LEVELS = 2

EP = {
    "crns": "probation-search POST /crns",
    "nomsNumbers": "probation-search POST /nomsNumbers",
    "prisoners": "prisoner-search POST /prisoner-search/prisoner-numbers",
    "prison": "prisoner-search GET /prison/{prisonId}/prisoners",
    "alerts": "alerts POST /search/alerts/prison-numbers",
    "locations": "locations POST /locations/keys",
    "sentences": "prison-api GET /api/offender-sentences/booking/{bookingId}/sentences-and-offences",
    "offender": "prison-api GET /api/offenders/{offenderNo}",
    "supervisions": "delius GET /case/{crn}/supervisions",
    "access": "delius POST /probation-cases/access",
    "rosh": "risks GET /risks/crn/{crn}",
    "predictors": "risks GET /risks/predictors/unsafe/all/{identifierType}/{identifierValue}",
    "visits": "visits GET /visits/search/future/{prisonerId}",
    "contacts": "contacts GET /prisoner/{prisonNumber}/contact",
}


def floor_ms(latency_ms: float, levels: int) -> float:
    """The critical path: nothing at level n+1 can start before level n has answered."""
    return latency_ms * levels


def minimum_s1(person: Person) -> Counter[str]:
    """Per endpoint key (as the simulator's counters name them) for one S1 query by CRN."""
    need: Counter[str] = Counter()
    need[EP["crns"]] += 1
    if person.prisoner_number:
        need[EP["prisoners"]] += 1
        need[EP["alerts"]] += 1
        if person.cell_key:
            need[EP["locations"]] += 1
        if person.booking_id is not None:
            need[EP["sentences"]] += 1
        need[EP["offender"]] += 1
        need[EP["visits"]] += 1
        need[EP["contacts"]] += 1
    need[EP["supervisions"]] += 1
    need[EP["rosh"]] += 1
    need[EP["predictors"]] += 1
    need[EP["access"]] += 1
    return need


def minimum_s2(page: list[Person]) -> Counter[str]:
    """Per endpoint key for one S2 page request listing `page` (in list order)."""
    need: Counter[str] = Counter()
    need[EP["prison"]] += 1
    if not page:
        return need
    need[EP["alerts"]] += 1
    if any(p.cell_key for p in page):
        need[EP["locations"]] += 1
    need[EP["nomsNumbers"]] += 1
    for p in page:
        if p.booking_id is not None:
            need[EP["sentences"]] += 1
        need[EP["contacts"]] += 1
        if p.crn:
            need[EP["supervisions"]] += 1
    return need


def minimum_s2_light(page: list[Person]) -> Counter[str]:
    """Per endpoint key for one lighter wing list page (bench.queries.S2_LIGHT_QUERY)."""
    need: Counter[str] = Counter()
    need[EP["prison"]] += 1
    if page:
        need[EP["alerts"]] += 1
        if any(p.cell_key for p in page):
            need[EP["locations"]] += 1
    return need
