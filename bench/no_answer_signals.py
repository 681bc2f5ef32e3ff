"""Can anything the offline engine computes tell an unanswerable question from an answerable one?

For every question of a QA data set (eval/gold by default; `--questions` for a set kept
apart from its articles) this measures three signals over the five items `ask` retrieves:

- relevance: what `ask` thresholds today (the best cosine similarity of the items and of
  the claims they hold);
- best sentence: the best e5 similarity of the question to any sentence of those items
  (a sentence is closer to "the answer" than a chunk is);
- word overlap: the largest share of the question's stemmed content words (question words
  such as "chi", "how" left out) found in one of those sentences.

It prints each signal's AUC (the chance that a random answerable question scores above a
random unanswerable one: 0.5 is no signal) and the best no-answer precision and recall any
single threshold on it reaches. eval/README.md ("Not in the articles") records the figures.

    .venv/bin/python bench/no_answer_signals.py
    .venv/bin/python bench/no_answer_signals.py --data ../shared/corpus/gold --questions eval/qa-corpus
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from claimscope.embeddings import get_embedder
from claimscope.eval.harness import default_data_dir
from claimscope.eval.qa_harness import build_store
from claimscope.eval.questions import LocatedQuestion, load_dataset
from claimscope.models import RetrievedItem
from claimscope.qa import Answerer, tokens
from claimscope.settings import EngineChoice, Settings
from claimscope.store import Store
from claimscope.text import split_sentences

QUESTION_WORDS = frozenset(
    [
        "chi",
        "cosa",
        "che",
        "come",
        "quale",
        "quali",
        "quanto",
        "quanta",
        "quanti",
        "quante",
        "quando",
        "dove",
        "perché",
        "who",
        "what",
        "which",
        "when",
        "where",
        "why",
        "how",
        "much",
        "many",
    ]
)


def sentences_of(answerer: Answerer, items: list[RetrievedItem]) -> list[str]:
    """The sentences of the retrieved items, each once, from their whole articles."""
    found: dict[tuple[str, int], str] = {}
    for item in items:
        language = answerer.retriever.language_of(item.document_id)
        text = answerer.store.get_document(item.document_id).text
        for sentence in split_sentences(text, language):
            if sentence.start < item.end and item.start < sentence.end:
                found.setdefault((item.document_id, sentence.start), sentence.text)
    return list(found.values())


def word_overlap(question: str, language: str, sentences: list[str]) -> float:
    wanted = [t for t in dict.fromkeys(tokens(question, language)) if t not in QUESTION_WORDS]
    if not wanted or not sentences:
        return 0.0
    return max(sum(t in set(tokens(s, language)) for t in wanted) / len(wanted) for s in sentences)


def auc(answerable: list[float], unanswerable: list[float]) -> float:
    """Mann-Whitney: how often an answerable question outscores an unanswerable one."""
    wins = sum((a > u) + 0.5 * (a == u) for a in answerable for u in unanswerable)
    return wins / (len(answerable) * len(unanswerable))


def best_threshold(answerable: list[float], unanswerable: list[float]) -> tuple[float, float]:
    """The no-answer precision and recall of the threshold whose weaker of the two is best
    (a question scoring below the threshold is called unanswerable)."""
    best = (0.0, 0.0)
    for threshold in [*sorted(set(answerable + unanswerable)), float("inf")]:
        flagged_right = sum(u < threshold for u in unanswerable)
        flagged_wrong = sum(a < threshold for a in answerable)
        if not flagged_right:
            continue
        precision = flagged_right / (flagged_right + flagged_wrong)
        recall = flagged_right / len(unanswerable)
        if min(precision, recall) > min(best):
            best = (precision, recall)
    return best


def measure(answerer: Answerer, questions: list[LocatedQuestion]) -> dict[str, list[float]]:
    embedder = get_embedder(answerer.settings)
    scores: dict[str, list[float]] = {"relevance": [], "best sentence": [], "word overlap": []}
    for located in questions:
        question, language = located.question.question, located.question.lang
        items = answerer.retriever.retrieve(question, language, answerer.settings.answer_top_k)
        sentences = sentences_of(answerer, items)
        closeness = embedder.passages(sentences) @ embedder.queries([question])[0]
        scores["relevance"].append(answerer.gate.relevance(question, items))
        scores["best sentence"].append(float(np.max(closeness)))
        scores["word overlap"].append(word_overlap(question, language, sentences))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--questions", type=Path, default=None)
    options = parser.parse_args()

    dataset = load_dataset(options.data, options.questions)
    with tempfile.TemporaryDirectory(prefix="claimscope-bench-no-answer-") as folder:
        settings = Settings(data_dir=Path(folder))
        store = Store.open(settings)
        build_store(dataset, settings, store, EngineChoice.RULES, None)
        scores = measure(Answerer(store, settings), dataset.questions)
    answerable = [q.answerable for q in dataset.questions]
    print(
        f"{dataset.folder}: {sum(answerable)} answerable, "
        f"{len(answerable) - sum(answerable)} unanswerable questions"
    )
    print(f"{'signal':<15} {'AUC':>5} {'best P':>7} {'best R':>7}")
    for name, values in scores.items():
        yes = [v for v, a in zip(values, answerable, strict=True) if a]
        no = [v for v, a in zip(values, answerable, strict=True) if not a]
        precision, recall = best_threshold(yes, no)
        print(f"{name:<15} {auc(yes, no):>5.2f} {precision:>7.2f} {recall:>7.2f}")


if __name__ == "__main__":
    main()
