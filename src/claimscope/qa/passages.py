"""Sentences with their neighbours: the unit a question about one story is answered by.

Ten outlets telling one story share every name and figure, so an 800-character chunk of each
looks alike to a question; the sentence that answers does not. Each sentence is embedded
twice, alone and inside its window (the sentence before and after it), so a question can
match the sentence's own words or the context that gives them their subject.

The vectors are kept next to the store, one file per document (a document's id is the
hash of its text, so a file never goes stale): they are computed once, at ingest or at the
first question that needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimscope.embeddings import Embedder, get_embedder
from claimscope.models import Document, Span
from claimscope.settings import Settings
from claimscope.text import canonical, split_sentences

# Bumped when the way passages are cut changes, so old vector files are not reused.
PASSAGE_FORMAT = 1
# Neighbours on each side that a window adds to its sentence.
WINDOW_NEIGHBOURS = 1


@dataclass(frozen=True)
class Passage:
    """One sentence of a document and the window of neighbours around it."""

    document_id: str
    index: int
    sentence: Span
    window: Span


@dataclass(frozen=True)
class PassageVectors:
    """Unit vectors of a document's passages: one row per passage, in passage order."""

    sentences: np.ndarray
    windows: np.ndarray


def document_passages(document: Document) -> list[Passage]:
    """Every sentence of the document, with its window (never past the document's ends)."""
    sentences = split_sentences(document.text, document.language)
    passages = []
    for index, sentence in enumerate(sentences):
        first = sentences[max(0, index - WINDOW_NEIGHBOURS)]
        last = sentences[min(len(sentences) - 1, index + WINDOW_NEIGHBOURS)]
        window = Span(text=document.text[first.start : last.end], start=first.start, end=last.end)
        passages.append(Passage(document.id, index, sentence, window))
    return passages


class PassageIndex:
    """Each document's passage vectors, read from disk or computed and saved once."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._folder = settings.data_dir / "passages"

    @property
    def _embedder(self) -> Embedder:
        return get_embedder(self._settings)

    def vectors(self, document: Document, passages: list[Passage]) -> PassageVectors:
        path = self._path(document.id)
        loaded = _load(path, len(passages))
        if loaded is not None:
            return loaded
        vectors = self._embed(passages)
        self._save(path, vectors)
        return vectors

    def _embed(self, passages: list[Passage]) -> PassageVectors:
        if not passages:
            empty = np.zeros((0, self._embedder.dimension), dtype=np.float32)
            return PassageVectors(empty, empty)
        texts = [canonical(p.sentence.text) for p in passages]
        texts += [canonical(p.window.text) for p in passages]
        embedded = np.asarray(self._embedder.passages(texts), dtype=np.float32)
        return PassageVectors(embedded[: len(passages)], embedded[len(passages) :])

    def _path(self, document_id: str) -> Path:
        model = re.sub(r"[^\w.-]+", "_", self._embedder.model_name)
        return self._folder / f"{document_id}.{model}.v{PASSAGE_FORMAT}.npz"

    def _save(self, path: Path, vectors: PassageVectors) -> None:
        # A cache: a folder that cannot be written only means computing the vectors again.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial.npz")
            np.savez(partial, sentences=vectors.sentences, windows=vectors.windows)
            partial.replace(path)
        except OSError:
            return


def _load(path: Path, count: int) -> PassageVectors | None:
    """The saved vectors, or None when there are none or they do not fit the passages."""
    try:
        with np.load(path) as saved:
            vectors = PassageVectors(saved["sentences"], saved["windows"])
    except (OSError, KeyError, ValueError):
        return None
    if len(vectors.sentences) != count or len(vectors.windows) != count:
        return None
    return vectors
