"""The ask page: a question, and the answer whose numbered citations open the article at the
highlighted quote. The answer is `claimscope ask`'s, hedges and all."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from claimscope.models import Answer, Citation
from claimscope.web.context import WebContext, render, web_context
from claimscope.web.documents import parse_engine, read_form
from claimscope.web.security import same_origin_only

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]
CITATION_MARK = re.compile(r"\[(\d+)\]")


class AnswerPiece(BaseModel):
    """A run of the answer's text, or one of its citation marks."""

    text: str
    citation: Citation | None = None


def citation_url(citation: Citation) -> str:
    """The article, with the cited span outlined and scrolled to (and its claim selected)."""
    params: dict[str, str | int] = {"start": citation.start, "end": citation.end}
    if citation.claim_id:
        params["claim"] = citation.claim_id
    return f"/documents/{citation.document_id}?{urlencode(params)}#cited"


def unique_citations(answer: Answer) -> list[Citation]:
    """Each number once, in order (an LLM answer may cite one quote in two statements)."""
    by_number = {c.number: c for c in reversed(answer.citations)}
    return [by_number[n] for n in sorted(by_number)]


def answer_pieces(answer: Answer) -> list[AnswerPiece]:
    """The answer's text cut at its [n] marks; a mark with no citation stays plain text."""
    citations = {c.number: c for c in answer.citations}
    pieces = []
    position = 0
    for mark in CITATION_MARK.finditer(answer.text):
        citation = citations.get(int(mark.group(1)))
        if citation is None:
            continue
        pieces.append(AnswerPiece(text=answer.text[position : mark.start()]))
        pieces.append(AnswerPiece(text=mark.group(0), citation=citation))
        position = mark.end()
    pieces.append(AnswerPiece(text=answer.text[position:]))
    return [p for p in pieces if p.text]


# The page carries this many earlier questions of a conversation (a hidden field).
CONVERSATION_TURNS = 5


def earlier_questions(value: object, max_chars: int) -> list[str]:
    """The conversation's earlier questions from the page's hidden field: one a line, the
    last CONVERSATION_TURNS, each cut to the longest question accepted."""
    lines = [line.strip()[:max_chars] for line in str(value or "").splitlines()]
    return [line for line in lines if line][-CONVERSATION_TURNS:]


def conversation_after(earlier: list[str], question: str) -> str:
    """The hidden field's value once `question` is asked."""
    return "\n".join([*earlier, question.strip()][-CONVERSATION_TURNS:])


def _page(request: Request, context: WebContext, **values: Any) -> HTMLResponse:
    values.setdefault("question", "")
    values.setdefault("chosen_document", "")
    values.setdefault("chosen_engine", "auto")
    values.setdefault("conversation", "")
    return render(
        request,
        "ask.html",
        documents=context.store().list_documents(),
        max_question_chars=context.settings.max_question_chars,
        **values,
    )


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, context: Context, doc: str = "") -> HTMLResponse:
    chosen = context.store().resolve(doc) if doc else ""
    return _page(request, context, chosen_document=chosen)


@router.post("/ask", response_class=HTMLResponse, dependencies=[Depends(same_origin_only)])
async def answer(request: Request, context: Context) -> HTMLResponse:
    form = await read_form(request, context.settings.max_question_chars * 4)
    question = str(form.get("question") or "")
    document = str(form.get("document") or "")
    engine = parse_engine(form.get("engine"))
    earlier = earlier_questions(form.get("earlier"), context.settings.max_question_chars)
    # Imported here: answering loads LangChain, which starting the page need not wait for.
    from claimscope.service import answers

    result = await run_in_threadpool(
        answers.ask, context.settings, question, [document] if document else [], engine, earlier
    )
    values: dict[str, Any] = {
        "conversation": conversation_after(earlier, question),
        "earlier": earlier,
        "answer": result,
        "pieces": answer_pieces(result),
        "citations": unique_citations(result),
        "citation_url": citation_url,
    }
    if request.headers.get("HX-Target") == "answer":
        return render(request, "_answer.html", **values)
    return _page(
        request,
        context,
        question=question,
        chosen_document=document,
        chosen_engine=engine.value if engine else "auto",
        **values,
    )
