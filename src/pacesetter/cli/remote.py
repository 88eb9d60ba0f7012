"""Commands while the server runs: send the work to it, or say in words that it holds the database.

While ``pacesetter serve`` runs, it alone holds the database and its lock note names its URL. A
command that can go through the server's API calls :func:`served`, which gives a :class:`Remote`
(the same plain data as the Workspace's methods, fetched over HTTP with the user's token) when a
server holds the database or ``--server`` names one, else None (the command opens the database
itself). Every other command reaches :func:`refuse_if_served` before it opens the database and
is told which server holds it, instead of DuckDB's lock error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pacesetter.cli.options import state
from pacesetter.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from pacesetter.api.client import Client
    from pacesetter.io.importer import ImportResult
    from pacesetter.workspace import Workspace

# the tables `pacesetter list` shows that the API lists (GET /api/v1/<name>, paginated)
LISTED = frozenset({"regions", "indicators", "chains", "enterprises", "parks", "projects", "policies"})
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")


class ServedElsewhere(InputError):
    """The database is held by a server, and this command cannot go through it (or has no token)."""

    code = "store.served"


def server_url(db: Path) -> str | None:
    """The URL of the server holding ``db``, from its lock note; None when no server holds it."""
    from pacesetter.store.lock import read_note

    holder = read_note(db)
    return holder.url if holder is not None else None


def refuse_if_served(db: Path, lang: str, server: str | None = None) -> None:
    """Say, before the database is opened, that a server holds it (or that ``--server`` was given to
    a command that cannot go through one), with the URL to use instead."""
    url = server or server_url(db)
    if url is not None:
        raise ServedElsewhere.said("cli.remote.cannot", url=url, path=db)


def served(ctx: typer.Context) -> Remote | None:
    """The server this command sends its work to: ``--server``, else the one holding the database."""
    st = state(ctx)
    url = st.server or server_url(Path(st.settings.db))
    if url is None:
        return None
    if not st.token:
        raise ServedElsewhere.said("cli.remote.no_token", url=url, path=st.settings.db)
    from pacesetter.api.client import Client

    remote = Remote(Client(url, st.token, st.lang))
    ctx.call_on_close(remote.close)
    return remote


def workspace_or_server(ctx: typer.Context) -> Remote | Workspace:
    """The server when one is to be used (see :func:`served`), else the Workspace of the database."""
    return served(ctx) or state(ctx).workspace()


def frame(listing: tuple[list[dict[str, Any]], list[str]]) -> pd.DataFrame:
    """A list of the server as the Workspace's frame: its fields as columns (also when empty),
    ISO date-times (how JSON carries them) as timestamps."""
    import pandas as pd

    items, columns = listing
    df = pd.DataFrame(items, columns=columns or None)
    for column in df.columns:
        values = df[column].dropna()
        if len(values) and all(isinstance(v, str) and _ISO.match(v) for v in values):
            df[column] = pd.to_datetime(df[column])
    return df


class RemoteProjects:
    """``ws.projects`` through the server: the list and the lifecycle moves."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list(self, *, chain: str | None = None, stage: str | None = None, district: str | None = None,
             park: str | None = None) -> pd.DataFrame:
        given = {"chain": chain, "stage": stage, "district": district, "park": park}
        params = {k: v for k, v in given.items() if v is not None}
        return frame(self._client.listing("/projects", params))

    def advance(self, project_id: str, to: str, date: dt.date, *, version: int | None = None,
                note: str | None = None, actor: str | None = None) -> dict[str, object]:
        """The move, audited by the server as the token's user (``actor`` is the token's, not given
        here). Without ``version``, the project's current one (as a direct advance does not check)."""
        if version is None:
            version = int(self._client.get(f"/projects/{project_id}")["version"])
        body = {"to": to, "date": date.isoformat(), "version": version, "note": note}
        record: dict[str, object] = self._client.post(f"/projects/{project_id}/advance", json=body)
        return record


class RemoteTasks:
    """``ws.tasks`` through the server: the list and the overdue ones."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list(self) -> pd.DataFrame:
        return frame(self._client.listing("/tasks"))

    def overdue(self, as_of: dt.date | None = None) -> pd.DataFrame:
        params = {"overdue": "true", **({"as_of": as_of.isoformat()} if as_of else {})}
        df = frame(self._client.listing("/tasks", params))
        # the server names the level in the user's language (level_label); the command keeps the
        # column of its language, so both carry that name
        return df.assign(level_zh=df["level_label"], level_en=df["level_label"]).drop(columns="level_label")

    def today(self) -> dt.date:
        """The store's scenario date is the server's to know: through it, the date is given."""
        raise ServedElsewhere.said("cli.remote.as_of", url=self._client.url)


class Remote:
    """The Workspace methods the routed commands call, answered by the server."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.projects = RemoteProjects(client)
        self.tasks = RemoteTasks(client)

    def close(self) -> None:
        self.client.close()

    def table(self, name: str) -> pd.DataFrame:
        """A listable table, from the server's list of it (the registry's in the user's scope); a
        table the API does not list is said to need the server stopped."""
        if name not in LISTED:
            raise ServedElsewhere.said("cli.remote.not_listed", url=self.client.url, what=name,
                                       listed=", ".join(sorted(LISTED)))
        return frame(self.client.listing(f"/{name}"))

    def indicator(self, indicator_id: str) -> dict[str, object]:
        record: dict[str, object] = self.client.get(f"/indicators/{indicator_id}")
        return record

    def show(self, indicator: str, regions: Iterable[str] = (), *, lang: str = "zh",
             all_sources: bool = False) -> pd.DataFrame:
        """``ws.show`` as the server's series of the indicator gives it (its columns named back)."""
        params = {"region": list(regions), "all_sources": str(all_sources).lower()}
        df = frame(self.client.listing(f"/series/{indicator}", params))
        return df.rename(columns={"period": "period_code"}).rename(columns={"city": "region",
                                                                           "period_label": "period"})

    def import_file(self, path: Path | str, *, entity: str | None = None, dry_run: bool = False,
                    progress: object = None) -> ImportResult:
        """Upload the file to the server's import: the same validation and atomicity as here."""
        from pacesetter.io.importer import ImportResult

        p = Path(path)
        params = {"dry_run": str(dry_run).lower(), **({"entity": entity} if entity else {})}
        with p.open("rb") as f:
            answer = self.client.post("/imports", params=params, files={"file": (p.name, f)})
        fields = {f.name for f in dataclasses.fields(ImportResult)}
        result = {k: v for k, v in answer.items() if k in fields}
        result["ignored_sheets"] = tuple((s["sheet"], s["why"]) for s in answer.get("ignored_sheets") or ())
        return ImportResult(**result)

    def export(self, entity: str, path: Path | str, fmt: str | None = None) -> int | None:
        """Download the server's export of ``entity`` to ``path``; the rows it holds, when the
        server says (``X-Rows``), else None."""
        p = Path(path)
        params = {"format": fmt or p.suffix.lstrip(".").lower()}
        rows = self.client.download("GET", f"/export/{entity}", p, params).get("X-Rows")
        return int(rows) if rows is not None else None

    def backup(self, target: Path) -> Path:
        """The server's consistent copy of the database, written to ``target``."""
        self.client.download("POST", "/backup", target)
        return target
