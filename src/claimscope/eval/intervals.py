"""Bootstrap confidence intervals of the micro-averaged scores.

Each resample draws, within every article, as many units (matched pairs, missed gold
claims, spurious predictions, dropped ungrounded quotes) as the article has, with
replacement, and scores the union as a micro average. Resampling inside articles keeps
each article's weight; resampling units rather than gold and predicted claims separately
keeps every pair together with its match. Percentile intervals; a fixed seed makes them
repeat to the last digit.
"""

from __future__ import annotations

import math

import numpy as np

from claimscope.eval.metrics import Unit, metrics_of
from claimscope.eval.results import Bootstrap, Interval
from claimscope.eval.scores import SCORE_NAMES

DEFAULT_BOOTSTRAP = Bootstrap(resamples=1000, seed=20251127, confidence=0.95)


def resample(units_by_article: list[np.ndarray], generator: np.random.Generator) -> np.ndarray:
    drawn = [units[generator.integers(0, len(units), len(units))] for units in units_by_article]
    return np.concatenate(drawn) if drawn else np.empty((0, len(Unit)), dtype=np.int64)


def bootstrap_intervals(
    units_by_article: list[np.ndarray], bootstrap: Bootstrap = DEFAULT_BOOTSTRAP
) -> dict[str, Interval | None]:
    """An interval per score; None when no resample defines the score (e.g. no pairs)."""
    generator = np.random.default_rng(bootstrap.seed)
    articles = [units for units in units_by_article if len(units)]
    resampled = (metrics_of(resample(articles, generator)) for _ in range(bootstrap.resamples))
    draws = np.array(
        [[_or_nan(metrics.score(name)) for name in SCORE_NAMES] for metrics in resampled]
    ).reshape(bootstrap.resamples, len(SCORE_NAMES))
    tail = (1 - bootstrap.confidence) / 2 * 100
    intervals: dict[str, Interval | None] = {}
    for column, name in enumerate(SCORE_NAMES):
        defined = draws[:, column][~np.isnan(draws[:, column])]
        if not len(defined):
            intervals[name] = None
            continue
        low, high = np.percentile(defined, [tail, 100 - tail])
        intervals[name] = Interval(low=float(low), high=float(high))
    return intervals


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value
