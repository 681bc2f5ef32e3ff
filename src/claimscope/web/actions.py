"""The page's buttons, run in a worker thread: the service layer's use cases over the app's
store and extractor (the same calls the CLI's commands make)."""

from __future__ import annotations

from claimscope.extract import Extractor
from claimscope.ingest import RawInput
from claimscope.models import ExtractionReport, IngestResult
from claimscope.service import articles
from claimscope.settings import EngineChoice
from claimscope.web.context import WebContext


def extract_claims(context: WebContext, document_id: str, extractor: Extractor) -> ExtractionReport:
    store = context.store()
    document = store.get_document(document_id)
    return articles.extract_stored(store, context.settings, document, extractor)


def add_article(context: WebContext, raw: RawInput, engine: EngineChoice | None) -> IngestResult:
    """Extraction runs before anything is stored, so a misconfigured engine or a failed LLM
    run leaves the store untouched."""
    extractor = context.extractor(engine)
    return articles.add_article(context.store(), context.settings, raw, extractor)
