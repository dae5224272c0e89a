"""The first stage of admission control (web/admission.py): requests whose cost is not known yet.

An inner application stands in for the GraphQL app: it holds its request until told to, either
before its query is validated (the first stage's place held) or after asking the cost stage for
admission (the place handed over). Outcomes only: statuses, headers, bodies, counts.
"""

from __future__ import annotations

import asyncio

import httpx

from schema import admission
from settings import AdmissionSettings
from web.admission import Admission


class Held:
    """An ASGI app answering 200 once `go` is set; with `validate`, it first asks for its cost's share."""

    def __init__(self, validate: bool) -> None:
        self.validate = validate
        self.go = asyncio.Event()
        self.entered = 0

    async def __call__(self, scope, receive, send) -> None:
        self.entered += 1
        if self.validate:
            ticket = admission.current.get()
            assert ticket is not None and await ticket.admit(1)
        await self.go.wait()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})


async def until(condition) -> None:
    for _ in range(1_000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


async def test_past_the_first_stage_a_request_is_refused_at_once_with_503_and_retry_after() -> None:
    inner = Held(validate=False)  # never reaches validation: holds its place
    app = Admission(inner, AdmissionSettings(max_validating=1, queue_length=0, retry_after_seconds=2))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        first = asyncio.ensure_future(client.post("/graphql"))
        await until(lambda: inner.entered == 1)
        refused = await client.post("/graphql")
        inner.go.set()
        assert (await first).status_code == 200
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "2"
    assert refused.json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryAfterSeconds": 2}
    assert (app.admitted, app.refused) == (1, 1)


async def test_a_validated_request_hands_its_first_stage_place_to_the_next() -> None:
    inner = Held(validate=True)  # asks the cost stage, then holds its cost share only
    app = Admission(inner, AdmissionSettings(max_validating=1, queue_length=0, max_in_flight=5))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        requests = [asyncio.ensure_future(client.post("/graphql")) for _ in range(3)]
        await until(lambda: inner.entered == 3)  # one after another through the single first-stage place
        assert app.budget.running == 3
        inner.go.set()
        assert [r.status_code for r in await asyncio.gather(*requests)] == [200, 200, 200]
    assert (app.admitted, app.refused) == (3, 0)
    assert (app.budget.in_use, app.budget.running) == (0, 0)
