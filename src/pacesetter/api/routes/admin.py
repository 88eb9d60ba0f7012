"""Administration over HTTP: a backup of the whole database while the server runs (admins only)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from pacesetter.api.auth import needs, server
from pacesetter.model.access import Action
from pacesetter.workspace.backup import backup as backup_database

router = APIRouter(prefix="/api/v1", tags=["admin"], dependencies=[needs(Action.ADMIN, "users")])


@router.post("/backup", summary="A consistent copy of the whole database, as a DuckDB file (admins)",
             response_class=FileResponse,
             responses={200: {"content": {"application/octet-stream": {}},
                              "description": "the database file, to keep or to restore"}})
def backup(request: Request) -> FileResponse:
    state = server(request)
    folder = Path(tempfile.mkdtemp(prefix="pacesetter-backup-"))
    path = folder / f"{state.db.stem}-backup.duckdb"
    try:
        with state.writing("server", data=False) as ws:  # no write lands half-way through the copy
            backup_database(ws, path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(path, media_type="application/octet-stream", filename=path.name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))
