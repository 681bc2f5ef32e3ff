"""The Chroma store: documents, chunks and claims; replacement, forgetting, search, failures."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import chromadb
import numpy as np
import pytest

from claimscope.embeddings import ClaimscopeEmbeddingFunction
from claimscope.errors import InputError, NotFoundError, StoreError
from claimscope.ingest import RawInput, chunk_document, ingest, load_document
from claimscope.models import Claim, Document, HedgingLevel
from claimscope.settings import EmbeddingBackend, Settings
from claimscope.store import Store, _embedded_client
from fakes import refused_connection

ARTICLE_IT = (
    "Telvia compra FibraNet\n\n"
    "Telvia ha annunciato l'acquisto di FibraNet per 3 miliardi di euro.\n\n"
    "Secondo fonti vicine al dossier, l'Antitrust potrebbe chiedere la cessione della rete "
    "in Lombardia.\n"
)
ARTICLE_EN = (
    "Orbital lays off staff\n\n"
    "The satellite maker Orbital will cut 400 jobs in Texas, the company said on Tuesday.\n"
)


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store.open(settings)


def add(store: Store, settings: Settings, path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    (result,) = ingest([str(path)], settings=settings, store=store)
    return result.document.id


def claim(document_id: str, text: str = "Telvia buys FibraNet") -> Claim:
    quote = "Telvia ha annunciato l'acquisto di FibraNet per 3 miliardi di euro."
    start = ARTICLE_IT.index(quote)
    return Claim(
        id="c1",
        text=text,
        quote=quote,
        start=start,
        end=start + len(quote),
        hedging=HedgingLevel.ASSERTED,
        document_id=document_id,
    )


def test_document_round_trip_keeps_text_and_metadata(
    tmp_path: Path, settings: Settings, store: Store
) -> None:
    document_id = add(store, settings, tmp_path / "telvia.txt", ARTICLE_IT)
    document = store.get_document(document_id)
    assert document.text == ARTICLE_IT
    assert document.title == "Telvia compra FibraNet"
    assert document.language == "it"
    assert document.source_path == str((tmp_path / "telvia.txt").resolve())
    (info,) = store.list_documents()
    assert (info.id, info.characters) == (document_id, len(ARTICLE_IT))
    chunks = store.document_chunks(document_id)
    assert info.chunks == len(chunks) >= 1
    assert all(ARTICLE_IT[c.start : c.end] == c.text for c in chunks)
    assert (settings.data_dir / "chroma" / "chroma.sqlite3").is_file()  # embedded, in the data dir


@pytest.fixture
def with_claim(tmp_path: Path, settings: Settings, store: Store) -> tuple[Path, str]:
    """The Italian article stored from a file, with one claim: (its path, its id)."""
    path = tmp_path / "telvia.txt"
    document_id = add(store, settings, path, ARTICLE_IT)
    store.replace_claims(document_id, [claim(document_id)])
    return path, document_id


def test_reingesting_the_same_document_adds_nothing(
    with_claim: tuple[Path, str], settings: Settings, store: Store
) -> None:
    path, document_id = with_claim
    chunk_count = store.chunks.count()
    (again,) = ingest([str(path)], settings=settings, store=store)
    assert again.status == "unchanged"
    assert store.chunks.count() == chunk_count
    assert store.documents.count() == 1
    assert [c.text for c in store.get_claims(document_id)] == ["Telvia buys FibraNet"]


def test_changed_version_replaces_chunks_and_claims(
    with_claim: tuple[Path, str], settings: Settings, store: Store
) -> None:
    path, old_id = with_claim
    path.write_text(ARTICLE_IT + "\nAggiornamento: l'Antitrust ha aperto un'istruttoria.\n")
    (result,) = ingest([str(path)], settings=settings, store=store)
    assert result.status == "replaced"
    assert result.replaced_document_id == old_id
    assert [d.id for d in store.list_documents()] == [result.document.id]
    assert store.chunks.get(where={"document_id": old_id})["ids"] == []
    assert store.get_claims(old_id) == []
    assert store.claims.count() == 0
    assert any("istruttoria" in c.text for c in store.document_chunks(result.document.id))


def test_standard_input_documents_never_replace_each_other(
    settings: Settings, store: Store
) -> None:
    for text in (ARTICLE_IT, ARTICLE_EN):
        document = load_document(RawInput("<stdin>", text.encode("utf-8"), "text/plain"))
        store.add_document(document, chunk_document(document, settings))
    assert len(store.list_documents()) == 2


def test_failed_embedding_leaves_the_old_version_in_place(
    tmp_path: Path, settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "telvia.txt"
    old_id = add(store, settings, path, ARTICLE_IT)

    def broken(_texts: list[str]) -> list[list[float]]:
        raise RuntimeError("embedding engine crashed")

    monkeypatch.setattr(store, "_function", broken)
    path.write_text(ARTICLE_IT + "\nUna riga nuova.\n")
    with pytest.raises(StoreError, match="embedding engine crashed"):
        ingest([str(path)], settings=settings, store=store)
    assert [d.id for d in store.list_documents()] == [old_id]
    assert len(store.document_chunks(old_id)) >= 1


def test_forget_removes_document_chunks_and_claims_by_prefix(
    tmp_path: Path, settings: Settings, store: Store
) -> None:
    kept = add(store, settings, tmp_path / "orbital.txt", ARTICLE_EN)
    gone = add(store, settings, tmp_path / "telvia.txt", ARTICLE_IT)
    store.replace_claims(gone, [claim(gone)])
    info = store.forget(gone[:6])
    assert info.id == gone
    assert [d.id for d in store.list_documents()] == [kept]
    assert store.chunks.get(where={"document_id": gone})["ids"] == []
    assert store.claims.count() == 0
    with pytest.raises(NotFoundError, match="no stored document"):
        store.forget(gone)


def test_resolve_refuses_unknown_and_ambiguous_ids(store: Store) -> None:
    for document_id in ("abc1000000000000", "abc2000000000000"):
        document = Document(
            id=document_id, title="t", text="t", source_path="<stdin>", language="en"
        )
        store.add_document(document, [])
    assert store.resolve("abc1") == "abc1000000000000"
    assert store.resolve("abc2000000000000") == "abc2000000000000"
    with pytest.raises(NotFoundError, match="no stored document with id 'zzz'"):
        store.resolve("zzz")
    with pytest.raises(NotFoundError, match="'abc' is ambiguous: abc1000000000000, abc2"):
        store.resolve("abc")


def test_search_finds_the_chunk_that_answers_across_languages(
    tmp_path: Path, settings: Settings, store: Store
) -> None:
    assert store.search("Telvia") == []  # empty store
    telvia = add(store, settings, tmp_path / "telvia.txt", ARTICLE_IT)
    orbital = add(store, settings, tmp_path / "orbital.txt", ARTICLE_EN)
    (best, *_) = store.search("Quanti posti di lavoro taglierà Orbital?", limit=3)
    assert best.chunk.document_id == orbital
    assert "400 jobs" in best.chunk.text
    hits = store.search("layoffs", limit=10, document_ids=[telvia])
    assert hits and {h.chunk.document_id for h in hits} == {telvia}
    scores = [h.score for h in store.search("acquisto di FibraNet", limit=5)]
    assert scores == sorted(scores, reverse=True)


def test_blank_query_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="query is empty"):
        store.search("  ")


def test_claims_are_stored_searched_and_replaced(
    tmp_path: Path, settings: Settings, store: Store
) -> None:
    document_id = add(store, settings, tmp_path / "telvia.txt", ARTICLE_IT)
    store.replace_claims(document_id[:6], [claim(document_id)])
    ((found, score),) = store.search_claims("who is buying FibraNet?", limit=3)
    assert found == claim(document_id)
    assert 0 < score <= 1
    store.replace_claims(document_id, [])
    assert store.get_claims(document_id) == []


def test_store_refuses_another_embedding_model(settings: Settings, store: Store) -> None:
    other = settings.model_copy(update={"embedding_backend": EmbeddingBackend.USE})
    with pytest.raises(StoreError, match="built with embeddings from multilingual-e5"):
        Store.open(other)


def test_telemetry_is_off(settings: Settings) -> None:
    assert _embedded_client(settings.chroma_path).get_settings().anonymized_telemetry is False


def test_data_dir_that_is_a_file_is_a_store_error(tmp_path: Path) -> None:
    occupied = tmp_path / "occupied"
    occupied.write_text("not a folder")
    with pytest.raises(StoreError, match=r"cannot create the data directory .*Not a directory"):
        Store.open(Settings(data_dir=occupied))


def test_unreachable_chroma_server_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The connection fails at the client here; the real closed port runs in the server tier.
    monkeypatch.setattr(chromadb, "HttpClient", refused_connection)
    with pytest.raises(StoreError, match=r"cannot reach the Chroma server at 127\.0\.0\.1:9"):
        Store.open(Settings(data_dir=tmp_path / "data", chroma_host="127.0.0.1", chroma_port=9))


class RecordingEmbedder:
    """Keeps what it was asked to embed; every vector is the same."""

    model_name = "recording"
    dimension = 2

    def __init__(self) -> None:
        self.seen: list[str] = []

    def passages(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.ones((len(texts), self.dimension), dtype=np.float32)

    def queries(self, texts: list[str]) -> np.ndarray:
        return self.passages(texts)


def test_embeddings_see_nfc_single_spaced_text() -> None:
    recorder = RecordingEmbedder()
    function = ClaimscopeEmbeddingFunction(recorder, "e5")
    function([unicodedata.normalize("NFD", "Città  e\n\npaese ")])
    function.embed_query([unicodedata.normalize("NFD", " perché\tno")])
    assert recorder.seen == ["Città e paese", "perché no"]


def test_forget_removes_chunks_and_claims_that_lost_their_document(
    settings: Settings, store: Store
) -> None:
    # A store written before repairs existed may hold chunks without a document record.
    document = load_document(RawInput("orphan.txt", ARTICLE_IT.encode(), "text/plain"))
    chunks = chunk_document(document, settings)
    store.chunks.add(
        ids=[c.id for c in chunks],
        documents=[c.text for c in chunks],
        metadatas=[c.model_dump(exclude={"id", "text"}) for c in chunks],
    )
    forgotten = store.forget(document.id)
    assert (forgotten.id, forgotten.chunks) == (document.id, len(chunks))
    assert store.chunks.count() == 0
    with pytest.raises(NotFoundError):
        store.forget(document.id)
