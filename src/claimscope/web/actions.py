"""The library calls behind the page's buttons: the same ones the CLI's commands make."""

from __future__ import annotations

from claimscope.extract import Extractor, extract_document
from claimscope.ingest import RawInput, chunk_document, load_document
from claimscope.models import ExtractionReport, IngestResult
from claimscope.settings import EngineChoice
from claimscope.web.context import WebContext


def extract_claims(context: WebContext, document_id: str, extractor: Extractor) -> ExtractionReport:
    """Extract a stored document's claims and store them, replacing earlier ones."""
    store = context.store()
    document = store.get_document(document_id)
    report = extract_document(document, context.settings, extractor=extractor)
    store.replace_claims(document.id, report.claims)
    return report


def add_article(context: WebContext, raw: RawInput, engine: EngineChoice | None) -> IngestResult:
    """Ingest one checked input and extract its claims, like `claimscope extract FILE`.

    The extractor is built first, so a misconfigured engine leaves the store untouched."""
    extractor = context.extractor(engine)
    document = load_document(raw)
    store = context.store()
    result = store.add_document(document, chunk_document(document, context.settings))
    extract_claims(context, result.document.id, extractor)
    return result
