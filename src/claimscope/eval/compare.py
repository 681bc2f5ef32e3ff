"""Compare two eval runs saved with `claimscope eval --json`, score by score."""

from __future__ import annotations

from claimscope.eval.results import EvalResult, MetricComparison
from claimscope.eval.scores import SCORE_NAMES


def compare(a: EvalResult, b: EvalResult) -> list[MetricComparison]:
    """Each micro score of both runs, B − A, and whether their intervals overlap."""
    rows = []
    for name in SCORE_NAMES:
        value_a, value_b = a.micro.score(name), b.micro.score(name)
        interval_a, interval_b = a.intervals.get(name), b.intervals.get(name)
        rows.append(
            MetricComparison(
                metric=name,
                a=value_a,
                b=value_b,
                difference=None if value_a is None or value_b is None else value_b - value_a,
                a_interval=interval_a,
                b_interval=interval_b,
                intervals_overlap=(
                    interval_a.overlaps(interval_b) if interval_a and interval_b else None
                ),
            )
        )
    return rows
