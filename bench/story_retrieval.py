"""Same-story retrieval: 800-character chunks against sentence passages, and the passage
ranker's weights, on question sets whose articles all tell one story.

Each data set is ingested once into a scratch store (rules-engine claims, as `ingest` now
stores them); then every configuration is scored on the same store. recall@k counts an item
that holds an answering span of any article (`other_answers` included); "sentence" columns
count a passage only when its own sentence (not its neighbours) holds the span. Use it on
development sets only: eval/README.md ("Same-story questions") says which sets are held out.

    .venv/bin/python bench/story_retrieval.py                     # the development sets
    .venv/bin/python bench/story_retrieval.py --grid              # also sweep the weights
    .venv/bin/python bench/story_retrieval.py --set eval/story:eval/qa-story-holdout
"""

from __future__ import annotations

import argparse
import functools
import tempfile
from dataclasses import replace
from pathlib import Path

from claimscope.eval.qa_harness import build_store
from claimscope.eval.qa_scoring import first_hit, retrieval_scores
from claimscope.eval.questions import LocatedQuestion, QADataset, load_dataset
from claimscope.models import RetrievedItem
from claimscope.qa import RankingWeights, Retriever
from claimscope.settings import EngineChoice, RetrievalMode, RetrievalSources, Settings
from claimscope.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT_SETS = (
    f"{ROOT}/eval/story:{ROOT}/eval/qa-story-dev",
    f"{ROOT.parent}/shared/corpus/gold:{ROOT}/eval/qa-story-corpus",
    f"{ROOT}/eval/gold:{ROOT}/eval/gold",
    f"{ROOT.parent}/shared/corpus/gold:{ROOT}/eval/qa-corpus",
    f"{ROOT}/eval/story-2:{ROOT}/eval/qa-story-2",
    f"{ROOT}/eval/story-4:{ROOT}/eval/qa-story-4",
)
DEPTH = 10


def sentence_hit(
    items: list[RetrievedItem], document_ids: dict[str, str], located: LocatedQuestion
) -> int | None:
    """The rank of the first passage whose own sentence holds an answering span."""
    narrowed = [
        item.model_copy(update={"start": item.quote.find(item.text) + item.start}) for item in items
    ]
    narrowed = [item.model_copy(update={"end": item.start + len(item.text)}) for item in narrowed]
    return first_hit(narrowed, document_ids, located.spans)


def score(
    dataset: QADataset, retriever: Retriever, document_ids: dict[str, str], narrow: bool
) -> tuple[float, float, float]:
    ranks = []
    for located in dataset.questions:
        if not located.answerable:
            continue
        question = located.question
        items = retriever.retrieve(question.question, question.lang, DEPTH)
        ranks.append(
            sentence_hit(items, document_ids, located)
            if narrow
            else first_hit(items, document_ids, located.spans)
        )
    return retrieval_scores(ranks)


def row(label: str, figures: tuple[float, float, float]) -> str:
    return f"{label:<58} r@1 {figures[0]:.2f}  r@5 {figures[1]:.2f}  MRR {figures[2]:.2f}"


def grid() -> list[RankingWeights]:
    """The last sweep. Earlier ones (72, 24, 10 and 5 combinations of e5 on the sentence and
    the window, BM25 on the window and on the sentence, the chunk, the spreading, the
    answer-kind bonus, the language balance) settled e5 on the sentence and the window at
    1.0, the chunk at 0.5, spreading at 0.3, BM25 on the sentence (0.25) rather than on the
    window, the bonus at 1.0 and the balance at 0.75."""
    base = RankingWeights()
    return [replace(base, focus_dense=weight) for weight in (0.0, 0.5, 0.75, 1.0, 1.5)]


def label(weights: RankingWeights) -> str:
    return (
        f"passages sd{weights.sentence_dense} wd{weights.window_dense} "
        f"sl{weights.sentence_lexical} cd{weights.chunk_dense} ak{weights.answer_kind} "
        f"lb{weights.language_balance} fd{weights.focus_dense} "
        f"ap{weights.article_penalty}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", help="ARTICLES:QUESTIONS folders")
    parser.add_argument("--grid", action="store_true", help="sweep the ranker's weights")
    args = parser.parse_args()
    configurations = grid() if args.grid else [RankingWeights()]
    mean_mrr = dict.fromkeys(configurations, 0.0)
    sets = args.set or DEVELOPMENT_SETS
    for spec in sets:
        articles, questions = (Path(p) for p in spec.split(":"))
        dataset = load_dataset(articles, questions)
        with tempfile.TemporaryDirectory(prefix="claimscope-story-") as folder:
            settings = Settings(data_dir=Path(folder))
            store = Store.open(settings)
            # Every configuration asks the same questions: embed each once.
            store.embed_query = functools.lru_cache(maxsize=None)(store.embed_query)  # type: ignore[method-assign]
            built = build_store(dataset, settings, store, EngineChoice.RULES, None)
            ids = built.document_ids
            answerable = sum(q.answerable for q in dataset.questions)
            print(f"\n{questions.name} ({answerable} answerable, articles of {articles})")
            chunks = Retriever(
                store, settings, mode=RetrievalMode.DENSE, sources=RetrievalSources.CHUNKS
            )
            print(row("chunks, dense (the old default)", score(dataset, chunks, ids, False)))
            for weights in configurations:
                passages = Retriever(
                    store, settings, sources=RetrievalSources.PASSAGES, weights=weights
                )
                window = score(dataset, passages, ids, False)
                sentence = score(dataset, passages, ids, True)
                mean_mrr[weights] += window[2] / len(sets)
                if not args.grid or weights == RankingWeights():
                    print(row(label(weights), window), "| sentence", row("", sentence).strip())
    if args.grid:
        print("\nbest mean MRR over the sets:")
        for weights, mrr in sorted(mean_mrr.items(), key=lambda kv: -kv[1])[:10]:
            print(f"{label(weights):<58} {mrr:.3f}")


if __name__ == "__main__":
    main()
