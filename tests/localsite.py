"""A website on loopback serving saved pages we write ourselves: a county's 年报栏目 (list pages in
the forms sites use — 下一页, page numbers, ``index_N.html`` and the script that writes them, a
GBK page, relative links), report pages with attachments, robots.txt; with the site's manners:
ETag and 304, a file that answers 503 once, files past a size limit. Every request is logged."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: bool = True  # answer If-None-Match with 304
    fail_first: int = 0  # answer 503 this many times first
    length: bool = True  # send Content-Length
    served: int = 0


@dataclass
class Site:
    pages: dict[str, Page] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)  # (path, status) of every request
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, body: bytes | str, **kw: Any) -> None:
        self.pages[path] = Page(body.encode("utf-8") if isinstance(body, str) else body, **kw)

    def requests(self, pred: Callable[[str], bool] = lambda _p: True) -> list[tuple[str, int]]:
        with self.lock:
            return [x for x in self.log if pred(x[0])]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            with site.lock:
                site.log.append((self.path, status))
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if "Content-Length" not in (headers or {}) and (headers or {}).get("Transfer-Encoding") is None:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            page = site.pages.get(self.path.split("?", 1)[0])
            if page is None:
                self._send(404, b"not found", {"Content-Type": "text/plain"})
                return
            if page.served < page.fail_first:
                page.served += 1
                self._send(503, b"busy", {"Content-Type": "text/plain", "Retry-After": "0"})
                return
            page.served += 1
            tag = '"' + hashlib.sha1(page.body).hexdigest() + '"'
            if page.etag and self.headers.get("If-None-Match") == tag:
                self._send(304, b"", {"ETag": tag, "Content-Length": "0"})
                return
            headers = {"Content-Type": page.content_type}
            if page.etag:
                headers["ETag"] = tag
            if not page.length:  # a body of unstated length: chunks until the end
                with site.lock:
                    site.log.append((self.path, 200))
                self.send_response(200)
                for k, v in {**headers, "Transfer-Encoding": "chunked"}.items():
                    self.send_header(k, v)
                self.end_headers()
                for i in range(0, len(page.body), 65536):
                    part = page.body[i : i + 65536]
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            self._send(200, page.body, headers)

    return Handler


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-body (a file past its size limit) is no error of the site


class Server:
    """``with Server(site) as base:`` serves ``site`` at ``base`` (http://127.0.0.1:PORT)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.httpd = _Quiet(("127.0.0.1", 0), _handler(site))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
