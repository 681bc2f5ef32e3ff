"""The article page: the text with its claims highlighted, the selected claim, the claim
table (filtered, ordered, exported), and a button to extract the claims again."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimscope.errors import NotFoundError
from claimscope.highlight import highlight
from claimscope.models import Claim, Span
from claimscope.text import SUPPORTED_LANGUAGES
from claimscope.web.actions import extract_claims
from claimscope.web.claim_table import (
    ClaimQuery,
    level_counts,
    select_claims,
    source_counts,
    to_csv,
    to_jsonl,
)
from claimscope.web.context import WebContext, is_htmx, render, web_context
from claimscope.web.documents import go_to, parse_engine, read_form
from claimscope.web.security import same_origin_only

router = APIRouter(prefix="/documents/{document_id}")
Context = Annotated[WebContext, Depends(web_context)]
TableQuery = Annotated[ClaimQuery, Query()]
Offset = Annotated[int | None, Query(ge=0)]
CLAIM_TABLE_TARGET = "claim-table"

# Fixed texts for the notice after a redirect: nothing from the query string is echoed.
STORED_NOTICES = {
    "added": "The article was stored and its claims extracted.",
    "replaced": "A new version of the article replaced the old one; its claims were extracted.",
    "unchanged": "The article was already stored; its claims were extracted again.",
    "extracted": "The claims were extracted again.",
}


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


EXPORT_MEDIA_TYPES = {
    ExportFormat.JSONL: "application/x-ndjson; charset=utf-8",
    ExportFormat.CSV: "text/csv; charset=utf-8",
}


def _focus(text: str, start: int | None, end: int | None) -> Span | None:
    if start is None or end is None or start >= end:
        return None
    return Span(text=text[start:end], start=start, end=end)


@router.get("", response_class=HTMLResponse)
def article_page(
    request: Request,
    context: Context,
    document_id: str,
    query: TableQuery,
    claim: str | None = None,
    start: Offset = None,
    end: Offset = None,
    stored: str | None = None,
) -> HTMLResponse:
    store = context.store()
    document = store.get_document(document_id)
    claims = store.get_claims(document.id)
    table: dict[str, Any] = {
        "document": document,
        "claims": claims,
        "query": query,
        "table": select_claims(claims, query),
        "source_counts": source_counts(claims),
    }
    if is_htmx(request) and request.headers.get("HX-Target") == CLAIM_TABLE_TARGET:
        return render(request, "_claim_table.html", **table)
    return render(
        request,
        "article.html",
        pieces=highlight(document.text, claims, _focus(document.text, start, end)),
        level_counts=level_counts(claims),
        selected=next((c for c in claims if c.id == claim), None),
        notice=STORED_NOTICES.get(stored or ""),
        language_supported=document.language in SUPPORTED_LANGUAGES,
        **table,
    )


def _find_claim(context: WebContext, document_id: str, claim_id: str) -> tuple[str, Claim]:
    store = context.store()
    full_id = store.resolve(document_id)
    for claim in store.get_claims(full_id):
        if claim.id == claim_id:
            return full_id, claim
    raise NotFoundError(f"document {full_id} has no claim '{claim_id}'")


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_detail(request: Request, context: Context, document_id: str, claim_id: str) -> Response:
    full_id, claim = _find_claim(context, document_id, claim_id)
    if not is_htmx(request):
        anchor = quote(f"quote-{claim.id}")
        return RedirectResponse(
            f"/documents/{full_id}?claim={quote(claim.id)}#{anchor}", status_code=303
        )
    return render(request, "_claim_detail.html", claim=claim, document_id=full_id)


@router.get("/claims.{export_format}")
def export_claims(
    context: Context, document_id: str, export_format: ExportFormat, query: TableQuery
) -> Response:
    """The claims the table shows, in its order, as JSON Lines or CSV."""
    store = context.store()
    full_id = store.resolve(document_id)
    claims = select_claims(store.get_claims(full_id), query)
    body = to_jsonl(claims) if export_format is ExportFormat.JSONL else to_csv(claims)
    return Response(
        body,
        media_type=EXPORT_MEDIA_TYPES[export_format],
        headers={"Content-Disposition": f'attachment; filename="{full_id}-claims.{export_format}"'},
    )


@router.post("/extract", dependencies=[Depends(same_origin_only)])
async def extract_again(request: Request, context: Context, document_id: str) -> Response:
    form = await read_form(request, context.settings.max_file_bytes)
    engine = parse_engine(form.get("engine"))
    full_id = context.store().resolve(document_id)
    await run_in_threadpool(extract_claims, context, full_id, context.extractor(engine))
    return go_to(request, f"/documents/{full_id}?stored=extracted")
