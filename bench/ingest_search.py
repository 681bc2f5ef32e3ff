"""Ingest throughput and search latency of the embedded Chroma store, at three sizes.

For 1, 10 and 100 copies of the development corpus (../shared/corpus/articles, read at run
time, plus the demo article) each copy varied so that its document id differs (a numbered
first line, paragraphs shuffled), into a fresh temporary data directory: characters and
chunks ingested per second (reading, chunking, embedding, writing), then the median and
95th percentile latency of 100 searches (the questions of bench/retrieval_questions.jsonl,
cycled). The embedding model is loaded before the clock starts.

    .venv/bin/python bench/ingest_search.py
    .venv/bin/python bench/ingest_search.py --copies 1 10 --backend use
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from itertools import cycle, islice
from pathlib import Path

import numpy as np
from corpus import articles, corpus_present, questions

from claimscope.embeddings import get_embedder
from claimscope.ingest import ingest
from claimscope.settings import EmbeddingBackend, Settings
from claimscope.store import Store

SEARCHES = 100


@dataclass(frozen=True)
class Measurement:
    copies: int
    documents: int
    chunks: int
    characters: int
    ingest_seconds: float
    ingest_cpu_seconds: float  # all threads: robust to other processes on the cores
    search_ms: list[float]
    load_average: float  # of the machine when this size started: the cores are shared


def variant(text: str, copy: int) -> str:
    """The article with a numbered first line and its paragraphs in a copy-specific order."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    random.Random(copy).shuffle(paragraphs)
    return f"Copia {copy}\n\n" + "\n\n".join(paragraphs) + "\n"


def write_copies(articles: list[Path], copies: int, folder: Path) -> None:
    folder.mkdir()
    for copy in range(copies):
        for article in articles:
            text = variant(article.read_text(encoding="utf-8"), copy)
            (folder / f"{copy:03d}-{article.name}").write_text(text, encoding="utf-8")


def measure(articles: list[Path], copies: int, backend: EmbeddingBackend) -> Measurement:
    load_average = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="claimscope-bench-") as scratch:
        folder = Path(scratch) / "articles"
        write_copies(articles, copies, folder)
        settings = Settings(data_dir=Path(scratch) / "data", embedding_backend=backend)
        store = Store.open(settings)
        started, cpu_started = time.perf_counter(), time.process_time()
        results = ingest([str(folder)], settings=settings, store=store)
        ingest_seconds = time.perf_counter() - started
        ingest_cpu_seconds = time.process_time() - cpu_started
        search_ms = []
        for asked in islice(cycle(questions()), SEARCHES):
            started = time.perf_counter()
            store.search(asked.question, limit=5)
            search_ms.append((time.perf_counter() - started) * 1000)
    return Measurement(
        copies=copies,
        documents=len(results),
        chunks=sum(r.document.chunks for r in results),
        characters=sum(r.document.characters for r in results),
        ingest_seconds=ingest_seconds,
        ingest_cpu_seconds=ingest_cpu_seconds,
        search_ms=search_ms,
        load_average=load_average,
    )


def row(m: Measurement) -> str:
    return (
        f"| {m.copies} | {m.documents} | {m.chunks:,} | {m.characters:,} "
        f"| {m.ingest_seconds:,.1f} | {m.ingest_cpu_seconds:,.1f} "
        f"| {m.characters / m.ingest_seconds:,.0f} "
        f"| {m.chunks / m.ingest_seconds:,.1f} | {np.median(m.search_ms):.0f} "
        f"| {np.percentile(m.search_ms, 95):.0f} | {m.load_average:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", nargs="+", type=int, default=[1, 10, 100])
    parser.add_argument("--backend", type=EmbeddingBackend, default=Settings().embedding_backend)
    arguments = parser.parse_args()
    if not corpus_present():
        return
    settings = Settings(embedding_backend=arguments.backend)
    embedder = get_embedder(settings)  # loaded once, before any clock starts
    print(
        f"{date.today()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, embeddings {embedder.model_name}, chunks of "
        f"{settings.chunk_size} characters (overlap {settings.chunk_overlap}), "
        f"{SEARCHES} searches of 5 results",
        flush=True,
    )
    print(
        "| copies | documents | chunks | characters | ingest s | ingest CPU s | characters/s "
        "| chunks/s | search median ms | search p95 ms | load average |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for copies in arguments.copies:
        print(row(measure(articles(), copies, arguments.backend)), flush=True)


if __name__ == "__main__":
    main()
