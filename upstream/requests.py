"""httpx.Requests for one upstream, built without httpx's per-request URL parsing and merging.

httpx.Request("GET", "<base><path>", params=...) parses the whole URL again, merges the query and
encodes the body through a stream: about 0.1 ms of CPU per request, most of the upstream call path
(docs/adr/0015-upstream-call-cost.md). Here the base URL is parsed once per upstream; a request's URL is
the parsed base with the path and query replaced, and its headers are the few an upstream needs.
Paths come from client methods (fixed text and `path_segment`s, already percent-encoded); anything
else (a character httpx would encode, a dot segment) goes through httpx's own parser instead.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import httpx

# A request extension asking the transport to stream the answer's body (upstream/transport.py).
STREAM_EXTENSION = "person_graph.stream"
# What httpx leaves as it is in a path: unreserved, sub-delims, ":", "@", "/" and percent-escapes.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*")


def query_string(params: dict[str, Any]) -> str:
    """As httpx encodes `params`: lists repeat the key, True/False are "true"/"false", None is empty."""
    items: list[tuple[str, str]] = []
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else (value,):
            items.append((key, _primitive(item)))
    return urlencode(items)


def _primitive(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


class RequestFactory:
    def __init__(self, base_url: str, timeout: httpx.Timeout) -> None:
        self._base_url = base_url
        self._base = httpx.URL(base_url)
        # httpx.URL keeps its parsed parts in one named tuple: replacing path and query in it is what
        # httpx.URL.copy_with does after re-validating every part (tests/unit/test_upstream_requests.py
        # checks the two agree).
        self._reference = self._base._uri_reference
        self._host = self._base.netloc.decode("ascii")
        self._extensions = {"timeout": timeout.as_dict()}

    def url(self, path: str, params: dict[str, Any] | None) -> httpx.URL:
        query = query_string(params) if params else None
        if "/." in path or _PLAIN_PATH.fullmatch(path) is None:
            return httpx.URL(self._base_url + path, query=query.encode("ascii") if query else None)
        url = object.__new__(httpx.URL)
        url._uri_reference = self._reference._replace(path=self._reference.path + path, query=query)
        return url

    def build(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        content: bytes | None,
        token: str,
        accept: str = "application/json",
        stream: bool = False,
    ) -> httpx.Request:
        """`stream`: the transport hands back the body as it arrives instead of reading it whole
        (upstream/transport.py); `accept`: the media types asked for (an image, say)."""
        headers = [("Host", self._host), ("Accept", accept), ("Authorization", f"Bearer {token}")]
        if content is not None:
            headers += [("Content-Type", "application/json"), ("Content-Length", str(len(content)))]
        request = httpx.Request(
            method,
            self.url(path, params),
            headers=headers,
            stream=httpx.ByteStream(content or b""),
            extensions={**self._extensions, STREAM_EXTENSION: True} if stream else self._extensions,
        )
        request.read()  # the body is already bytes: transports take `request.content`, no stream
        return request
