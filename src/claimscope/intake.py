"""Store articles with their claims in one step, so every stored passage has a level.

`claimscope ingest` and the web page's upload both come here. The offline engine (rules and
the learned judgment) costs well under a second an article and needs nothing but the text,
so it runs by default: `ask`, `summary` and the web page then know how firmly each passage is
stated. The LLM is an explicit choice (`claimscope extract --engine llm`, the upload form's
engine) because it costs money and time; its claims replace the offline ones when it runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from claimscope.errors import ExtractionError
from claimscope.extract import Extractor, extract_document, get_extractor
from claimscope.ingest import Progress, chunk_document, ingest
from claimscope.models import Document, IngestResult
from claimscope.qa import PassageIndex, document_passages
from claimscope.settings import EngineChoice, Settings
from claimscope.store import Store


def offline_extractor(settings: Settings) -> Extractor:
    """The engine every ingested article gets its first claims from."""
    return get_extractor(settings, EngineChoice.OFFLINE)


def needs_claims(store: Store, result: IngestResult, extractor: Extractor | None) -> bool:
    """An extractor chosen explicitly always runs. By default a new or changed document gets
    the offline claims, and an unchanged one keeps those it has (perhaps an LLM's, which
    re-ingesting must not overwrite with the offline engine's)."""
    if extractor is not None:
        return True
    return result.status != "unchanged" or not store.get_claims(result.document.id)


def index_passages(settings: Settings, document: Document) -> None:
    """Embed the document's sentences now, sparing the first question the wait."""
    PassageIndex(settings).vectors(document, document_passages(document))


def store_claims(store: Store, settings: Settings, document_id: str, extractor: Extractor) -> None:
    document = store.get_document(document_id)
    store.save_claims(extract_document(document, settings, extractor=extractor))
    index_passages(settings, document)


def add_claims(
    store: Store,
    settings: Settings,
    results: Iterable[IngestResult],
    extractor: Extractor | None = None,
) -> None:
    """Give each ingested document the claims of `extractor`, or by default the offline
    engine's when it has none yet."""
    for result in results:
        if needs_claims(store, result, extractor):
            chosen = extractor or offline_extractor(settings)
            store_claims(store, settings, result.document.id, chosen)


def ingest_with_claims(
    paths: Iterable[str],
    settings: Settings,
    store: Store,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
) -> list[IngestResult]:
    """Ingest files, folders or `-` (every input checked first, as `ingest` does), then
    give the documents their claims (`add_claims`)."""
    results = ingest(paths, settings=settings, store=store, progress=progress)
    add_claims(store, settings, results, extractor)
    return results


def add_document_with_claims(
    store: Store,
    settings: Settings,
    document: Document,
    extractor: Extractor | None = None,
    replaces_same_source: bool = True,
) -> IngestResult:
    """Store one loaded document (an upload, a paste) with its claims. Extraction runs
    before anything is stored, so a failed run leaves the store untouched."""
    report = extract_document(
        document, settings, extractor=extractor or offline_extractor(settings)
    )
    if report.failure:
        raise ExtractionError(f"{document.source_path}: {report.failure}; nothing was stored")
    chunks = chunk_document(document, settings)
    result = store.add_document(document, chunks, replaces_same_source=replaces_same_source)
    store.save_claims(report)
    index_passages(settings, document)
    return result
