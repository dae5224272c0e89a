"""upstream.base.route_template: the metrics and span name of an upstream path, identifiers as {id}."""

from __future__ import annotations

import asyncio

from upstream.base import path_segment, route_template


def test_identifier_segments_become_placeholders_and_are_used_once():
    path = f"/api/offender-sentences/booking/{path_segment(1234567)}/sentences-and-offences"
    assert route_template(path) == "/api/offender-sentences/booking/{id}/sentences-and-offences"
    assert route_template("/search/alerts/prison-numbers") == "/search/alerts/prison-numbers"


def test_an_encoded_identifier_and_two_in_one_path():
    path = f"/case/{path_segment('2008/0545166T')}/visits/{path_segment('A1234BC')}"
    assert route_template(path) == "/case/{id}/visits/{id}"


async def test_concurrent_requests_each_name_their_own_route():
    async def client_method(number: str) -> str:
        path = f"/prisoner/{path_segment(number)}"
        template = route_template(path)  # as UpstreamClient._call does, before its first await
        await asyncio.sleep(0)  # the other task builds its path in between
        return template

    assert await asyncio.gather(client_method("A1234BC"), client_method("B2345CD")) == ["/prisoner/{id}"] * 2
