"""Files in and out over HTTP: an upload imported as `pacesetter import` imports it, and an
entity exported as `pacesetter export` writes it.

An upload is checked and written by the same :meth:`Workspace.import_file` as the command line:
every row or none, and a refused file answers 422 with every issue (file, sheet, row, column,
rule, value), the file named as it was uploaded. The import is audited as the signed-in user.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from pacesetter.api.auth import needs, server
from pacesetter.api.errors import request_lang
from pacesetter.errors import ImportRejected, InputError
from pacesetter.i18n import t
from pacesetter.io.specs import SPECS
from pacesetter.model.access import Action, Principal

router = APIRouter(prefix="/api/v1", tags=["files"])
Importer = Annotated[Principal, needs(Action.IMPORT, "data")]
Exporter = Annotated[Principal, needs(Action.READ, "data")]
MEDIA = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@contextmanager
def scratch() -> Iterator[FilePath]:
    """A private folder for one request's file, removed afterwards."""
    folder = FilePath(tempfile.mkdtemp(prefix="pacesetter-api-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def upload_name(file: UploadFile) -> str:
    """The uploaded file's own name (no folders), which the import reads its format from; a name
    no file system takes (empty, a dot, a NUL, too long) becomes ``upload`` with its suffix."""
    name = FilePath((file.filename or "").replace("\x00", "")).name
    if name in ("", ".", "..") or len(name.encode("utf-8")) > 200:
        return "upload" + FilePath(name).suffix[:10]
    return name


@router.post("/imports", summary="Import a CSV, Excel or Parquet file: all rows or none (422: every issue)")
def import_upload(request: Request, who: Importer,
                  file: Annotated[UploadFile, File(description="the file, as `pacesetter import` takes it")],
                  entity: Annotated[str | None, Query(description="what the file holds (guessed if omitted)")]
                  = None,
                  dry_run: Annotated[bool, Query(description="check and count, write nothing")] = False
                  ) -> dict[str, Any]:
    name = upload_name(file)
    with scratch() as folder:
        path = folder / name
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out)
        try:
            with server(request).writing(who.name, data=not dry_run) as ws:
                result = ws.import_file(path, entity=entity, dry_run=dry_run)
        except ImportRejected as exc:  # name the file as the user knows it, not the server's copy
            raise ImportRejected([dataclasses.replace(i, file=name) for i in exc.issues]) from None
    lang = request_lang(request)
    return {**dataclasses.asdict(result), "file": name,
            "ignored_sheets": [{"sheet": s, "why": why} for s, why in result.ignored_sheets],
            "message": t("api.imports.would" if dry_run else "api.imports.done", lang, file=name,
                         entity=SPECS[result.entity].zh if lang == "zh" else result.entity,
                         added=result.added, changed=result.changed,
                         unchanged=result.unchanged)}


@router.get("/export/{entity}", summary="Download every row of an entity, to edit and import again",
            response_class=FileResponse,
            responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA.values()},
                             "description": "the file, as `pacesetter export` writes it"}})
def export(request: Request, who: Exporter,
           entity: Annotated[str, Path(description="what to export (observations, projects, ...)")],
           format: Annotated[str, Query(description="xlsx, csv or parquet (projects: xlsx)")] = "xlsx"
           ) -> FileResponse:
    if entity == "projects" and format != "xlsx":  # said here: the Workspace's message names a server path
        raise InputError.said("api.imports.projects_xlsx_only", format=format)
    folder = FilePath(tempfile.mkdtemp(prefix="pacesetter-api-"))
    path = folder / f"{FilePath(entity).name}.{FilePath(format).name}"
    try:
        with server(request).reading(who.name) as ws:
            ws.export(entity, path, format, lang=request_lang(request))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(path, media_type=MEDIA.get(format, "application/octet-stream"), filename=path.name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))
