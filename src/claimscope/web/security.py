"""What keeps a local page safe: loopback by default, strict headers, bounded request bodies,
and no writes from other sites."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# Room for the form's other fields and the multipart boundaries around the article.
FORM_OVERHEAD_BYTES = 64 * 1024


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind_host: str) -> list[str]:
    """The Host headers a server bound to `bind_host` answers: on loopback only loopback
    names, which stops DNS rebinding; on another interface the user chose to be reachable."""
    if is_loopback(bind_host):
        return sorted({"127.0.0.1", "localhost", bind_host.strip("[]")})
    return ["*"]


class GuardMiddleware:
    """Adds the security headers to every response and refuses request bodies larger than
    `max_body_bytes` before they are read (or while, when no length is announced)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, self._bounded(scope, receive), self._with_headers(send))

    def _too_large(self) -> HTTPException:
        return HTTPException(
            413,
            f"the request is over the {self.max_body_bytes - FORM_OVERHEAD_BYTES:,}-byte "
            "limit for an article (CLAIMSCOPE_MAX_FILE_BYTES)",
        )

    def _bounded(self, scope: Scope, receive: Receive) -> Receive:
        announced = Headers(scope=scope).get("content-length", "")
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            if announced.isdigit() and int(announced) > self.max_body_bytes:
                raise self._too_large()
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body_bytes:
                raise self._too_large()
            return message

        return bounded_receive

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        return send_with_headers


def same_origin_only(request: Request) -> None:
    """Refuse a write sent by another site's page (a cross-site form post to localhost)."""
    if request.headers.get("Sec-Fetch-Site") in {"cross-site", "same-site"}:
        raise HTTPException(403, "refused: the request came from another site")
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.headers.get("Host"):
        raise HTTPException(403, "refused: the request came from another site")
