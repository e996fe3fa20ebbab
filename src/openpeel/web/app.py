"""The FastAPI application: routes, sessions, assets served locally, and errors without tracebacks."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from openpeel.errors import OpenpeelError
from openpeel.settings import ComparisonSettings
from openpeel.web import api, auth, page_cache, pages, workspace
from openpeel.web.context import BadParameter, render
from openpeel.web.data import NotFound
from openpeel.web.disclosure import DEFAULT_THRESHOLD
from openpeel.web.policy import Denied
from openpeel.web.state import WebState
from openpeel.web.store import StoreHolder, StoreUnavailable
from openpeel.web.workspace_state import Workspace

log = logging.getLogger("openpeel.web")

STATIC = Path(__file__).parent / "static"

# Every page may load only what this server serves: no font, script or image from elsewhere.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


class FrontendMissing(OpenpeelError, RuntimeError):
    """The npm packages the pages need are not installed."""


def frontend_dir() -> Path:
    """Where scripts/setup installed the npm packages (``OPENPEEL_FRONTEND`` to point elsewhere)."""
    configured = os.environ.get("OPENPEEL_FRONTEND")
    folder = Path(configured) if configured else Path(__file__).resolve().parents[3] / "frontend" / "node_modules"
    if not (folder / "govuk-frontend" / "dist" / "govuk").is_dir() or not (folder / "htmx.org" / "dist").is_dir():
        raise FrontendMissing(
            f"the web front end is not installed in {folder}: run scripts/setup (it runs npm ci in frontend/), "
            "or set OPENPEEL_FRONTEND to a node_modules folder holding govuk-frontend and htmx.org"
        )
    return folder


def create_app(
    store_path: str | Path,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    secure_cookies: bool = False,
    settings: ComparisonSettings | None = None,
) -> FastAPI:
    """The web service over the store at ``store_path``, its state in the SQLite file beside it."""
    if threshold < 1:
        raise OpenpeelError("the disclosure threshold must be 1 or more")
    frontend = frontend_dir()
    state = WebState.beside(store_path)
    app = FastAPI(
        title="openpeel",
        version="1",
        description="PEEL figures for the police forces of England and Wales: the same data as the pages, as JSON.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,  # /api/docs is served locally
    )
    app.state.holder = StoreHolder(store_path, settings)
    app.state.web = state
    app.state.workspace = Workspace(state)
    app.state.threshold = threshold
    app.state.reports_dir = reports_dir(store_path)
    app.state.pages = page_cache.install(app, Path(store_path))  # inside the session middleware
    app.add_middleware(
        SessionMiddleware,
        secret_key=state.secret(),
        session_cookie="openpeel_session",
        max_age=8 * 3600,
        same_site="strict",
        https_only=secure_cookies,
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    govuk = frontend / "govuk-frontend" / "dist" / "govuk"
    app.mount("/assets", StaticFiles(directory=govuk / "assets"), name="govuk-assets")
    app.mount("/static/govuk", StaticFiles(directory=govuk), name="govuk")
    app.mount("/static/htmx", StaticFiles(directory=frontend / "htmx.org" / "dist"), name="htmx")
    app.mount("/static/app", StaticFiles(directory=STATIC), name="app")
    app.include_router(api.router)
    app.include_router(auth.router)
    app.include_router(workspace.router)
    app.include_router(pages.router)
    _errors(app)
    return app


def reports_dir(store_path: str | Path) -> Path:
    """Where published reports are copied: ``openpeel.duckdb`` -> ``openpeel.reports/``."""
    store_path = Path(store_path)
    return store_path.with_name(f"{store_path.stem}.reports")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _errors(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        if _wants_json(request):
            return JSONResponse({"detail": str(exc), "known": [k for k, _ in exc.known]}, status_code=404)
        return render(request, "error.html", 404, title="Page not found", message=str(exc), known=exc.known)

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter):
        detail = [{"loc": ["query", exc.field], "msg": str(exc), "type": "value_error"}]
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=422)
        return render(
            request,
            "error.html",
            422,
            title="There is a problem with the address",
            message=f"{exc.field}: {exc}",
            known=[],
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=422)
        lines = [f"{e['loc'][-1]}: {e['msg']}" for e in detail]
        return render(
            request, "error.html", 422, title="There is a problem with the address", message="; ".join(lines), known=[]
        )

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied):
        status = 403 if exc.signed_in else 401
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=status)
        if not exc.signed_in:
            return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)
        return render(request, "error.html", 403, title="You cannot see this page", message=str(exc), known=[])

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable):
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=503)
        return render(
            request, "error.html", 503, title="The figures are not available just now", message=str(exc), known=[]
        )

    @app.exception_handler(OpenpeelError)
    async def user_error(request: Request, exc: OpenpeelError):
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return render(request, "error.html", 400, title="That cannot be shown", message=str(exc), known=[])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        title = {404: "Page not found", 405: "That cannot be done here"}.get(exc.status_code, "Something went wrong")
        return render(request, "error.html", exc.status_code, title=title, message=str(exc.detail), known=[])

    @app.exception_handler(Exception)
    async def fault(request: Request, exc: Exception):
        # a fault in openpeel: the traceback goes to the server's log, never into a response
        log.exception("fault serving %s", request.url.path)
        message = "a fault in openpeel stopped this page; it has been logged"
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=500)
        return render(request, "error.html", 500, title="Sorry, something went wrong", message=message, known=[])
