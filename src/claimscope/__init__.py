"""claimscope: the checkable claims of news articles, how firmly each is stated, and the proof.

The library API the CLI wraps::

    settings = Settings()                                   # environment and .env
    results = ingest(["article.txt"], settings=settings)    # -> list[IngestResult]
    store = Store.open(settings)
    document = store.get_document(results[0].document.id)
    report = extract_document(document, settings)           # -> ExtractionReport (claims)
    store.save_claims(report)
    answer = Answerer.open(settings).ask("Fino a quando...?")
    summary = summarize(store, settings)
"""

from claimscope.errors import ClaimscopeError
from claimscope.extract import extract_document
from claimscope.ingest import ingest
from claimscope.models import (
    Answer,
    Chunk,
    Claim,
    Document,
    DocumentInfo,
    ExtractionReport,
    HedgingLevel,
    SearchHit,
)
from claimscope.qa import Answerer
from claimscope.settings import Settings, load_settings
from claimscope.store import Store
from claimscope.summary import summarize

__all__ = [
    "Answer",
    "Answerer",
    "Chunk",
    "Claim",
    "ClaimscopeError",
    "Document",
    "DocumentInfo",
    "ExtractionReport",
    "HedgingLevel",
    "SearchHit",
    "Settings",
    "Store",
    "extract_document",
    "ingest",
    "load_settings",
    "summarize",
]
