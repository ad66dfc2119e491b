"""Checking reports: upload files or paste text (``/uploads``), follow their reading (``/batches/ID``).

Uploads are read by the runner's worker processes (:class:`ogi.runner.uploads.UploadReader`),
never in the server's process; each becomes a report of the corpus (``/reports/ID``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from ogi.runner.build import Progress
from ogi.web.deps import (
    FORMAT_NAMES,
    MAX_ARCHIVE_BYTES,
    MAX_FILE_BYTES,
    MAX_FILES,
    Limit,
    View,
    audit,
    check_csrf,
    need,
    resource,
    start_batch,
    store,
    take_files,
)
from ogi.web.view import UPLOAD_LABELS

router = APIRouter(tags=["uploads"])


class UploadStatus(BaseModel):
    id: int
    name: str
    sha256: str | None = None
    size: int | None = None
    status: Literal["queued", "reading", "done", "error"]
    error: str | None = None
    report_id: int | None = None  # the report its reading became: /reports/{report_id}
    created_at: str | None = None
    finished_at: str | None = None


SETTLE_SECONDS = 30  # a read batch is done at most this long after its last file, counted or not


class BatchProgress(BaseModel):
    """How far a batch's reading is (:class:`ogi.runner.build.Progress`): files read (or found
    unreadable) of all, their bytes, seconds since the batch was queued, and the time left at the
    rate so far (by bytes; None before the first file is read)."""

    done: int
    total: int
    bytes_done: int
    bytes_total: int
    seconds: float
    files_per_second: float
    bytes_per_second: float
    seconds_left: float | None = None


class Batch(BaseModel):
    batch: str
    done: bool
    progress: BatchProgress
    uploads: list[UploadStatus]


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/uploads", status_code=303)


@resource(router, "/uploads", summary="Recent uploads, newest first")
def uploads(request: Request, limit: Limit = 30) -> View:
    need(request)
    rows = [
        UploadStatus(**r).model_dump() | {"batch": r["batch"], "created_by": r["created_by"]}
        for r in store(request).recent(limit)
    ]
    page = {
        "formats": FORMAT_NAMES,
        "max_mb": MAX_FILE_BYTES // (1024 * 1024),
        "max_files": MAX_FILES,
        "max_archive_mb": MAX_ARCHIVE_BYTES // (1024 * 1024),
    }
    return View("check.html", {"uploads": rows}, page | {"labels": UPLOAD_LABELS})


async def _upload(request: Request, files: list[UploadFile] | None, text: str) -> str:
    s = need(request)
    taken = await take_files(files, text)
    batch, ids = await run_in_threadpool(start_batch, request, taken, s.user)
    queued = set(ids)  # a ZIP member that cannot be read is kept with its reason, not queued
    for u in await run_in_threadpool(store(request).batch, batch):
        if u["id"] in queued:
            await run_in_threadpool(audit, request, "upload", u["id"], name=u["name"], size=u["size"], batch=batch)
    return batch


@router.post("/uploads", include_in_schema=False)
async def upload(
    request: Request,
    files: Annotated[list[UploadFile] | None, File()] = None,
    text: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    need(request)
    check_csrf(request, csrf)
    return RedirectResponse(f"/batches/{await _upload(request, files, text)}", status_code=303)


@router.post("/uploads.json", response_model=Batch, summary="Upload files and/or pasted text, read in the background")
async def upload_json(
    request: Request,
    files: Annotated[list[UploadFile] | None, File()] = None,
    text: Annotated[str, Form()] = "",
) -> Any:
    need(request)
    check_csrf(request, None)
    batch = await _upload(request, files, text)
    return await run_in_threadpool(_batch, request, batch)


def _batch(request: Request, batch: str) -> dict[str, Any]:
    rows = store(request).batch(batch)
    if not rows:
        raise HTTPException(404, "批次不存在")
    ups = [UploadStatus(**r) for r in rows]
    done = all(u.status in ("done", "error") for u in ups) and _counted(request, ups)
    return Batch(batch=batch, done=done, progress=progress(ups), uploads=ups).model_dump()


def _counted(request: Request, ups: list[UploadStatus]) -> bool:
    """Whether a read batch's reports are counted where the pages look for them: the reader idle,
    so the store's organ-years, regions, cross-year findings and copies were made again after they
    were stored (:class:`ogi.runner.uploads.UploadReader` does that after each round of readings)
    and its list of problems and its organs' versions show them; or, should that not come (other
    uploads read on and on), :data:`SETTLE_SECONDS` after its last file was read."""
    if request.app.state.reader.idle.is_set():
        return True
    last = max((t for u in ups if (t := _utc(u.finished_at)) is not None), default=None)
    return last is None or (datetime.now(UTC) - last).total_seconds() > SETTLE_SECONDS


def _utc(at: str | None) -> datetime | None:
    try:
        return datetime.strptime(at or "", "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def progress(ups: list[UploadStatus]) -> BatchProgress:
    """A batch's progress from its uploads' statuses, sizes and times (UTC, whole seconds)."""
    finished = [u for u in ups if u.status in ("done", "error")]
    start = min((t for u in ups if (t := _utc(u.created_at))), default=None)
    ends = [t for u in finished if (t := _utc(u.finished_at))]
    end = max(ends) if finished and len(finished) == len(ups) and ends else datetime.now(UTC)
    seconds = max(0.0, (end - start).total_seconds()) if start else 0.0
    p = Progress(
        done=len(finished),
        total=len(ups),
        bytes_done=sum(u.size or 0 for u in finished),
        bytes_total=sum(u.size or 0 for u in ups),
        seconds=seconds,
    )
    return BatchProgress(**p.to_dict())


@resource(router, "/batches/{batch}", summary="A batch of uploads: each file's status and, once read, its report")
def batch(request: Request, batch: Annotated[str, PathParam(max_length=64)]) -> View:
    need(request)
    return View("batch.html", _batch(request, batch), {"labels": UPLOAD_LABELS})
