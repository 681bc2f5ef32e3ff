"""Question answering over the stored articles, with citations that keep the articles' hedges.

One question's walk through the package:

- `answerer`: the hub. Checks the question, makes a follow-up whole (`conversation`),
  retrieves evidence (`retrieval`: chunks and claims, or sentences with their neighbours from
  `passages`, ranked by `passage_ranking` with the answer kinds of `answer_types`), asks the
  gate of `answerability` whether the articles can answer at all, and hands the rest to an
  answer engine.
- `engine`: the seam. An `AnswerEngine` composes the answer; `answer_engine` picks one from
  the settings, as `claimscope.extract.get_extractor` picks an extractor:
  `extractive` (offline: quotes the best spans) or `generative` (an LLM writes statements
  whose citations are checked in code).
- `evidence`: what either engine may cite (the claims inside an item, a span's citation).
- `hedges`: the wording that keeps a rumour a rumour; `figures`: figures that disagree;
  `stemming`: the content words that BM25 and word overlap compare.

The words of each language (answer phrases, question and sentence kinds, figure units, the
stemmer and stop words) are in the language packs (`claimscope.lexicons`). The public names
below are imported on first use, so that importing one module of the package (ingest needs
`passages`) does not load LangChain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimscope.lazy import lazy_exports

if TYPE_CHECKING:
    from claimscope.qa.answerer import Answerer
    from claimscope.qa.conversation import Turn
    from claimscope.qa.engine import AnswerEngine, answer_engine
    from claimscope.qa.extractive import ExtractiveEngine
    from claimscope.qa.generative import GenerativeEngine
    from claimscope.qa.hedges import carries_hedge
    from claimscope.qa.passage_ranking import RankingWeights
    from claimscope.qa.passages import PassageIndex, document_passages
    from claimscope.qa.retrieval import RRF_K, Retriever
    from claimscope.qa.stemming import tokens

_HOMES = {
    "Answerer": "claimscope.qa.answerer",
    "Turn": "claimscope.qa.conversation",
    "AnswerEngine": "claimscope.qa.engine",
    "answer_engine": "claimscope.qa.engine",
    "ExtractiveEngine": "claimscope.qa.extractive",
    "GenerativeEngine": "claimscope.qa.generative",
    "carries_hedge": "claimscope.qa.hedges",
    "RankingWeights": "claimscope.qa.passage_ranking",
    "PassageIndex": "claimscope.qa.passages",
    "document_passages": "claimscope.qa.passages",
    "RRF_K": "claimscope.qa.retrieval",
    "Retriever": "claimscope.qa.retrieval",
    "tokens": "claimscope.qa.stemming",
}

__getattr__ = lazy_exports(__name__, _HOMES)


__all__ = [
    "RRF_K",
    "AnswerEngine",
    "Answerer",
    "ExtractiveEngine",
    "GenerativeEngine",
    "PassageIndex",
    "RankingWeights",
    "Retriever",
    "Turn",
    "answer_engine",
    "carries_hedge",
    "document_passages",
    "tokens",
]
