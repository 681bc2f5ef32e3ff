"""Run an engine (or read saved predictions) over a data set and score it against gold."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from claimscope.errors import EvalError
from claimscope.eval.gold import ARTICLE_SUFFIX, CLAIMS_SUFFIX, GoldArticle, load_gold
from claimscope.eval.intervals import DEFAULT_BOOTSTRAP, bootstrap_intervals
from claimscope.eval.matching import match_claims
from claimscope.eval.metrics import confusion_matrix, confusion_table, metrics_of, units_of
from claimscope.eval.predictions import read_predictions
from claimscope.eval.results import ArticleResult, Bootstrap, EvalResult, LevelMistake
from claimscope.extract import extract_document, get_extractor
from claimscope.models import Claim
from claimscope.settings import EngineChoice, Settings

PREDICTIONS_ENGINE = "predictions"
# src/claimscope/eval/harness.py → the checkout's root.
CHECKOUT_ROOT = Path(__file__).resolve().parents[3]

Progress = Callable[[str], None]
"""Called with an article's name before it is processed."""


class ArticleRun(BaseModel):
    """What one article's predictions are scored against, and what producing them cost."""

    gold: GoldArticle
    predicted: list[Claim]
    ungrounded_quotes: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


class Run(BaseModel):
    engine: str
    model: str | None = None
    prompt_version: str | None = None
    articles: list[ArticleRun]
    notices: list[str] = Field(default_factory=list)


def default_data_dir() -> Path:
    """eval/gold of the checkout this code runs from, else of the current folder."""
    in_checkout = CHECKOUT_ROOT / "eval" / "gold"
    return in_checkout if in_checkout.is_dir() else Path("eval") / "gold"


def unlabelled(folder: Path) -> list[str]:
    """Articles of a data set that have no gold file yet."""
    return [
        path.name
        for path in sorted(folder.glob(f"*{ARTICLE_SUFFIX}"))
        if not path.with_suffix(CLAIMS_SUFFIX).exists()
    ]


def read_run(articles: list[GoldArticle], folder: Path) -> Run:
    if not folder.is_dir():
        raise EvalError(f"{folder}: no such predictions folder")
    runs = [
        ArticleRun(gold=article, predicted=read_predictions(folder, article.name, article.document))
        for article in articles
    ]
    missing = [a.name for a in articles if not (folder / f"{a.name}{CLAIMS_SUFFIX}").is_file()]
    notices = [f"no predictions in {folder} for {name}: scored as none" for name in missing]
    return Run(engine=PREDICTIONS_ENGINE, articles=runs, notices=notices)


def engine_run(
    articles: list[GoldArticle],
    settings: Settings,
    engine: EngineChoice | None = None,
    progress: Progress | None = None,
) -> Run:
    extractor = get_extractor(settings, engine)
    runs = []
    notices: list[str] = []
    models: set[tuple[str | None, str | None]] = set()
    for article in articles:
        if progress:
            progress(article.name)
        started = time.perf_counter()
        report = extract_document(article.document, settings, extractor=extractor)
        runs.append(
            ArticleRun(
                gold=article,
                predicted=report.claims,
                ungrounded_quotes=len(report.ungrounded),
                calls=report.calls,
                prompt_tokens=report.prompt_tokens,
                completion_tokens=report.completion_tokens,
                seconds=time.perf_counter() - started,
            )
        )
        models.add((report.model, report.prompt_version))
        notices += [f"{article.name}: {notice}" for notice in report.notices]
        if report.failed_chunks:
            notices.append(f"{article.name}: {len(report.failed_chunks)} chunks failed")
    # A model or prompt version is reported only when every article used the same one.
    model, prompt_version = next(iter(models)) if len(models) == 1 else (None, None)
    return Run(
        engine=extractor.name,
        model=model,
        prompt_version=prompt_version,
        articles=runs,
        notices=notices,
    )


def score_article(run: ArticleRun) -> tuple[ArticleResult, np.ndarray]:
    """The article's result and its units (for the micro average and the bootstrap)."""
    matching = match_claims(run.gold.claims, run.predicted)
    units = units_of(matching, run.gold.document.text, run.ungrounded_quotes)
    result = ArticleResult(
        **metrics_of(units).model_dump(),
        confusion=confusion_table(confusion_matrix(units)),
        calls=run.calls,
        prompt_tokens=run.prompt_tokens,
        completion_tokens=run.completion_tokens,
        seconds=run.seconds,
        missed=matching.missed,
        spurious=matching.spurious,
        wrong_level=[
            LevelMistake(gold=pair.gold, predicted=pair.predicted)
            for pair in matching.pairs
            if pair.gold.hedging != pair.predicted.hedging
        ],
    )
    return result, units


def score(run: Run, data: str, bootstrap: Bootstrap = DEFAULT_BOOTSTRAP) -> EvalResult:
    scored = {article.gold.name: score_article(article) for article in run.articles}
    units_by_article = [units for _, units in scored.values()]
    every_unit = np.concatenate(units_by_article)
    return EvalResult(
        data=data,
        engine=run.engine,
        model=run.model,
        prompt_version=run.prompt_version,
        micro=metrics_of(every_unit),
        intervals=bootstrap_intervals(units_by_article, bootstrap),
        confusion=confusion_table(confusion_matrix(every_unit)),
        bootstrap=bootstrap,
        articles={name: result for name, (result, _) in scored.items()},
        notices=run.notices,
    )


def evaluate(
    settings: Settings,
    data: Path | None = None,
    engine: EngineChoice | None = None,
    predictions: Path | None = None,
    progress: Progress | None = None,
) -> EvalResult:
    """Score the engine (or the saved predictions) on a data set's gold."""
    if predictions and engine:
        raise EvalError("give --engine or --predictions, not both")
    folder = data or default_data_dir()
    articles = load_gold(folder, settings)
    run = (
        read_run(articles, predictions)
        if predictions
        else engine_run(articles, settings, engine, progress)
    )
    run.notices += [f"{name} has no gold yet: not scored" for name in unlabelled(folder)]
    return score(run, str(folder))
