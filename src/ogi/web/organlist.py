"""Who must report (``/organ-list``): the region's organ list — shown, and imported from a CSV or XLSX
file as ``ogi organs import`` does (:func:`ogi.corpus.organs.read_organ_list`). The region pages
(``/regions/NODE``) count against it: organs expected, received, on time, late, missing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ogi.corpus.organs import MAX_BYTES, kinds, read_organ_list
from ogi.errors import InputError
from ogi.template import spec
from ogi.web.deps import Refused, View, audit, check_csrf, corpus, need, resource, store

router = APIRouter(tags=["organ list"])


def _list(request: Request) -> dict[str, Any]:
    st = store(request)
    return {"info": st.organ_list_info(), "organs": [o.to_dict() for o in st.organ_list()]}


@resource(router, "/organ-list", summary="The region's organ list: who must report, their kind and deadline")
def organ_list(request: Request) -> View:
    s = need(request)
    kind_names = {d.kind: "、".join(d.names[:2]) for d in spec().deadlines if d.kind}
    page = {"kinds": kinds(), "kind_names": kind_names, "can_import": s.can("reviewer")}
    return View("organ_list.html", _list(request), page)


async def _import(request: Request, file: UploadFile | None) -> dict[str, Any]:
    s = need(request, "reviewer")
    if file is None or not file.filename:
        raise Refused(400, "请选择机关名单文件（CSV 或 Excel）。")
    data = await file.read(MAX_BYTES + 1)
    try:
        organs = await run_in_threadpool(read_organ_list, data, file.filename)
    except InputError as e:
        raise Refused(422, "机关名单未能导入。", [f"{file.filename}：{e.message}"]) from None
    n = await run_in_threadpool(store(request).put_organ_list, organs, user=s.user, source=file.filename)
    await run_in_threadpool(audit, request, "organ_list_import", None, name=file.filename, organs=n)
    await run_in_threadpool(corpus(request).signature, fresh=True)  # the region pages count against it now
    return await run_in_threadpool(_list, request)


@router.post("/organ-list", include_in_schema=False)
async def import_form(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    need(request, "reviewer")
    check_csrf(request, csrf)
    await _import(request, file)
    return RedirectResponse("/organ-list", status_code=303)


@router.post("/organ-list.json", summary="Replace the organ list with a CSV or XLSX file's organs (reviewers)")
async def import_json(request: Request, file: Annotated[UploadFile | None, File()] = None) -> Any:
    need(request, "reviewer")
    check_csrf(request, None)
    return await _import(request, file)
