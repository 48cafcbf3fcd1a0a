"""A small, careful HTTP client for fetching feeds and article pages.

Every request has a timeout, a size cap (the body is read in chunks and abandoned past it),
at most MAX_REDIRECTS redirects (a loop is named as such), a User-Agent naming the project,
and a delay between two requests to the same host. Conditional requests (ETag,
Last-Modified) are made by the caller passing the validators it kept.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

from generator import __version__ as VERSION

USER_AGENT = f"newsdigest/{VERSION} (news digest feed reader)"
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 15.0  # seconds for connecting and for each read
DEFAULT_HOST_DELAY = 1.0  # seconds between two requests to one host
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
CHUNK = 64 * 1024


class FetchError(Exception):
    """A request that gave no usable response; the message is shown to the maintainer."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 for "not modified"
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get_content_type() or "").lower()

    @property
    def charset(self) -> str | None:
        return self.headers.get_content_charset()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by Client.get, which counts them and spots loops."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None


@dataclass
class Client:
    timeout: float = DEFAULT_TIMEOUT
    host_delay: float = DEFAULT_HOST_DELAY
    max_bytes: int = DEFAULT_MAX_BYTES
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last_request: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_NoRedirect())

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        seen: list[str] = []
        current = url
        while True:
            if current in seen:
                raise FetchError(f"redirect loop ({len(seen)} redirects back to {current})")
            if len(seen) > MAX_REDIRECTS:
                raise FetchError(f"more than {MAX_REDIRECTS} redirects")
            seen.append(current)
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError(f"not an http(s) address: {current[:100]}")
            status, response_headers, body = self._request(current, headers or {})
            if status in (301, 302, 303, 307, 308):
                location = response_headers.get("Location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location")
                current = urljoin(current, location)
                continue
            return Response(current, status, response_headers, body)

    def _request(self, url: str, headers: dict[str, str]) -> tuple[int, Message, bytes]:
        self._wait_for_host(urlsplit(url).hostname or "")
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                       "Accept-Encoding": "identity",
                                                       **headers})
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                return reply.status, reply.headers, self._read_capped(reply)
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 304, 307, 308):
                return exc.code, exc.headers, b""
            raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
        except TimeoutError:
            raise FetchError(f"timed out after {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise FetchError(f"timed out after {self.timeout:g} s") from None
            raise FetchError(f"cannot connect ({reason})") from None
        except OSError as exc:  # connection reset, bad status line...
            raise FetchError(f"connection failed ({type(exc).__name__})") from None

    def _read_capped(self, reply) -> bytes:  # noqa: ANN001
        declared = reply.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"response of {int(declared) / 1024 / 1024:.1f} MB is over the "
                             f"{self.max_bytes / 1024 / 1024:g} MB limit")
        chunks: list[bytes] = []
        size = 0
        while chunk := reply.read(CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"response over the {self.max_bytes / 1024 / 1024:g} MB limit")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for_host(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.host_delay - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()
