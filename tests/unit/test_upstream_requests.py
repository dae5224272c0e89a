"""RequestFactory builds the same requests httpx would, without re-parsing the URL each time."""

from __future__ import annotations

import httpx
import pytest

from upstream.base import path_segment
from upstream.requests import RequestFactory, query_string

TIMEOUT = httpx.Timeout(5.0, connect=2.0)


@pytest.mark.parametrize(
    "base", ["https://alerts.example", "http://127.0.0.1:9090/alerts", "http://simulator/prison-api"]
)
@pytest.mark.parametrize(
    "path,params",
    [
        ("/prisoner/A1234AA", None),
        (f"/prisoner/{path_segment('A1/../../admin?x')}", None),
        (f"/prison/{path_segment('MDI')}/prisoners", {"page": 0, "size": 100, "sort": "lastName,firstName"}),
        ("/search/alerts/prison-numbers", {"includeInactive": True, "codes": ["HA", "XA"], "empty": None}),
        ("/a path with spaces/ünïcode", {"q": "a b&c=d/é"}),
        ("/x/./y/../z", None),
    ],
)
def test_urls_are_those_httpx_builds(base, path, params):
    built = RequestFactory(base, TIMEOUT).url(path, params)
    expected = httpx.URL(base + path, params=params)
    assert built == expected
    assert str(built) == str(expected)
    assert built.raw_path == expected.raw_path


def test_query_strings_are_encoded_as_httpx_encodes_them():
    params = {"a": "x y", "b": ["1", "2"], "c": True, "d": False, "e": None, "f": 3}
    assert query_string(params) == str(httpx.QueryParams(params))


def test_a_request_carries_host_token_body_and_timeouts():
    factory = RequestFactory("http://127.0.0.1:9090/alerts", TIMEOUT)
    request = factory.build("POST", "/search", {"page": 1}, b'["A1234AA"]', "tok")
    assert request.method == "POST"
    assert str(request.url) == "http://127.0.0.1:9090/alerts/search?page=1"
    assert request.headers["host"] == "127.0.0.1:9090"
    assert request.headers["authorization"] == "Bearer tok"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["content-length"] == "11"
    assert request.content == b'["A1234AA"]'
    assert request.extensions["timeout"] == TIMEOUT.as_dict()
    get = factory.build("GET", "/x", None, None, "tok")
    assert get.content == b"" and "content-length" not in get.headers
