"""Articles in and out of the store: ingest them with their claims in one step, so every
stored passage has a level, add one loaded article (an upload, a paste), extract again,
search their chunks.

The offline engine (rules and the learned judgment) costs well under a second an article and
needs nothing but the text, so it runs by default: `ask`, `summary` and the web page then
know how firmly each passage is stated. The LLM is an explicit choice (`claimscope extract
--engine llm`, the upload form's engine) because it costs money and time; its claims replace
the offline ones when it runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from claimscope.errors import ExtractionError, NotFoundError
from claimscope.extract import Extractor, extract_document, get_extractor
from claimscope.extract import Progress as ExtractionProgress
from claimscope.ingest import (
    EmbeddingProgress,
    IngestReport,
    Progress,
    RawInput,
    chunk_document,
    ingest,
    ingest_each,
    load_document,
)
from claimscope.models import Document, ExtractionReport, IngestResult, SearchHit
from claimscope.qa import PassageIndex, document_passages
from claimscope.settings import EngineChoice, Settings
from claimscope.store import EMPTY_STORE, Store


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


def ingest_articles(
    paths: Iterable[str],
    settings: Settings,
    with_claims: bool = True,
    progress: Progress | None = None,
    embedding_progress: EmbeddingProgress | None = None,
) -> IngestReport:
    """Ingest what can be (`ingest_each`: an input that cannot be read is reported, the
    others stored) and, unless `with_claims` is off, give the stored ones their claims."""
    report = ingest_each(paths, settings, progress, embedding_progress)
    if with_claims:
        add_claims(Store.open(settings), settings, report.results)
    return report


def add_article(
    store: Store, settings: Settings, raw: RawInput, extractor: Extractor
) -> IngestResult:
    """Store one checked input (an upload, a paste) with the claims of `extractor`, like
    `claimscope extract FILE`. An upload never replaces another stored article of the same
    file name: only the content identifies an article."""
    return add_document_with_claims(
        store, settings, load_document(raw), extractor, replaces_same_source=False
    )


def documents_to_extract(
    store: Store, settings: Settings, paths: Sequence[str], document_refs: Sequence[str]
) -> list[Document]:
    """The articles `paths` name, ingested (every input checked first, so a bad one stores
    nothing), then the stored documents `document_refs` name (ids or unambiguous prefixes)."""
    ingested = (
        [r.document.id for r in ingest(paths, settings=settings, store=store)] if paths else []
    )
    document_ids = ingested + [store.resolve(ref) for ref in document_refs]
    return [store.get_document(document_id) for document_id in document_ids]


def extract_stored(
    store: Store,
    settings: Settings,
    document: Document,
    extractor: Extractor,
    progress: ExtractionProgress | None = None,
) -> ExtractionReport:
    """Extract a stored document's claims and store them, replacing earlier ones unless the
    run produced nothing usable."""
    report = extract_document(document, settings, extractor=extractor, progress=progress)
    store.save_claims(report)
    return report


def search(
    store: Store, query: str, limit: int, document_refs: Sequence[str] = ()
) -> list[SearchHit]:
    """The chunks closest to `query`, best first, within the documents `document_refs` name
    (ids or prefixes; all by default)."""
    if store.is_empty():
        raise NotFoundError(EMPTY_STORE)
    document_ids = [store.resolve(ref) for ref in document_refs] or None
    return store.search(query, limit=limit, document_ids=document_ids)
