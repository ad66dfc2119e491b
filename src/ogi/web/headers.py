"""Security headers on every response: a Content-Security-Policy allowing only the app's own
scripts, styles and images (no inline script: the pages' scripts are files under ``/static``, their
data in ``<script type="application/json">`` blocks), never framed (``frame-ancestors 'none'``,
``X-Frame-Options: DENY``: the review buttons cannot be overlaid on another site), no content
sniffing, no referrer sent to other sites, and pages and data not kept by shared caches.
"""

from __future__ import annotations

from typing import Any

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # ECharts draws on a canvas; its saved images are data: URLs
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Adds :data:`HEADERS` to every HTTP response, and ``Cache-Control: no-store`` to those that
    set no caching of their own outside ``/static`` (pages hold a clerk's data and CSRF token)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(HEADERS)]
                headers += HEADERS
                if not static and not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
