"""The library calls behind the page's buttons: the same ones the CLI's commands make."""

from __future__ import annotations

from claimscope.errors import ExtractionError
from claimscope.extract import Extractor, extract_document
from claimscope.ingest import RawInput, chunk_document, load_document
from claimscope.models import ExtractionReport, IngestResult
from claimscope.settings import EngineChoice
from claimscope.web.context import WebContext


def extract_claims(context: WebContext, document_id: str, extractor: Extractor) -> ExtractionReport:
    """Extract a stored document's claims and store them, replacing earlier ones unless
    the run produced nothing usable."""
    store = context.store()
    document = store.get_document(document_id)
    report = extract_document(document, context.settings, extractor=extractor)
    store.save_claims(report)
    return report


def add_article(context: WebContext, raw: RawInput, engine: EngineChoice | None) -> IngestResult:
    """Ingest one checked input and extract its claims, like `claimscope extract FILE`.

    Extraction runs before anything is stored, so a misconfigured engine or a failed LLM
    run leaves the store untouched. An upload never replaces another stored article of the
    same file name: only the content identifies an article."""
    extractor = context.extractor(engine)
    document = load_document(raw)
    report = extract_document(document, context.settings, extractor=extractor)
    if report.failure:
        raise ExtractionError(f"{raw.source_path}: {report.failure}; nothing was stored")
    store = context.store()
    chunks = chunk_document(document, context.settings)
    result = store.add_document(document, chunks, replaces_same_source=False)
    store.save_claims(report)
    return result
