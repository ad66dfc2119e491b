"""The web application: check uploaded reports, review findings, browse the corpus.

``create_app(db_url)`` returns a FastAPI app; ``ogi serve`` runs it with uvicorn. One route per
resource, uploads and stored reports alike; every page is server-rendered (Jinja2, in Chinese) and
its data is the same path with ``.json`` (the OpenAPI schema at ``/openapi.json`` lists those).
Everything is kept in the store (:mod:`ogi.store`); uploads are read by the runner's worker
processes (:mod:`ogi.runner.uploads`), never in this process.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from importlib import resources
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ogi import __version__
from ogi.runner.uploads import UploadReader
from ogi.store import Store, resolve_url
from ogi.web import accounts, browse, reports, scores, uploads
from ogi.web.auth import SessionMiddleware, Sessions
from ogi.web.corpus import Corpus
from ogi.web.deps import Denied, Refused, wants_json
from ogi.web.pagecache import PageCache

GENERIC = {
    400: "提交的内容无法解析。粘贴的文本不能超过 1 MB，较大的报告请以文件上传。",
    404: "页面或记录不存在。",
    405: "不支持该操作。",
    413: "上传的内容过大。",
}


def _dir(name: str) -> str:
    return str(resources.files("ogi.web").joinpath(name))


def create_app(db_url: str | None = None, *, workers: int = 2, timeout: float | None = 300.0) -> FastAPI:
    """The web app on the store ``db_url`` (as ``--db``: a path or URL), reading uploads in
    ``workers`` processes, ``timeout`` seconds at most each. Raises :class:`ogi.errors.OgiError`
    for a store it cannot open."""
    url = resolve_url(db_url)  # the same database `ogi build --db` writes
    store = Store(url)
    sessions = Sessions(os.environ.get("OGI_SECRET") or store.secret())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.reader.close()
        app.state.store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="ogi 政府信息公开工作年度报告核对",
        version=__version__,
        description="Check government information disclosure annual reports; review findings; browse the corpus.",
        docs_url=None,  # Swagger UI would load its scripts from a CDN: nothing is fetched at run time
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.reader = UploadReader(url, jobs=workers, timeout=timeout)  # reads what a stopped server left too
    app.state.sessions = sessions
    app.state.db_url = url
    app.state.corpus = Corpus(store)
    app.state.pages = PageCache()
    templates = Jinja2Templates(directory=_dir("templates"))
    templates.env.globals["version"] = __version__
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=_dir("static")), name="static")

    app.add_middleware(SessionMiddleware, sessions=sessions, find_user=store.user)

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        if exc.status == 401:
            nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(nxt)}", status_code=303)
        return error_page(request, exc.status, exc.message)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.message, "files": exc.details}, status_code=exc.status)
        return error_page(request, exc.status, exc.message, exc.details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        msg = str(exc.detail)
        if not any("\u4e00" <= ch <= "\u9fff" for ch in msg):  # a framework message: say it in Chinese
            msg = GENERIC.get(exc.status_code, f"请求无法完成（{msg}）。")
        return error_page(request, exc.status_code, msg)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.errors()}, status_code=422)
        return error_page(request, 422, "提交的内容不完整或格式不对，请返回重新填写。")

    def error_page(request: Request, status: int, message: str, details: list[str] | None = None) -> Response:
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                "s": request.state.session,
                "status": status,
                "message": message,
                "details": details or [],
            },
            status_code=status,
        )

    app.state.error_page = error_page

    for r in (accounts.router, uploads.router, reports.router, browse.router, scores.router):
        app.include_router(r)
    return app
