"""Fetch a release from a URL: a timeout, a size cap, and being offline said in words.

Only the bytes and the declared content type come back; the charset is detected from them as
imports detect a CSV's (documents.decode), and the publisher is read from the page itself,
never from the host.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from pacesetter.errors import InputError

TIMEOUT_S = 20.0
MAX_BYTES = 20 * 1024 * 1024  # a long communiqué as PDF is a few MB; more is no release


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: its bytes, content type and final address (after redirects)."""

    url: str
    content: bytes
    content_type: str | None


def is_url(text: str) -> bool:
    """Whether the argument is an http(s) address rather than a file."""
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET ``url``; refuse in words when offline, timed out, answered with an error or too large."""
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True,
                          headers={"User-Agent": "pacesetter-extract"}) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError.said("extract.fetch.status", url=url, status=response.status_code)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError.said("extract.fetch.too_large", url=url, mb=max_bytes // (1024 * 1024))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputError.said("extract.fetch.too_large", url=url, mb=max_bytes // (1024 * 1024))
                chunks.append(chunk)
            return Fetched(str(response.url), b"".join(chunks), response.headers.get("content-type"))
    except httpx.TimeoutException as exc:
        raise InputError.said("extract.fetch.timeout", url=url, seconds=timeout) from exc
    except httpx.TransportError as exc:
        raise InputError.said("extract.fetch.offline", url=url, what=type(exc).__name__) from exc
