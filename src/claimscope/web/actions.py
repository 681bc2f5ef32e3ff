"""The library calls behind the page's buttons: the same ones the CLI's commands make."""

from __future__ import annotations

from claimscope.extract import Extractor, extract_document
from claimscope.ingest import RawInput, load_document
from claimscope.intake import add_document_with_claims
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
    return add_document_with_claims(
        context.store(), context.settings, document, extractor, replaces_same_source=False
    )
