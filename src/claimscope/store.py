"""The Chroma store: documents, their chunks and their claims, in three collections.

A document's record is written last and removed first, so it acts as the commit
marker: chunks or claims without a document record are leftovers of an interrupted
write and are cleared before the document is written again. Opening and writing an
embedded store take a file lock so that two processes ingesting at once cannot
interleave (Chroma's first-open migrations race with each other otherwise).

An embedded Chroma client keeps its vector index in memory: once another process has
written, a long-lived process (the web page) would search a stale index. Every write
stamps `store.generation` with a new value; before each read or write, a process whose
client saw an older stamp reopens it. docs/store.md says what this guarantees.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from claimscope.embeddings import ClaimscopeEmbeddingFunction, embedding_function
from claimscope.errors import ExtractionError, InputError, NotFoundError, StoreError
from claimscope.models import (
    Chunk,
    Claim,
    Document,
    DocumentInfo,
    ExtractionReport,
    IngestResult,
    SearchHit,
)
from claimscope.settings import Settings

DOCUMENTS = "claimscope-documents"
CHUNKS = "claimscope-chunks"
CLAIMS = "claimscope-claims"
STDIN_SOURCE = "<stdin>"
EMPTY_STORE = "the store holds no articles: add some with 'claimscope ingest PATH'"
"""What a use case that needs articles says when the store holds none."""
GENERATION_FILE = "store.generation"
# Chunks embedded per call: progress is reported after each batch.
EMBEDDING_BATCH = 64
PENDING_FILE = "store.pending"

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


class _Connection:
    """The client of one store in this process, shared by every Store object on it.

    An embedded client keeps the vector index in memory, so once another process has
    written (the generation file changed) it is closed and opened again. Chroma caches one
    client system per directory and process, so only one connection may exist per
    directory, and its users take turns (`lock`): a reopen never pulls the client from
    under a running query."""

    def __init__(self, open_client: Callable[[], ClientAPI], data_dir: Path | None) -> None:
        self.lock = threading.RLock()
        self._open_client = open_client
        self._generation_path = data_dir / GENERATION_FILE if data_dir else None
        self._generation = _read_generation(self._generation_path)
        self.client = open_client()

    def catch_up(self) -> None:
        """Reopen the client if another process wrote since this one last looked."""
        generation = _read_generation(self._generation_path)
        if generation != self._generation:
            self.client.close()  # type: ignore[attr-defined]  # on the concrete Client
            self.client = self._open_client()
            self._generation = generation

    def wrote(self) -> None:
        """Tell the other processes that the store changed."""
        if self._generation_path is not None:
            self._generation = _write_generation(self._generation_path)


_embedded_connections: dict[Path, _Connection] = {}
_embedded_connections_lock = threading.Lock()


def _embedded_connection(settings: Settings) -> _Connection:
    path = settings.chroma_path.resolve()
    with _embedded_connections_lock:
        if path not in _embedded_connections:
            _embedded_connections[path] = _Connection(
                lambda: _embedded_client(path), settings.data_dir
            )
        return _embedded_connections[path]


class Store:
    """Documents, chunks and claims, with search over chunks and claims.

    An embedded store takes a file lock to write; a write in progress is recorded in
    the pending-writes file and its leftovers are removed by the next process to open
    or write the store (a process killed mid-write leaves no orphans behind)."""

    def __init__(
        self,
        connection: _Connection,
        function: ClaimscopeEmbeddingFunction,
        data_dir: Path | None,
    ) -> None:
        """`data_dir` holds the lock and journal files of an embedded store; a Chroma
        server (None) is its own guard."""
        self._function = function
        self._connection = connection
        self._lock_path = str(data_dir / "store.lock") if data_dir else None
        self._pending_path = data_dir / PENDING_FILE if data_dir else None
        self._client: ClientAPI | None = None
        with connection.lock:
            self._follow()

    @classmethod
    def open(cls, settings: Settings) -> Store:
        function = embedding_function(settings)
        if settings.chroma_host:
            host, port = settings.chroma_host, settings.chroma_port
            return cls(_Connection(lambda: _server_client(host, port), None), function, None)
        _writable_directory(settings.chroma_path)
        with _exclusive(str(settings.data_dir / "store.lock")):
            store = cls(_embedded_connection(settings), function, settings.data_dir)
            with store._connection.lock, _store_errors("repair"):
                store._finish_interrupted_write()
        return store

    def _follow(self) -> None:
        """The collections of the connection's current client."""
        self._connection.catch_up()
        if self._client is not self._connection.client:
            self._client = self._connection.client
            self._open_collections(self._client)

    def _open_collections(self, client: ClientAPI) -> None:
        metadata = {
            "hnsw:space": "cosine",
            **{f"embedding_{k}": str(v) for k, v in self._function.get_config().items()},
        }
        try:
            self.documents = self._collection(client, DOCUMENTS, metadata)
            self.chunks = self._collection(client, CHUNKS, metadata)
            self.claims = self._collection(client, CLAIMS, metadata)
        except StoreError:
            raise
        except Exception as error:
            raise StoreError(f"cannot open the store's collections ({error})") from error

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
    def _reading(self, action: str = "read") -> Iterator[None]:
        with self._connection.lock, _store_errors(action):
            self._follow()
            yield

    @contextmanager
    def _writing(self, *document_ids: str) -> Iterator[None]:
        """Write under the file lock; `document_ids` are recorded as pending until the
        write ends, so that a crash in between is undone by the next process."""
        if self._lock_path is None:
            with self._connection.lock, _store_errors("write to"):
                self._follow()
                yield
            return
        with self._connection.lock, _exclusive(self._lock_path), _store_errors("write to"):
            self._follow()
            self._finish_interrupted_write()
            _write_pending(self._pending_path, list(document_ids))
            try:
                yield
                _write_pending(self._pending_path, [])
            finally:  # a failed write may have changed the index too
                self._connection.wrote()

    def _finish_interrupted_write(self) -> None:
        """Remove what an interrupted write left: the chunks and claims of each pending
        document that has no document record (the record is written last)."""
        for document_id in _read_pending(self._pending_path):
            if not self.documents.get(ids=[document_id], include=[])["ids"]:
                self._delete(document_id)
        _write_pending(self._pending_path, [])

    # Documents -----------------------------------------------------------------------

    def add_document(
        self,
        document: Document,
        chunks: list[Chunk],
        replaces_same_source: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestResult:
        """Store a document and its chunks; an unchanged document adds nothing. A changed
        version of the same source path replaces the old one when `replaces_same_source`
        (a file's path names it; an upload's bare file name does not). `progress` is told
        (chunks embedded, chunks in all) after each batch."""
        with self._writing():
            if self.documents.get(ids=[document.id], include=[])["ids"]:
                return IngestResult(document=self.info(document.id), status="unchanged")
            replaced = self._previous_version(document) if replaces_same_source else []
            _write_pending(self._pending_path, [*replaced, document.id])
            # Before any delete: a failure here leaves the store untouched.
            embeddings = self._embedded([c.text for c in chunks], progress)
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

    def _embedded(self, texts: list[str], progress: Callable[[int, int], None] | None) -> list[Any]:
        vectors: list[Any] = []
        for start in range(0, len(texts), EMBEDDING_BATCH):
            vectors.extend(self._function(texts[start : start + EMBEDDING_BATCH]))
            if progress:
                progress(len(vectors), len(texts))
        return vectors

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
        with self._reading():
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
        with self._reading():
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
        with self._reading():
            found = self.documents.get(ids=[document_id], include=["metadatas"])
        if not found["ids"]:
            raise NotFoundError(f"no stored document with id '{document_id}'")
        return _info(document_id, found["metadatas"][0])  # type: ignore[index]

    def is_empty(self) -> bool:
        with self._reading():
            return self.documents.count() == 0

    def list_documents(self) -> list[DocumentInfo]:
        with self._reading():
            found = self.documents.get(include=["metadatas"])
        infos = [_info(i, m) for i, m in zip(found["ids"], found["metadatas"] or [], strict=True)]
        return sorted(infos, key=lambda info: (info.title.casefold(), info.id))

    def forget(self, document_id: str) -> DocumentInfo:
        """Remove a document, its chunks and its claims; given a full id, also chunks and
        claims that lost their document record (a store written before repairs existed)."""
        try:
            full_id = self.resolve(document_id)
            info = self.info(full_id)
        except NotFoundError:
            full_id = document_id
            info = self._leftover_info(document_id)
        with self._writing(full_id):
            self._delete(full_id)
        return info

    def _leftover_info(self, document_id: str) -> DocumentInfo:
        """What the chunks and claims of a document without a record say about it."""
        where = _within([document_id])
        with self._reading():
            chunks = self.chunks.get(where=where, include=["metadatas"])
            claims = self.claims.get(where=where, include=[], limit=1)
        if not chunks["ids"] and not claims["ids"]:
            raise NotFoundError(
                f"no stored document with id '{document_id}' (see 'claimscope docs')"
            )
        metadata: Any = (chunks["metadatas"] or [{}])[0]
        return DocumentInfo(
            id=document_id,
            title=str(metadata.get("title", "")),
            source_path=str(metadata.get("source_path", "")),
            language=str(metadata.get("language", "")),
            chunks=len(chunks["ids"]),
            characters=0,
        )

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
        with self._reading("search"):
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
        with self._reading():
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
        with self._writing():
            embeddings = self._function([c.text for c in claims]) if claims else []
            self.claims.delete(where={"document_id": full_id})
            if claims:
                self.claims.add(
                    ids=[f"{full_id}:{c.id}" for c in claims],
                    documents=[c.text for c in claims],
                    embeddings=embeddings,
                    metadatas=[_claim_metadata(c, full_id) for c in claims],
                )

    def save_claims(self, report: ExtractionReport) -> None:
        """A run's claims in place of the document's earlier ones. A run that produced
        nothing usable keeps the earlier claims and raises ExtractionError saying so."""
        if report.failure:
            kept = len(self.get_claims(report.document_id))
            raise ExtractionError(
                f"{report.document_id}: {report.failure}; the {kept} claims stored before are kept"
            )
        self.replace_claims(report.document_id, report.claims)

    def get_claims(self, document_id: str) -> list[Claim]:
        with self._reading():
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
        with self._reading("search"):
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
        with self._reading():
            found = self.claims.get(ids=ids, include=["embeddings"])
        by_id = dict(zip(found["ids"], found["embeddings"], strict=True))  # type: ignore[arg-type]
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise StoreError(f"claims without a stored embedding: {', '.join(missing[:3])}")
        vectors = np.asarray([by_id[i] for i in ids], dtype=np.float32)
        unit: np.ndarray = vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
        return unit


def _read_generation(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="ascii")
    except FileNotFoundError:
        return ""
    except OSError as error:
        raise StoreError(f"cannot read {path} ({error.strerror})") from error


def _read_pending(path: Path | None) -> list[str]:
    if path is None:
        return []
    try:
        return [str(i) for i in json.loads(path.read_text(encoding="utf-8"))]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, TypeError) as error:
        raise StoreError(f"cannot read {path} ({error}); remove it to open the store") from error


def _write_pending(path: Path | None, document_ids: list[str]) -> None:
    """Record the documents a write is about to touch, durably, before it touches them."""
    if path is None:
        return
    if not document_ids:
        path.unlink(missing_ok=True)
        return
    _replace_file(path, json.dumps(document_ids))


def _replace_file(path: Path, text: str) -> None:
    """`path` holds `text`, all of it or its old content, never half (write, sync, rename)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with partial.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def _write_generation(path: Path | None) -> str:
    """A new stamp, written whole (a reader never sees half of one)."""
    generation = uuid.uuid4().hex
    if path is not None:
        _replace_file(path, generation)
    return generation


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
