"""The summary and eval pages: the library's own self-contained HTML reports, shown in a
sandboxed frame (they carry their own styles, which the pages' policy forbids)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from claimscope.service import reports
from claimscope.web.context import WebContext, render, web_context
from claimscope.web.documents import go_to, parse_engine, read_form
from claimscope.web.security import same_origin_only

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]

# A report runs no script, loads nothing, and may only be framed by these pages.
REPORT_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "frame-ancestors 'self'; sandbox"
    ),
    "X-Frame-Options": "SAMEORIGIN",
}
EVAL_FORM_BYTES = 1024


def report_response(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers=REPORT_HEADERS)


# Summary --------------------------------------------------------------------------------


def summary_html(context: WebContext, document: str) -> str:
    from claimscope.summary import render_html

    documents = [document] if document else []
    return render_html(reports.summary(context.store(), context.settings, documents))


@router.get("/summary", response_class=HTMLResponse)
def summary_page(request: Request, context: Context, doc: str = "") -> HTMLResponse:
    store = context.store()
    chosen = store.resolve(doc) if doc else ""
    return render(request, "summary.html", documents=store.list_documents(), chosen_document=chosen)


# Same origin only: with an LLM configured the report's overview spends tokens, which
# another site's page must not do by framing this address.
@router.get("/summary.html", response_class=HTMLResponse, dependencies=[Depends(same_origin_only)])
async def summary_report(context: Context, doc: str = "") -> HTMLResponse:
    return report_response(await run_in_threadpool(summary_html, context, doc))


# Eval -----------------------------------------------------------------------------------


def eval_report_html(path: Path) -> str:
    from claimscope.eval.report import render_report
    from claimscope.eval.results import load_result

    return render_report(load_result(path))


@router.get("/eval", response_class=HTMLResponse)
def eval_page(request: Request, context: Context) -> HTMLResponse:
    latest = reports.latest_eval_result(context.settings)
    return render(request, "eval.html", latest=latest.name if latest else None)


@router.get("/eval/report.html", response_class=HTMLResponse)
async def eval_report(context: Context) -> Response:
    latest = reports.latest_eval_result(context.settings)
    if latest is None:
        return report_response("<!doctype html><title>No eval yet</title><p>No eval run yet.</p>")
    return report_response(await run_in_threadpool(eval_report_html, latest))


@router.post("/eval", dependencies=[Depends(same_origin_only)])
async def eval_run(request: Request, context: Context) -> Response:
    form = await read_form(request, EVAL_FORM_BYTES)
    await run_in_threadpool(
        reports.keep_eval_run, context.settings, parse_engine(form.get("engine"))
    )
    return go_to(request, "/eval")
