"""The playground's page API answers only this machine's own page."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.runner import serve
from playground.app import Playground


@pytest.fixture
async def playground() -> AsyncIterator[Playground]:
    async with Playground(serve, port=0) as running:
        yield running


async def _customer_messages(playground: Playground) -> list[dict[str, Any]]:
    cast = playground.cast
    assert cast is not None
    anna = cast.customers[0]
    chat = playground.telegram.chats.get(anna)
    return [m for m in chat.messages if m["from"]["id"] == anna] if chat else []


def _note(playground: Playground, text: str) -> dict[str, Any]:
    """What the page sends when Anna writes `text`."""
    assert playground.cast is not None
    anna = playground.cast.customers[0]
    return {"user": anna, "chat": anna, "text": text}


async def test_a_cross_site_text_plain_post_is_refused_and_sends_nothing(
    playground: Playground,
) -> None:
    body = json.dumps(_note(playground, "Forged from another site"))
    async with aiohttp.ClientSession() as http:
        for headers in ({"Content-Type": "text/plain"}, {"Content-Type": "text/plain;x=1"}):
            async with http.post(playground.url + "api/send", data=body, headers=headers) as r:
                assert r.status == 415
        async with http.post(
            playground.url + "api/send",
            data=body,
            headers={"Content-Type": "text/plain", "Origin": "https://evil.example"},
        ) as refused:
            assert refused.status == 403
    assert await _customer_messages(playground) == []


async def test_json_from_another_origin_is_refused(playground: Playground) -> None:
    async with aiohttp.ClientSession() as http:
        for origin in ("https://evil.example", "null", "http://localhost:1"):
            async with http.post(
                playground.url + "api/send",
                json=_note(playground, "Forged JSON"),
                headers={"Origin": origin},
            ) as refused:
                assert refused.status == 403
    assert await _customer_messages(playground) == []


async def test_a_foreign_host_is_refused_even_for_reading(playground: Playground) -> None:
    port = playground.port
    async with aiohttp.ClientSession() as http:
        for host in (f"evil.example:{port}", f"127.0.0.1.evil.example:{port}", "127.0.0.1:1"):
            async with http.get(playground.url + "api/setup", headers={"Host": host}) as r:
                assert r.status == 403, host
        async with http.get(playground.url, headers={"Host": f"evil.example:{port}"}) as r:
            assert r.status == 403


async def test_the_page_itself_is_served_by_any_loopback_name(playground: Playground) -> None:
    port = playground.port
    async with aiohttp.ClientSession() as http:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
            async with http.get(playground.url + "api/setup", headers={"Host": host}) as r:
                assert r.status == 200, host
        async with http.post(
            playground.url + "api/send",
            json=_note(playground, "From the page"),
            headers={"Origin": f"http://127.0.0.1:{port}"},
        ) as sent:
            assert sent.status == 200
    assert [m["text"] for m in await _customer_messages(playground)] == ["From the page"]
