"""Only this machine's own page may use the playground's API.

The page listens on 127.0.0.1, but a web page from anywhere, open in the same browser, can
still send requests to it: a form or fetch() POST of text/plain needs no permission from
us, and a DNS name rebound to 127.0.0.1 makes the browser read our answers too. So a
request must name a loopback Host with our port, come from our own origin if the browser
says where it comes from, and a POST must be JSON (which no cross-site form can send, and
which a cross-site fetch may send only after a preflight we never allow).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from yarl import URL

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
JSON = "application/json"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _own_port(request: web.Request) -> int | None:
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    return int(sockname[1]) if sockname else None


def _is_local(authority: str, port: int | None) -> bool:
    """True if `authority` ("host:port") names this machine and the page's own port."""
    try:
        url = URL(f"http://{authority}")
    except ValueError:
        return False
    bare = not (url.user or url.path.strip("/") or url.query_string or url.fragment)
    return bare and url.host in LOOPBACK_HOSTS and url.port == port


@web.middleware
async def local_page_only(request: web.Request, handler: Handler) -> web.StreamResponse:
    """403 for a foreign Host or Origin, 415 for a POST that is not JSON."""
    port = _own_port(request)
    host = request.headers.get("Host", "")
    if not _is_local(host, port):
        return web.json_response({"error": "only this machine's page may ask"}, status=403)
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"http://{host}":
        return web.json_response({"error": "only this page may ask"}, status=403)
    if request.method == "POST" and request.content_type != JSON:
        return web.json_response({"error": f"send {JSON}"}, status=415)
    return await handler(request)
