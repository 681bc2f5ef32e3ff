"""The summary and eval pages: the library's own self-contained HTML reports, shown in a
sandboxed frame (they carry their own styles, which the pages' policy forbids)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from claimscope.extract import resolve_engine
from claimscope.settings import EngineChoice
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


def eval_results_dir(context: WebContext) -> Path:
    return context.settings.data_dir / "eval-results"


def latest_eval_result(context: WebContext) -> Path | None:
    """The newest result saved by the eval page (names sort by time)."""
    folder = eval_results_dir(context)
    found = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return found[-1] if found else None


# Summary --------------------------------------------------------------------------------


def summary_html(context: WebContext, document: str) -> str:
    from claimscope.summary import llm_overview, render_html, summarize

    store = context.store()
    document_ids = [store.resolve(document)] if document else []
    use_llm = resolve_engine(context.settings) is EngineChoice.LLM
    overview = llm_overview(context.settings) if use_llm else None
    return render_html(summarize(store, context.settings, document_ids, overview))


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


def run_eval(context: WebContext, engine: EngineChoice | None) -> Path:
    """Score the engine on the project's gold, like `claimscope eval --engine E --json F`."""
    from claimscope.eval.harness import evaluate
    from claimscope.eval.results import save_result

    result = evaluate(context.settings, None, engine)
    folder = eval_results_dir(context)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{result.engine}.json"
    save_result(result, path)
    return path


def eval_report_html(path: Path) -> str:
    from claimscope.eval.report import render_report
    from claimscope.eval.results import load_result

    return render_report(load_result(path))


@router.get("/eval", response_class=HTMLResponse)
def eval_page(request: Request, context: Context) -> HTMLResponse:
    latest = latest_eval_result(context)
    return render(request, "eval.html", latest=latest.name if latest else None)


@router.get("/eval/report.html", response_class=HTMLResponse)
async def eval_report(context: Context) -> Response:
    latest = latest_eval_result(context)
    if latest is None:
        return report_response("<!doctype html><title>No eval yet</title><p>No eval run yet.</p>")
    return report_response(await run_in_threadpool(eval_report_html, latest))


@router.post("/eval", dependencies=[Depends(same_origin_only)])
async def eval_run(request: Request, context: Context) -> Response:
    form = await read_form(request, EVAL_FORM_BYTES)
    await run_in_threadpool(run_eval, context, parse_engine(form.get("engine")))
    return go_to(request, "/eval")
