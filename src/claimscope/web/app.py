"""The FastAPI application: pages over the same service layer as the CLI, nothing of its own."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from claimscope.errors import (
    ClaimscopeError,
    ConfigError,
    EvalError,
    ExtractionError,
    InputError,
    NotFoundError,
)
from claimscope.extract import Extractor
from claimscope.settings import Settings
from claimscope.web import article, ask, documents, reports
from claimscope.web.context import STATIC_DIR, WebContext, render
from claimscope.web.security import FORM_OVERHEAD_BYTES, GuardMiddleware, allowed_hosts

# The most specific class found in an error's MRO decides its status.
ERROR_STATUS: dict[type[ClaimscopeError], int] = {
    NotFoundError: 404,
    InputError: 400,
    ConfigError: 400,
    ExtractionError: 502,
    EvalError: 500,
}


def status_of(error: ClaimscopeError) -> int:
    return next((ERROR_STATUS[c] for c in type(error).__mro__ if c in ERROR_STATUS), 500)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return render(
        request, "error.html", status_code=status_code, status=status_code, message=message
    )


async def claimscope_error(request: Request, error: Exception) -> HTMLResponse:
    assert isinstance(error, ClaimscopeError)
    return error_page(request, status_of(error), str(error))


async def http_error(request: Request, error: Exception) -> HTMLResponse:
    assert isinstance(error, HTTPException)
    message = error.detail if error.status_code != 404 else "no such page"
    return error_page(request, error.status_code, message)


async def invalid_request(request: Request, error: Exception) -> HTMLResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        f"{'.'.join(str(part) for part in problem['loc'][1:])}: {problem['msg']}"
        for problem in error.errors()
    ]
    return error_page(request, 400, "bad request: " + "; ".join(problems))


async def closes_the_form(request: Request) -> AsyncIterator[None]:
    """Close the form a page read once the page is done, whatever happened: an uploaded
    file waits in a temporary file until then."""
    try:
        yield
    finally:
        await request.close()


def create_app(settings: Settings, extractor: Extractor | None = None) -> FastAPI:
    """The web app over one store. `extractor` replaces the engine chosen by the settings
    (tests use it to run the plumbing with hand-made claims)."""
    app = FastAPI(
        title="claimscope",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(closes_the_form)],
    )
    app.state.web = WebContext(settings, extractor)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings.web_host))
    # Added last, so it is outermost: its headers reach every response, refusals included.
    app.add_middleware(
        GuardMiddleware, max_body_bytes=settings.max_file_bytes + FORM_OVERHEAD_BYTES
    )
    app.add_exception_handler(ClaimscopeError, claimscope_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in (documents.router, article.router, ask.router, reports.router):
        app.include_router(router)
    return app
