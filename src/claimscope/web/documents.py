"""The documents page: what is stored, and a form to add an article (pasted or uploaded)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException

from claimscope.errors import InputError
from claimscope.ingest import RawInput, bytes_input, content_type_of
from claimscope.models import DocumentInfo, HedgingLevel
from claimscope.settings import EngineChoice
from claimscope.store import STDIN_SOURCE
from claimscope.web.actions import add_article
from claimscope.web.claim_table import level_counts
from claimscope.web.context import WebContext, is_htmx, render, web_context
from claimscope.web.security import same_origin_only

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]


class DocumentRow(BaseModel):
    info: DocumentInfo
    levels: dict[HedgingLevel, int]

    @property
    def total(self) -> int:
        return sum(self.levels.values())


@router.get("/", response_class=HTMLResponse)
def documents_page(request: Request, context: Context) -> HTMLResponse:
    store = context.store()
    rows = [
        DocumentRow(info=info, levels=level_counts(store.get_claims(info.id)))
        for info in store.list_documents()
    ]
    return render(
        request,
        "documents.html",
        documents=rows,
        max_file_bytes=context.settings.max_file_bytes,
        pasted_source=STDIN_SOURCE,
    )


def parse_engine(value: object) -> EngineChoice | None:
    if not value:
        return None
    try:
        return EngineChoice(str(value))
    except ValueError:
        raise InputError(f"unknown engine '{value}' (use auto, llm or rules)") from None


def go_to(request: Request, url: str) -> Response:
    """Send the browser to `url`: htmx follows a header, a plain form a 303."""
    if is_htmx(request):
        return Response(headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


async def read_form(request: Request, max_bytes: int) -> FormData:
    try:
        return await request.form(max_files=1, max_fields=4, max_part_size=max_bytes + 1)
    except MultiPartException as error:
        raise InputError(f"the form could not be read ({error.message})") from None


def upload_label(filename: str) -> str:
    """The uploaded file's own name, kept only as a label: the browser may send a path."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1].strip()


async def submitted_article(form: FormData, max_bytes: int) -> RawInput:
    """The pasted text or the uploaded file, checked like a file given to the CLI."""
    upload = form.get("file")
    text = str(form.get("text") or "")
    if isinstance(upload, UploadFile) and upload.filename:
        if text.strip():
            raise InputError("paste an article or choose a file, not both")
        name = upload_label(upload.filename)
        content_type = content_type_of(name)
        return bytes_input(name, await upload.read(max_bytes + 1), content_type, max_bytes)
    if not text.strip():
        raise InputError("paste an article or choose a .txt, .md or .html file")
    return bytes_input(STDIN_SOURCE, text.encode("utf-8"), "text/plain", max_bytes)


@router.post("/documents", dependencies=[Depends(same_origin_only)])
async def store_article(request: Request, context: Context) -> Response:
    max_bytes = context.settings.max_file_bytes
    form = await read_form(request, max_bytes)
    raw = await submitted_article(form, max_bytes)
    engine = parse_engine(form.get("engine"))
    result = await run_in_threadpool(add_article, context, raw, engine)
    return go_to(request, f"/documents/{result.document.id}?stored={result.status}")
