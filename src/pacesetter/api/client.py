"""A client of a running Pacesetter server, for commands that send their work to it.

Every request carries the user's token (``Authorization: Bearer``) and language, so the server
answers in that language; a failure comes back in the server's one error format and is raised
here as an error the command line reports like its own: a refused import as
:class:`~pacesetter.errors.ImportRejected` listing every issue, anything else with the server's
code and message. A server that cannot be reached is said so with its URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from pacesetter.errors import ImportRejected, InputError, Issue, PacesetterError

API = "/api/v1"
PER_PAGE = 1000  # the largest page the server gives


class ServerError(PacesetterError):
    """The server failed a request (5xx, or an answer that is not its error format)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


class ServerRefused(ServerError, InputError):
    """The server refused a request (4xx): nothing was changed."""


class Unreachable(PacesetterError):
    """No server answers at the URL."""

    code = "server.unreachable"


@dataclass(frozen=True, slots=True)
class ServedIssue(Issue):
    """An issue of an import the server refused; its message is the line the server rendered in
    the user's language, so it is shown as it came."""

    def render(self, lang: str = "en") -> str:
        return self.message


def _error(response: httpx.Response) -> PacesetterError:
    """The error a failed answer means."""
    try:
        err = response.json()["error"]
        status, code, message = int(err["status"]), str(err["code"]), str(err["message"])
    except (ValueError, KeyError, TypeError):
        status, code = response.status_code, "http"
        message = f"HTTP {response.status_code} {response.reason_phrase}: {response.text[:300]}"
        return ServerError(status, code, message)
    if code == ImportRejected.code and err.get("issues"):
        return ImportRejected([ServedIssue(i.get("file") or "", i.get("sheet"), i.get("row"), i.get("column"),
                                           i.get("rule") or "", i.get("value"), str(i.get("message")))
                               for i in err["issues"]])
    details = [str(i.get("message")) for i in err.get("issues") or []]  # e.g. which field was invalid
    message = "\n".join([message, *details])
    return (ServerRefused if 400 <= status < 500 else ServerError)(status, code, message)


class Client:
    """Requests to the server at ``url`` as the user of ``token``, answered in ``lang``."""

    def __init__(self, url: str, token: str | None, lang: str, *, timeout: float = 600.0) -> None:
        self.url = url.rstrip("/")
        headers = {"Accept-Language": lang, **({"Authorization": f"Bearer {token}"} if token else {})}
        self._http = httpx.Client(base_url=self.url + API, headers=headers, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def _lost(self, exc: httpx.TransportError) -> Unreachable:
        return Unreachable.said("api.client.unreachable", url=self.url, reason=str(exc) or type(exc).__name__)

    def _send(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kw)
        except httpx.TransportError as exc:
            raise self._lost(exc) from None
        if response.is_error:
            raise _error(response)
        return response

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """The JSON answer of ``GET path``."""
        return self._send("GET", path, params=params).json()

    def post(self, path: str, *, json: Any = None, data: Mapping[str, Any] | None = None,
             files: Mapping[str, Any] | None = None, params: Mapping[str, Any] | None = None) -> Any:
        """The JSON answer of ``POST path``."""
        return self._send("POST", path, json=json, data=data, files=files, params=params).json()

    def listing(self, path: str,
                params: Mapping[str, Any] | None = None) -> tuple[list[dict[str, Any]], list[str]]:
        """Every item of a paginated list, page after page, and the names of its fields."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.get(path, {**(params or {}), "page": page, "per_page": PER_PAGE})
            items.extend(answer["items"])
            if page * PER_PAGE >= int(answer["total"]):
                return items, list(answer.get("columns") or [])
            page += 1

    def download(self, method: str, path: str, target: Path,
                 params: Mapping[str, Any] | None = None) -> httpx.Headers:
        """Write the body of the answer to ``target`` as it streams in (a partial file is removed);
        the answer's headers."""
        try:
            with self._http.stream(method, path, params=params) as response:
                if response.is_error:
                    response.read()
                    raise _error(response)
                try:
                    with target.open("wb") as f:
                        for chunk in response.iter_bytes():
                            f.write(chunk)
                except BaseException:
                    target.unlink(missing_ok=True)
                    raise
                return response.headers
        except httpx.TransportError as exc:
            raise self._lost(exc) from None
