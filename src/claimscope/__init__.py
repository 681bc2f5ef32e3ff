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

from __future__ import annotations

from typing import TYPE_CHECKING

# Eager: the submodule `claimscope.ingest` would otherwise shadow the function of that name.
from claimscope.ingest import ingest
from claimscope.lazy import lazy_exports

if TYPE_CHECKING:
    from claimscope.errors import ClaimscopeError
    from claimscope.extract import extract_document
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

# Where each public name lives: imported on first use, so that `claimscope --help` does not
# load Chroma, LangChain and the embedding engine (bench/command_speed.py).
_HOMES = {
    "ClaimscopeError": "claimscope.errors",
    "extract_document": "claimscope.extract",
    **dict.fromkeys(
        (
            "Answer",
            "Chunk",
            "Claim",
            "Document",
            "DocumentInfo",
            "ExtractionReport",
            "HedgingLevel",
            "SearchHit",
        ),
        "claimscope.models",
    ),
    "Answerer": "claimscope.qa",
    "Settings": "claimscope.settings",
    "load_settings": "claimscope.settings",
    "Store": "claimscope.store",
    "summarize": "claimscope.summary",
}

__getattr__ = lazy_exports(__name__, _HOMES)


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
