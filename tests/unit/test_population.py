"""The simulator's population: the well-known people the README and docs use exist in every population."""

from __future__ import annotations

import pytest

from simulator import population as population_module
from simulator.population import WELL_KNOWN, Population


@pytest.fixture(scope="module")
def default() -> Population:
    return Population(size=4000, seed=1)


def known(population: Population, role: str):
    spec = next(w for w in WELL_KNOWN if w.role == role)
    person = population.by_crn.get(spec.crn) if spec.crn else population.by_prisoner_number.get(spec.prisoner_number)
    assert person is not None, role
    assert (person.prisoner_number, person.crn) == (spec.prisoner_number, spec.crn)
    return person


@pytest.mark.parametrize("size,seed", [(4000, 1), (400, 1), (4000, 2)])
def test_every_well_known_person_exists_in_populations_large_enough(size, seed):
    population = Population(size=size, seed=seed)
    for spec in WELL_KNOWN:
        known(population, spec.role)
    assert population.by_pnc["2008/0545166T"].prisoner_number == "A1234BC"


def test_the_well_known_people_have_their_roles(default):
    in_prison = known(default, "in prison")
    assert in_prison.prison_id == "MDI" and in_prison.cell_key and in_prison.has_oasys and in_prison.mappa
    assert any(a.is_active(default.today) for a in in_prison.alerts) and in_prison.visits and in_prison.contacts
    assert not (in_prison.restricted or in_prison.excluded)
    assert known(default, "released").prison_id == "OUT"
    assert known(default, "probation only").prison_id is None
    assert known(default, "restricted").restricted and known(default, "restricted").in_prison
    assert known(default, "excluded").excluded and known(default, "excluded").in_prison
    assert known(default, "prison only").prison_id == "BMI"
    in_transfer = known(default, "in transfer")
    assert (in_transfer.prison_id, in_transfer.last_prison_id, in_transfer.cell_key) == ("TRN", "LEI", None)
    assert in_transfer.in_custody and not in_transfer.in_prison and in_transfer.prison_status == "ACTIVE TRN"
    assert [p.prisoner_number for p in default.people if p.prison_id == "TRN"] == ["A7890GH"]  # the only one


def test_identifiers_stay_unique(default):
    numbers = [p.prisoner_number for p in default.people if p.prisoner_number]
    crns = [p.crn for p in default.people if p.crn]
    pncs = [p.pnc_number for p in default.people]
    assert len(set(numbers)) == len(numbers) and len(set(crns)) == len(crns) and len(set(pncs)) == len(pncs)


def test_only_the_well_known_peoples_identifiers_change(default, monkeypatch):
    """Everyone else is exactly as the seed made them: as in a population built without well-known people."""
    monkeypatch.setattr(population_module, "WELL_KNOWN", ())
    plain = Population(size=4000, seed=1, today=default.today)

    def ids(p):
        return p.prisoner_number, p.crn, p.pnc_number

    changed = [b for a, b in zip(plain.people, default.people, strict=True) if ids(a) != ids(b)]
    assert sorted((p.prisoner_number or "", p.crn or "") for p in changed) == sorted(
        (w.prisoner_number or "", w.crn or "") for w in WELL_KNOWN
    )
    # The person in transfer was in Leeds, in their cell, until put in transfer: that is all that changed.
    transfer = known(default, "in transfer").index
    before = plain.people[transfer]
    assert (before.prison_id, before.cell_location is not None) == ("LEI", True)

    def state(p):
        return p.last_name, p.prison_id, p.cell_location, len(p.alerts)

    assert [state(p) for p in plain.people if p.index != transfer] == [
        state(p) for p in default.people if p.index != transfer
    ]
    assert set(plain.locations) == set(default.locations)
