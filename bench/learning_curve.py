"""How the learned judgment stage's left-out scores on real-2 grow with the real articles it
learns from.

Each real-2 article is judged by a model (`make train`'s `fit`: split, cue detector, level and
unit layers) fitted on the invented training sets plus K of the other real articles
(corpus/gold and real-2), drawn at random; K = 0 is the invented articles alone, and
`--real-only` leaves the invented ones out. Needs ../shared; the holdout is never read.

    .venv/bin/python bench/learning_curve.py --k 0 7 14 21 --draws 2
"""

from __future__ import annotations

import argparse
import random
import sys

from rich.console import Console
from rich.table import Table

from claimscope.eval.harness import ArticleRun
from claimscope.judgment.context import e5_embed
from claimscope.judgment.stage import judge
from claimscope.judgment.training import (
    CUE_SENTENCES,
    SHOWN,
    TRAINING_SETS,
    LabelledArticle,
    LabelledSentences,
    cue_sentences,
    fit,
    labelled_articles,
    scored,
)
from claimscope.settings import Settings

REAL_SETS = ("corpus/gold", "corpus/real-2")
SCORED_SET = "corpus/real-2"
HEADERS = ("claim F1", "hedging acc", "macro-F1", "source acc", "strict F1")  # of SHOWN


def curve_point(
    articles: list[LabelledArticle],
    extra: LabelledSentences,
    real_count: int,
    seed: int,
    real_only: bool,
) -> dict[str, float]:
    """real-2's micro scores when each of its articles is judged by a model fitted on the
    invented articles (unless `real_only`) and `real_count` other real ones."""
    runs = []
    for index, article in enumerate(articles):
        if article.data_set != SCORED_SET:
            continue
        others = [i for i, a in enumerate(articles) if i != index and a.data_set in REAL_SETS]
        random.Random(seed * 1000 + index).shuffle(others)
        invented = [] if real_only else [a for a in articles if a.data_set not in REAL_SETS]
        model = fit(invented + [articles[i] for i in others[:real_count]], extra)
        claims = judge(article.rules_claims, article.context, model)
        runs.append(ArticleRun(gold=article.gold, predicted=claims))
    micro = scored({SCORED_SET: runs}, "offline")[SCORED_SET].micro
    return {name: float(getattr(micro, name)) for name in SHOWN}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--k", type=int, nargs="+", default=[0, 7, 14, 21])
    parser.add_argument("--draws", type=int, default=2, help="random draws for 0 < K < all")
    parser.add_argument("--real-only", action="store_true", help="no invented article")
    args = parser.parse_args(argv)
    missing = [name for name in REAL_SETS if not TRAINING_SETS[name].is_dir()]
    if missing:
        print(f"notice: {', '.join(missing)} not found: nothing to measure", file=sys.stderr)
        return 0
    articles = labelled_articles(TRAINING_SETS, e5_embed(), Settings())
    extra = cue_sentences(CUE_SENTENCES, e5_embed())
    real_total = sum(a.data_set in REAL_SETS for a in articles) - 1
    table = Table(title=f"{SCORED_SET}, each article left out" + (", real only" * args.real_only))
    for column in ("real articles", "draw", *HEADERS):
        table.add_column(column, justify="right")
    for real_count in args.k:
        draws = args.draws if 0 < real_count < real_total else 1
        for seed in range(1, draws + 1):
            point = curve_point(articles, extra, real_count, seed, args.real_only)
            table.add_row(str(real_count), str(seed), *(f"{point[n]:.3f}" for n in SHOWN))
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
