"""The three DataLoader shapes (by_key, grouped, one_by_one), with plain async fakes in place of upstreams."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from loaders import Loaders, create_loaders
from loaders.batching import by_key, grouped, one_by_one, unpacked
from settings import UPSTREAMS, Settings
from upstream.clients import build_upstreams
from upstream.errors import UpstreamTimeout, UpstreamUnavailable


@dataclass(frozen=True)
class Row:
    key: str
    value: int


class FakeBatchEndpoint:
    """Answers one Row per known key, in its own order, dropping unknown keys; records every call."""

    def __init__(self, known: dict[str, list[int]], fail_when: str | None = None, error: Exception | None = None):
        self.known = known
        self.calls: list[list[str]] = []
        self.fail_when = fail_when
        self.error = error or UpstreamUnavailable("fake", "fake answered 503")

    async def __call__(self, keys: list[str]) -> list[Row]:
        self.calls.append(list(keys))
        await asyncio.sleep(0)
        if self.fail_when is not None and self.fail_when in keys:
            raise self.error
        return [Row(k, v) for k in reversed(keys) for v in self.known.get(k, [])]


# --- by_key ------------------------------------------------------------------------------------------


async def test_by_key_batches_one_tick_into_one_call_with_distinct_keys():
    fetch = FakeBatchEndpoint({"A": [1], "B": [2], "C": [3]})
    loader = by_key(fetch, lambda r: r.key, max_batch=100)

    results = await asyncio.gather(*(loader.load(k) for k in ["A", "B", "A", "Z", "C", "B"]))

    assert fetch.calls == [["A", "B", "Z", "C"]]
    assert results == [Row("A", 1), Row("B", 2), Row("A", 1), None, Row("C", 3), Row("B", 2)]


async def test_by_key_caches_keys_across_ticks_within_one_loader():
    fetch = FakeBatchEndpoint({"A": [1], "B": [2]})
    loader = by_key(fetch, lambda r: r.key, max_batch=100)

    assert await loader.load("A") == Row("A", 1)
    assert await loader.load_many(["A", "B"]) == [Row("A", 1), Row("B", 2)]

    assert fetch.calls == [["A"], ["B"]]


async def test_by_key_splits_batches_at_max_batch():
    fetch = FakeBatchEndpoint({k: [i] for i, k in enumerate("ABCDEFG")})
    loader = by_key(fetch, lambda r: r.key, max_batch=3)

    results = await loader.load_many(list("ABCDEFG"))

    assert fetch.calls == [["A", "B", "C"], ["D", "E", "F"], ["G"]]
    assert results == [Row(k, i) for i, k in enumerate("ABCDEFG")]


async def test_by_key_without_batching_calls_once_per_distinct_key():
    fetch = FakeBatchEndpoint({"A": [1], "B": [2], "C": [3]})
    loader = by_key(fetch, lambda r: r.key, max_batch=100, batching=False)

    results = await asyncio.gather(*(loader.load(k) for k in ["A", "B", "A", "C"]))

    assert sorted(fetch.calls) == [["A"], ["B"], ["C"]]
    assert results == [Row("A", 1), Row("B", 2), Row("A", 1), Row("C", 3)]


async def test_by_key_upstream_error_fails_only_its_batch():
    error = UpstreamUnavailable("prisoner-search", "answered 503")
    fetch = FakeBatchEndpoint({"A": [1], "B": [2], "C": [3], "D": [4]}, fail_when="C", error=error)
    loader = by_key(fetch, lambda r: r.key, max_batch=2)

    results = await asyncio.gather(*(loader.load(k) for k in "ABCD"), return_exceptions=True)

    assert fetch.calls == [["A", "B"], ["C", "D"]]
    assert results[:2] == [Row("A", 1), Row("B", 2)]
    assert results[2] is error and results[3] is error
    assert results[2].upstream == "prisoner-search"


async def test_by_key_remembers_an_upstream_error_for_the_rest_of_the_request():
    """The failed keys stay failed in this (per-request) loader: asking again does not call the upstream again."""
    error = UpstreamUnavailable("prisoner-search", "answered 503")
    fetch = FakeBatchEndpoint({"A": [1]}, fail_when="A", error=error)
    loader = by_key(fetch, lambda r: r.key, max_batch=10)

    for _ in range(2):
        with pytest.raises(UpstreamUnavailable) as caught:
            await loader.load("A")
        assert caught.value is error
    assert fetch.calls == [["A"]]


async def test_by_key_upstream_error_does_not_touch_other_loaders():
    failing = by_key(
        FakeBatchEndpoint({}, fail_when="A", error=UpstreamTimeout("alerts", "timed out")),
        lambda r: r.key,
        max_batch=10,
    )
    healthy = by_key(FakeBatchEndpoint({"A": [1]}), lambda r: r.key, max_batch=10)

    bad, good = await asyncio.gather(failing.load("A"), healthy.load("A"), return_exceptions=True)

    assert isinstance(bad, UpstreamTimeout) and bad.upstream == "alerts"
    assert good == Row("A", 1)


async def test_by_key_lets_a_non_upstream_error_fail_the_batch():
    """A bug (not an UpstreamError) is not swallowed into per-key results: DataLoader rejects the batch with it."""
    fetch = FakeBatchEndpoint({}, fail_when="A", error=KeyError("bug"))
    loader = by_key(fetch, lambda r: r.key, max_batch=10)

    results = await asyncio.gather(loader.load("A"), loader.load("B"), return_exceptions=True)

    assert [type(r) for r in results] == [KeyError, KeyError]


# --- grouped -----------------------------------------------------------------------------------------


async def test_grouped_groups_rows_per_key_and_gives_empty_lists_for_missing_keys():
    fetch = FakeBatchEndpoint({"A": [1, 2, 3], "B": [4]})
    loader = grouped(fetch, lambda r: r.key, max_batch=100)

    results = await asyncio.gather(*(loader.load(k) for k in ["A", "B", "Z", "A"]))

    assert fetch.calls == [["A", "B", "Z"]]
    assert results == [
        [Row("A", 1), Row("A", 2), Row("A", 3)],
        [Row("B", 4)],
        [],
        [Row("A", 1), Row("A", 2), Row("A", 3)],
    ]


async def test_grouped_splits_at_max_batch_and_without_batching():
    fetch = FakeBatchEndpoint({"A": [1], "B": [2, 3], "C": []})
    assert await grouped(fetch, lambda r: r.key, max_batch=2).load_many(["A", "B", "C"]) == [
        [Row("A", 1)],
        [Row("B", 2), Row("B", 3)],
        [],
    ]
    assert fetch.calls == [["A", "B"], ["C"]]

    fetch.calls.clear()
    await grouped(fetch, lambda r: r.key, max_batch=100, batching=False).load_many(["A", "B", "C"])
    assert sorted(fetch.calls) == [["A"], ["B"], ["C"]]


async def test_grouped_upstream_error_fails_only_its_batch():
    error = UpstreamUnavailable("alerts", "answered 500")
    fetch = FakeBatchEndpoint({"A": [1], "B": [2], "C": [3]}, fail_when="B", error=error)
    loader = grouped(fetch, lambda r: r.key, max_batch=2)

    results = await asyncio.gather(*(loader.load(k) for k in "ABC"), return_exceptions=True)

    assert fetch.calls == [["A", "B"], ["C"]]
    assert results[0] is error and results[1] is error
    assert results[2] == [Row("C", 3)]


# --- one_by_one --------------------------------------------------------------------------------------


class FakeSingleEndpoint:
    def __init__(self, failing: dict[object, Exception] | None = None):
        self.calls: list[tuple] = []
        self.failing = failing or {}

    async def __call__(self, *args):
        self.calls.append(args)
        await asyncio.sleep(0)
        key = args[0] if len(args) == 1 else args
        if key in self.failing:
            raise self.failing[key]
        if key == "NOT-FOUND":
            return None
        return f"answer for {args}"


async def test_one_by_one_calls_once_per_distinct_key():
    fetch = FakeSingleEndpoint()
    loader = one_by_one(fetch)

    results = await asyncio.gather(*(loader.load(k) for k in ["X1", "X2", "X1", "NOT-FOUND"]))

    assert sorted(fetch.calls) == [("NOT-FOUND",), ("X1",), ("X2",)]
    assert results == ["answer for ('X1',)", "answer for ('X2',)", "answer for ('X1',)", None]


async def test_one_by_one_unpacks_tuple_keys():
    fetch = FakeSingleEndpoint()
    loader = one_by_one(unpacked(fetch))

    results = await asyncio.gather(
        loader.load(("A1234AA", 0, 10)), loader.load(("A1234AA", 1, 10)), loader.load(("A1234AA", 0, 10))
    )

    assert sorted(fetch.calls) == [("A1234AA", 0, 10), ("A1234AA", 1, 10)]
    assert results == [
        "answer for ('A1234AA', 0, 10)",
        "answer for ('A1234AA', 1, 10)",
        "answer for ('A1234AA', 0, 10)",
    ]


async def test_one_by_one_runs_the_calls_concurrently():
    in_flight = peak = 0

    async def fetch(key):
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return key

    assert await one_by_one(fetch).load_many(["A", "B", "C", "D"]) == ["A", "B", "C", "D"]
    assert peak == 4


async def test_one_by_one_failure_fails_only_that_key():
    error = UpstreamUnavailable("risks", "answered 502")
    fetch = FakeSingleEndpoint(failing={"X2": error})
    loader = one_by_one(fetch)

    results = await asyncio.gather(*(loader.load(k) for k in ["X1", "X2", "X3"]), return_exceptions=True)

    assert results[0] == "answer for ('X1',)"
    assert results[1] is error and results[1].upstream == "risks"
    assert results[2] == "answer for ('X3',)"


# --- create_loaders: every loader is wired to the right client method and key -------------------------


@pytest.fixture
async def loaders_and_calls(monkeypatch):
    """Real Upstreams (never called over HTTP here), with each client method replaced by a recording fake."""
    settings = Settings(
        upstream_urls={name: f"https://{name}.example" for name in UPSTREAMS},
        auth_url="https://auth.example/auth",
    )
    up = build_upstreams(settings)
    calls: list[tuple[str, tuple]] = []

    def fake(name, answer):
        async def method(*args):
            calls.append((name, args))
            return answer(*args)

        return method

    ns = lambda **kw: type("Row", (), kw)  # noqa: E731 - a tiny attribute bag
    monkeypatch.setattr(
        up.prisoner_search,
        "prisoners_by_numbers",
        fake("prisoners_by_numbers", lambda ks: [ns(prisonerNumber=k) for k in ks]),
    )
    monkeypatch.setattr(
        up.probation_search,
        "offenders_by_crns",
        fake("offenders_by_crns", lambda ks: [ns(otherIds=ns(crn=k, nomsNumber=None)) for k in ks]),
    )
    monkeypatch.setattr(
        up.probation_search,
        "offenders_by_noms_numbers",
        fake("offenders_by_noms_numbers", lambda ks: [ns(otherIds=ns(crn="X1", nomsNumber=k)) for k in ks]),
    )
    monkeypatch.setattr(
        up.alerts,
        "alerts_by_prison_numbers",
        fake("alerts_by_prison_numbers", lambda ks: [ns(prisonNumber=k) for k in ks for _ in "ab"]),
    )
    monkeypatch.setattr(
        up.locations, "locations_by_keys", fake("locations_by_keys", lambda ks: [ns(key=k) for k in ks])
    )
    monkeypatch.setattr(up.delius, "case_access", fake("case_access", lambda ks: [ns(crn=k) for k in ks]))
    for client, method in [
        (up.delius, "supervisions"),
        (up.prison_api, "sentences_and_offences"),
        (up.prison_api, "offender"),
        (up.risks, "risk_of_serious_harm"),
        (up.risks, "predictor_scores"),
        (up.visits, "future_visits"),
        (up.contacts, "prisoner_contacts"),
    ]:
        monkeypatch.setattr(client, method, fake(method, lambda *args, m=method: (m, args)))
    yield create_loaders(up), calls
    await up.aclose()


async def test_create_loaders_wires_batch_loaders_to_batch_endpoints(loaders_and_calls):
    loaders, calls = loaders_and_calls
    assert isinstance(loaders, Loaders)

    prisoners = await loaders.prisoner_by_prisoner_number.load_many(["A1234AA", "B2345BB"])
    crn_case = await loaders.probation_case_by_crn.load("X123456")
    noms_case = await loaders.probation_case_by_prisoner_number.load("A1234AA")
    alerts = await loaders.alerts_by_prisoner_number.load("A1234AA")
    location = await loaders.location_by_key.load("MDI-A-1-001")
    access = await loaders.case_access_by_crn.load("X123456")

    assert [p.prisonerNumber for p in prisoners] == ["A1234AA", "B2345BB"]
    assert crn_case.otherIds.crn == "X123456"
    assert noms_case.otherIds.nomsNumber == "A1234AA"
    assert [a.prisonNumber for a in alerts] == ["A1234AA", "A1234AA"]
    assert location.key == "MDI-A-1-001"
    assert access.crn == "X123456"
    assert calls == [
        ("prisoners_by_numbers", (["A1234AA", "B2345BB"],)),
        ("offenders_by_crns", (["X123456"],)),
        ("offenders_by_noms_numbers", (["A1234AA"],)),
        ("alerts_by_prison_numbers", (["A1234AA"],)),
        ("locations_by_keys", (["MDI-A-1-001"],)),
        ("case_access", (["X123456"],)),
    ]


async def test_create_loaders_wires_one_by_one_loaders(loaders_and_calls):
    loaders, calls = loaders_and_calls

    assert await loaders.supervisions_by_crn.load("X123456") == ("supervisions", ("X123456",))
    assert await loaders.sentences_by_booking_id.load(1200924) == ("sentences_and_offences", (1200924,))
    assert await loaders.offender_by_prisoner_number.load("A1234AA") == ("offender", ("A1234AA",))
    assert await loaders.risk_of_serious_harm_by_crn.load("X123456") == ("risk_of_serious_harm", ("X123456",))
    assert await loaders.predictor_scores_by_crn.load("X123456") == ("predictor_scores", ("X123456",))
    assert await loaders.future_visits_by_prisoner_number.load("A1234AA") == ("future_visits", ("A1234AA",))
    assert await loaders.contacts_by_prisoner_number_page.load(("A1234AA", 0, 10)) == (
        "prisoner_contacts",
        ("A1234AA", 0, 10),
    )
    assert len(calls) == 7


async def test_create_loaders_max_batch_sizes(loaders_and_calls):
    loaders, calls = loaders_and_calls

    await loaders.probation_case_by_crn.load_many([f"X{i:06d}" for i in range(513)])
    await loaders.case_access_by_crn.load_many([f"Y{i:06d}" for i in range(501)])
    await loaders.prisoner_by_prisoner_number.load_many([f"P{i}" for i in range(1001)])

    assert [(name, len(args[0])) for name, args in calls] == [
        ("offenders_by_crns", 512),
        ("offenders_by_crns", 1),
        ("case_access", 500),
        ("case_access", 1),
        ("prisoners_by_numbers", 1000),
        ("prisoners_by_numbers", 1),
    ]


async def test_a_loader_is_made_on_first_use_and_then_kept_for_the_request(loaders_and_calls):
    loaders, calls = loaders_and_calls
    assert "alerts_by_prisoner_number" not in vars(loaders)  # nothing made before a resolver asks

    first = loaders.alerts_by_prisoner_number
    assert vars(loaders)["alerts_by_prisoner_number"] is first
    assert loaders.alerts_by_prisoner_number is first  # the same loader: its per-request cache holds
    await first.load("A1234AA")
    await loaders.alerts_by_prisoner_number.load("A1234AA")
    assert calls == [("alerts_by_prison_numbers", (["A1234AA"],))]
    assert [name for name in vars(loaders) if not name.startswith(("up", "batching", "caches"))] == [
        "alerts_by_prisoner_number"
    ]


async def test_each_request_gets_its_own_loaders():
    settings = Settings(
        upstream_urls={name: f"https://{name}.example" for name in UPSTREAMS}, auth_url="https://auth.example/auth"
    )
    up = build_upstreams(settings)
    try:
        one, two = create_loaders(up), create_loaders(up)
        assert one.prisoner_by_prisoner_number is not two.prisoner_by_prisoner_number
        assert one.prisoner_by_prisoner_number is one.prisoner_by_prisoner_number
    finally:
        await up.aclose()
