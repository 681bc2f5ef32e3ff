"""The Chroma store: documents, their chunks and their claims, in three collections.

A document's record is written last and removed first, so it acts as the commit
marker: chunks or claims without a document record are leftovers of an interrupted
write and are cleared before the document is written again. Opening and writing an
embedded store take a file lock so that two processes ingesting at once cannot
interleave (Chroma's first-open migrations race with each other otherwise).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from claimscope.embeddings import ClaimscopeEmbeddingFunction, embedding_function
from claimscope.errors import InputError, NotFoundError, StoreError
from claimscope.models import Chunk, Claim, Document, DocumentInfo, IngestResult, SearchHit
from claimscope.settings import Settings

DOCUMENTS = "claimscope-documents"
CHUNKS = "claimscope-chunks"
CLAIMS = "claimscope-claims"
STDIN_SOURCE = "<stdin>"

T = TypeVar("T")


def _chroma_settings() -> ChromaSettings:
    # A new object for each client: HttpClient writes its API choice into the one it gets.
    return ChromaSettings(anonymized_telemetry=False)


def _server_client(host: str, port: int) -> ClientAPI:
    try:
        client = chromadb.HttpClient(host=host, port=port, settings=_chroma_settings())
        client.heartbeat()
    except Exception as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise StoreError(f"cannot reach the Chroma server at {host}:{port} ({reason})") from error
    return client


def _embedded_client(path: Path) -> ClientAPI:
    try:
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except Exception as error:
        raise StoreError(f"cannot open the Chroma store in {path} ({error})") from error


class Store:
    """Documents, chunks and claims, with search over chunks and claims."""

    def __init__(
        self, client: ClientAPI, function: ClaimscopeEmbeddingFunction, lock_path: str | None
    ) -> None:
        self._function = function
        self._lock_path = lock_path
        metadata = {
            "hnsw:space": "cosine",
            **{f"embedding_{k}": str(v) for k, v in function.get_config().items()},
        }
        try:
            self.documents = self._collection(client, DOCUMENTS, metadata)
            self.chunks = self._collection(client, CHUNKS, metadata)
            self.claims = self._collection(client, CLAIMS, metadata)
        except StoreError:
            raise
        except Exception as error:
            raise StoreError(f"cannot open the store's collections ({error})") from error

    @classmethod
    def open(cls, settings: Settings) -> Store:
        if settings.chroma_host:
            client = _server_client(settings.chroma_host, settings.chroma_port)
            return cls(client, embedding_function(settings), None)
        function = embedding_function(settings)
        path = _writable_directory(settings.chroma_path)
        lock_path = str(settings.data_dir / "store.lock")
        with _exclusive(lock_path):
            return cls(_embedded_client(path), function, lock_path)

    def _collection(self, client: ClientAPI, name: str, metadata: dict[str, str]) -> Collection:
        collection = client.get_or_create_collection(
            name,
            embedding_function=self._function,  # type: ignore[arg-type]
            metadata=metadata,
        )
        stored_model = (collection.metadata or {}).get("embedding_model")
        if stored_model and stored_model != metadata["embedding_model"]:
            raise StoreError(
                f"the store was built with embeddings from {stored_model}; set "
                f"CLAIMSCOPE_EMBEDDING_BACKEND to match or use another CLAIMSCOPE_DATA_DIR"
            )
        return collection

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self._lock_path is None:
            with nullcontext():
                yield
            return
        with _exclusive(self._lock_path):
            yield

    # Documents -----------------------------------------------------------------------

    def add_document(self, document: Document, chunks: list[Chunk]) -> IngestResult:
        """Store a document and its chunks; an unchanged document adds nothing, a changed
        version of the same source path replaces the old one."""
        with self._writing(), _store_errors("write to"):
            if self.documents.get(ids=[document.id], include=[])["ids"]:
                return IngestResult(document=self.info(document.id), status="unchanged")
            replaced = self._previous_version(document)
            # Before any delete: a failure here leaves the store untouched.
            embeddings = self._function([c.text for c in chunks]) if chunks else []
            for old_id in [*replaced, document.id]:
                self._delete(old_id)
            if chunks:
                self.chunks.add(
                    ids=[c.id for c in chunks],
                    documents=[c.text for c in chunks],
                    embeddings=embeddings,
                    metadatas=[_chunk_metadata(c) for c in chunks],
                )
            self.documents.add(
                ids=[document.id],
                documents=[document.text],
                embeddings=self._function([document.title or document.text[:500]]),
                metadatas=[_document_metadata(document, len(chunks))],
            )
        status = "replaced" if replaced else "added"
        return IngestResult(
            document=self.info(document.id),
            status=status,
            replaced_document_id=replaced[0] if replaced else None,
        )

    def _previous_version(self, document: Document) -> list[str]:
        if document.source_path == STDIN_SOURCE:
            return []
        found = self.documents.get(where={"source_path": document.source_path}, include=[])
        return [i for i in found["ids"] if i != document.id]

    def _delete(self, document_id: str) -> None:
        self.documents.delete(ids=[document_id])
        self.chunks.delete(where={"document_id": document_id})
        self.claims.delete(where={"document_id": document_id})

    def resolve(self, document_id: str) -> str:
        """The full id of a stored document, given its id or an unambiguous prefix."""
        with _store_errors("read"):
            ids = self.documents.get(include=[])["ids"]
        matches = [i for i in ids if i.startswith(document_id)] if document_id else []
        if document_id in ids:
            return document_id
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise NotFoundError(
                f"document id '{document_id}' is ambiguous: {', '.join(sorted(matches))}"
            )
        raise NotFoundError(f"no stored document with id '{document_id}' (see 'claimscope docs')")

    def get_document(self, document_id: str) -> Document:
        full_id = self.resolve(document_id)
        with _store_errors("read"):
            found = self.documents.get(ids=[full_id], include=["documents", "metadatas"])
        metadata = found["metadatas"][0]  # type: ignore[index]
        return Document(
            id=full_id,
            text=found["documents"][0],  # type: ignore[index]
            title=str(metadata["title"]),
            source_path=str(metadata["source_path"]),
            language=str(metadata["language"]),
            content_type=str(metadata["content_type"]),
        )

    def info(self, document_id: str) -> DocumentInfo:
        with _store_errors("read"):
            found = self.documents.get(ids=[document_id], include=["metadatas"])
        if not found["ids"]:
            raise NotFoundError(f"no stored document with id '{document_id}'")
        return _info(document_id, found["metadatas"][0])  # type: ignore[index]

    def list_documents(self) -> list[DocumentInfo]:
        with _store_errors("read"):
            found = self.documents.get(include=["metadatas"])
        infos = [_info(i, m) for i, m in zip(found["ids"], found["metadatas"] or [], strict=True)]
        return sorted(infos, key=lambda info: (info.title.casefold(), info.id))

    def forget(self, document_id: str) -> DocumentInfo:
        full_id = self.resolve(document_id)
        info = self.info(full_id)
        with self._writing(), _store_errors("write to"):
            self._delete(full_id)
        return info

    # Chunks ---------------------------------------------------------------------------

    def embed_query(self, query: str) -> list[float]:
        """`query` embedded as the searches embed it, to search several times with one vector."""
        _require_text(query)
        return [float(x) for x in self._function.embed_query([query])[0]]

    def search(
        self,
        query: str,
        limit: int = 5,
        document_ids: list[str] | None = None,
        embedding: list[float] | None = None,
    ) -> list[SearchHit]:
        """The chunks closest to `query` (or to its `embedding`, when given), best first,
        optionally within some documents."""
        _require_text(query)
        with _store_errors("search"):
            count = self.chunks.count()
            if count == 0:
                return []
            found = self.chunks.query(
                **_query_input(query, embedding),
                n_results=min(limit, count),
                where=_within(document_ids),
                include=["documents", "metadatas", "distances"],
            )
        return [
            SearchHit(chunk=_chunk(chunk_id, text, metadata), score=1.0 - float(distance))
            for chunk_id, text, metadata, distance in zip(
                _first(found["ids"]),
                _first(found["documents"]),
                _first(found["metadatas"]),
                _first(found["distances"]),
                strict=True,
            )
        ]

    def document_chunks(self, document_id: str) -> list[Chunk]:
        with _store_errors("read"):
            found = self.chunks.get(
                where={"document_id": document_id}, include=["documents", "metadatas"]
            )
        chunks = [
            _chunk(i, t, m)
            for i, t, m in zip(
                found["ids"], found["documents"] or [], found["metadatas"] or [], strict=True
            )
        ]
        return sorted(chunks, key=lambda chunk: chunk.index)

    # Claims ---------------------------------------------------------------------------

    def replace_claims(self, document_id: str, claims: list[Claim]) -> None:
        """Store the claims extracted from a stored document, replacing earlier ones."""
        full_id = self.resolve(document_id)
        with self._writing(), _store_errors("write to"):
            embeddings = self._function([c.text for c in claims]) if claims else []
            self.claims.delete(where={"document_id": full_id})
            if claims:
                self.claims.add(
                    ids=[f"{full_id}:{c.id}" for c in claims],
                    documents=[c.text for c in claims],
                    embeddings=embeddings,
                    metadatas=[_claim_metadata(c, full_id) for c in claims],
                )

    def get_claims(self, document_id: str) -> list[Claim]:
        with _store_errors("read"):
            found = self.claims.get(where={"document_id": document_id}, include=["metadatas"])
        claims = [Claim.model_validate_json(str(m["claim_json"])) for m in found["metadatas"] or []]
        return sorted(claims, key=lambda claim: (claim.start, claim.end))

    def search_claims(
        self,
        query: str,
        limit: int = 5,
        document_ids: list[str] | None = None,
        embedding: list[float] | None = None,
    ) -> list[tuple[Claim, float]]:
        _require_text(query)
        with _store_errors("search"):
            count = self.claims.count()
            if count == 0:
                return []
            found = self.claims.query(
                **_query_input(query, embedding),
                n_results=min(limit, count),
                where=_within(document_ids),
                include=["metadatas", "distances"],
            )
        return [
            (Claim.model_validate_json(str(m["claim_json"])), 1.0 - float(d))
            for m, d in zip(_first(found["metadatas"]), _first(found["distances"]), strict=True)
        ]

    def claim_vectors(self, claims: list[Claim]) -> np.ndarray:
        """The stored unit embeddings of `claims`, one row each, in the order given."""
        if not claims:
            return np.zeros((0, 0), dtype=np.float32)
        ids = [f"{c.document_id}:{c.id}" for c in claims]
        with _store_errors("read"):
            found = self.claims.get(ids=ids, include=["embeddings"])
        by_id = dict(zip(found["ids"], found["embeddings"], strict=True))  # type: ignore[arg-type]
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise StoreError(f"claims without a stored embedding: {', '.join(missing[:3])}")
        vectors = np.asarray([by_id[i] for i in ids], dtype=np.float32)
        unit: np.ndarray = vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
        return unit


def _writable_directory(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the data directory {path} ({error.strerror})") from error
    if not os.access(path, os.W_OK | os.X_OK):
        raise StoreError(f"the data directory {path} is not writable")
    return path


@contextmanager
def _exclusive(lock_path: str) -> Iterator[None]:
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _store_errors(action: str) -> Iterator[None]:
    try:
        yield
    except StoreError:
        raise
    except Exception as error:
        raise StoreError(f"cannot {action} the store ({type(error).__name__}: {error})") from error


def _require_text(query: str) -> None:
    if not query.strip():
        raise InputError("the search query is empty")


def _query_input(query: str, embedding: list[float] | None) -> dict[str, Any]:
    return {"query_embeddings": [embedding]} if embedding else {"query_texts": [query]}


def _first(rows: list[list[T]] | None) -> list[T]:
    """The results of the one query sent (Chroma answers a list per query)."""
    return rows[0] if rows else []


def _within(document_ids: list[str] | None) -> Any:
    if not document_ids:
        return None
    if len(document_ids) == 1:
        return {"document_id": document_ids[0]}
    return {"document_id": {"$in": document_ids}}


def _document_metadata(document: Document, chunk_count: int) -> dict[str, Any]:
    return {
        "title": document.title,
        "source_path": document.source_path,
        "language": document.language,
        "content_type": document.content_type,
        "chunks": chunk_count,
        "characters": len(document.text),
    }


def _info(document_id: str, metadata: Any) -> DocumentInfo:
    return DocumentInfo(
        id=document_id,
        title=str(metadata["title"]),
        source_path=str(metadata["source_path"]),
        language=str(metadata["language"]),
        chunks=int(metadata["chunks"]),
        characters=int(metadata["characters"]),
    )


def _chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    return chunk.model_dump(exclude={"id", "text"})


def _chunk(chunk_id: str, text: str, metadata: Any) -> Chunk:
    return Chunk(id=chunk_id, text=text, **metadata)


def _claim_metadata(claim: Claim, document_id: str) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "hedging": claim.hedging.value,
        "source": claim.source or "",
        "start": claim.start,
        "end": claim.end,
        "claim_json": claim.model_dump_json(),
    }
