"""A polite HTTP client: what a site's robots.txt forbids is not asked, each host is asked at most
``rate`` times a second (or as its ``Crawl-delay`` says), failures that may pass (a dropped
connection, a timeout, 429, 500, 502, 503, 504) are tried again after a growing pause (or the
``Retry-After`` the site gives, at most a minute), and no file is read past ``max_bytes``.

Built on httpx (connections kept alive per host, redirects followed) and the standard library's
:mod:`urllib.robotparser`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

RETRY_STATUS = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is waited this long
USER_AGENT = "ogi-reports (government information disclosure annual reports checker)"


@dataclass(slots=True)
class Got:
    """What one request gave: the final URL (after redirects), the HTTP status (0: no answer), the
    headers, the body (None unless 200), and why not when it did not succeed: ``robots``,
    ``too_large`` (past ``max_bytes``: ``size`` is what the site stated or what was read),
    ``not_modified`` (304 to a conditional request) or ``error`` (a message)."""

    url: str
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    data: bytes | None = None
    outcome: str = "ok"  # ok, not_modified, robots, too_large, error
    error: str | None = None
    size: int = 0
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


@dataclass(slots=True)
class Counts:
    """Requests sent, bytes received (bodies), seconds waited for politeness."""

    requests: int = 0
    bytes: int = 0
    waited: float = 0.0


class Polite:
    """Polite GETs (see the module doc). ``rate``: requests per second per host (0: no limit);
    ``retries``: tries after the first; ``backoff``: seconds before the first retry, doubled each
    time; ``max_bytes``: the largest body read; ``timeout``: seconds for connecting and for each
    read; ``robots``: obey robots.txt. ``sleep`` and ``clock`` are the waiting and the time used."""

    def __init__(
        self,
        *,
        rate: float = 1.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_bytes: int = 32 * 1024 * 1024,
        timeout: float = 30.0,
        robots: bool = True,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate, self.retries, self.backoff = rate, retries, backoff
        self.max_bytes, self.robots, self.user_agent = max_bytes, robots, user_agent
        self.sleep, self.clock = sleep, clock
        self.client = httpx.Client(
            follow_redirects=True, timeout=httpx.Timeout(timeout), headers={"User-Agent": user_agent}
        )
        self.counts = Counts()
        self._next: dict[str, float] = {}  # host → when it may be asked again
        self._robots: dict[str, RobotFileParser | None] = {}  # host → its rules (None: allow all)
        self._down: dict[str, str] = {}  # host → why it gave no answer to robots.txt (this run)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Polite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- politeness -------------------------------------------------------------------------

    def _host(self, url: str) -> str:
        u = urlsplit(url)
        return f"{u.scheme}://{u.netloc}"

    def _interval(self, host: str) -> float:
        rules = self._robots.get(host)
        delay = rules.crawl_delay(self.user_agent) if rules is not None else None
        base = 1.0 / self.rate if self.rate > 0 else 0.0
        return max(base, float(delay or 0))

    def _wait_turn(self, host: str) -> None:
        t = self.clock()
        at = self._next.get(host, t)
        if at > t:
            self.counts.waited += at - t
            self.sleep(at - t)
        self._next[host] = max(at, t) + self._interval(host)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this client ask for ``url`` (read once per host: a missing file or
        a 4xx allows everything, 401/403 forbids everything, as :mod:`urllib.robotparser` reads them;
        a server error forbids the host for this run; a host that gives no answer at all is down,
        not forbidding: :meth:`get` then says so as the error it is)."""
        if not self.robots:
            return True
        host = self._host(url)
        if host not in self._robots:
            got = self._get(host + "/robots.txt", {}, 512 * 1024)
            rules: RobotFileParser | None = RobotFileParser(host + "/robots.txt")
            assert rules is not None
            if got.outcome == "ok" and got.data is not None:
                rules.parse(got.data.decode("utf-8", "replace").splitlines())
            elif got.status in (401, 403):
                rules.disallow_all = True
            elif 400 <= got.status < 500:
                rules = None
            elif got.status == 0:  # no answer: the site is down or unreachable, it forbids nothing
                self._down[host] = got.error or "无应答"
                rules = None
            else:
                rules.disallow_all = True
            self._robots[host] = rules
        rules = self._robots[host]
        return rules is None or rules.can_fetch(self.user_agent, url)

    # ---- requests -----------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Got:
        """GET ``url`` politely (see the class doc); with ``etag``/``last_modified`` a conditional
        request (outcome ``not_modified`` when the site says nothing changed). Never raises."""
        if not self.allowed(url):
            return Got(url, outcome="robots", error="robots.txt 不允许抓取")
        down = self._down.get(self._host(url))
        if down is not None:
            return Got(url, outcome="error", error=down)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, self.max_bytes)

    def _get(self, url: str, headers: dict[str, str], max_bytes: int) -> Got:
        host = self._host(url)
        got = Got(url)
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            got = self._once(url, headers, max_bytes)
            got.attempts = attempt + 1
            retry = got.outcome == "error" and (got.status == 0 or got.status in RETRY_STATUS)
            if not retry or attempt == self.retries:
                break
            pause = self.backoff * 2**attempt
            after = got.headers.get("retry-after", "")
            if after.strip().isdigit():
                pause = min(float(after), MAX_RETRY_AFTER)
            self.counts.waited += pause
            self.sleep(pause)
        return got

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Got:
        self.counts.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                got = Got(str(r.url), r.status_code, {k.lower(): v for k, v in r.headers.items()})
                if r.status_code == 304:
                    got.outcome = "not_modified"
                    return got
                if r.status_code != 200:
                    got.outcome, got.error = "error", f"HTTP {r.status_code}"
                    return got
                stated = r.headers.get("content-length", "")
                if stated.isdigit() and int(stated) > max_bytes:
                    got.outcome, got.size = "too_large", int(stated)
                    got.error = f"文件过大：{stated} 字节，上限 {max_bytes} 字节"
                    return got
                buf = bytearray()
                for chunk in r.iter_bytes():
                    buf += chunk
                    self.counts.bytes += len(chunk)
                    if len(buf) > max_bytes:
                        got.outcome, got.size = "too_large", len(buf)
                        got.error = f"文件过大：超过上限 {max_bytes} 字节"
                        return got
                got.data, got.size = bytes(buf), len(buf)
                return got
        except httpx.HTTPError as e:
            return Got(url, 0, outcome="error", error=f"{type(e).__name__}: {e}"[:300])
