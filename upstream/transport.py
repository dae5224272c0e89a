"""httpx's transport API over aiohttp's connection pool, reading each answer in one piece.

httpx-aiohttp's transport (docs/adr/0008-upstream-transport.md) hands httpx a chunk stream that
httpx then reads through its decoders; upstream answers are small JSON documents read whole, so
this one reads the body with aiohttp (which also undoes gzip) and gives httpx the bytes. A request
marked to stream (an image passed on to a consumer) takes httpx-aiohttp's own chunk stream instead.
URLs go to aiohttp as already encoded (httpx encoded them), so yarl does not parse them again.
"""

from __future__ import annotations

import httpx
import yarl
from aiohttp import ClientSession, ClientTimeout
from httpx_aiohttp import AiohttpTransport
from httpx_aiohttp.transport import map_aiohttp_exceptions

from upstream.requests import STREAM_EXTENSION

_NO_BODY = b""


class WholeBodyAiohttpTransport(AiohttpTransport):
    _timeouts: dict[tuple[float | None, ...], ClientTimeout]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(self.client, ClientSession):
            self.client = self.get_client()
            self._timeouts = {}
        if request.extensions.get(STREAM_EXTENSION):  # an image: passed on as it arrives, never held whole
            return await super().handle_async_request(request)
        timeout = request.extensions.get("timeout", {})
        key = (timeout.get("connect"), timeout.get("read"), timeout.get("pool"))
        client_timeout = self._timeouts.get(key)
        if client_timeout is None:
            client_timeout = self._timeouts[key] = ClientTimeout(sock_connect=key[0], sock_read=key[1], connect=key[2])
        with map_aiohttp_exceptions():
            async with self.client.request(
                request.method,
                yarl.URL(str(request.url), encoded=True),
                headers={key.decode("latin-1"): value.decode("latin-1") for key, value in request.headers.raw},
                data=request.content or None,
                allow_redirects=False,
                timeout=client_timeout,
            ) as answer:
                body = await answer.read()
        headers = answer.raw_headers
        if "Content-Encoding" in answer.headers:  # aiohttp has decoded the body already
            headers = tuple(h for h in headers if h[0].lower() != b"content-encoding")
        response = httpx.Response(
            answer.status, headers=headers, stream=httpx.ByteStream(body or _NO_BODY), request=request
        )
        # Read already: `aread()` returns this instead of running the bytes through httpx's decoders
        # and chunker, which would find nothing to do (aiohttp decoded any gzip).
        response._content = body
        return response
