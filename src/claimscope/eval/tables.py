"""The terminal view of an eval run or a comparison: rich tables."""

from __future__ import annotations

from rich import box
from rich.table import Table

from claimscope.eval.results import EvalResult, Interval, MetricComparison, Metrics
from claimscope.eval.scores import EXTRACTION_SCORES, number


def interval_text(interval: Interval | None) -> str:
    return "—" if interval is None else f"{interval.low:.3f}–{interval.high:.3f}"


def _score_cells(metrics: Metrics) -> list[str]:
    counts = [str(metrics.gold_claims), str(metrics.predicted_claims)]
    return counts + [
        score.text(metrics.score(score.field), digits=2) for score in EXTRACTION_SCORES
    ]


def articles_table(result: EvalResult) -> Table:
    title = f"{result.engine} on {result.data}"
    if result.model:
        title += f" (model {result.model}, prompt {result.prompt_version})"
    table = Table(title=title, caption="scores to 2 digits; --json has them all")
    table.add_column("article", no_wrap=True)
    for column in ("gold", "pred", *(score.short for score in EXTRACTION_SCORES)):
        table.add_column(column, justify="right")
    for name, article in result.articles.items():
        table.add_row(name, *_score_cells(article))
    table.add_section()
    table.add_row("micro", *_score_cells(result.micro), style="bold")
    return table


def cost_table(result: EvalResult) -> Table:
    table = Table(title=f"what {result.engine} cost")
    table.add_column("article", no_wrap=True)
    for column in ("calls", "prompt tokens", "completion tokens", "seconds"):
        table.add_column(column, justify="right")
    for name, article in result.articles.items():
        table.add_row(
            name,
            str(article.calls),
            str(article.prompt_tokens),
            str(article.completion_tokens),
            f"{article.seconds:.2f}",
        )
    return table


def intervals_table(result: EvalResult) -> Table:
    bootstrap = result.bootstrap
    table = Table(
        title=f"micro scores, {bootstrap.confidence:.0%} bootstrap intervals "
        f"({bootstrap.resamples} resamples, seed {bootstrap.seed})"
    )
    for column in ("score", "value", "interval"):
        table.add_column(column)
    for score in EXTRACTION_SCORES:
        value, interval = result.micro.score(score.field), result.intervals[score.field]
        table.add_row(score.field, score.text(value), interval_text(interval))
    return table


def confusion_grid(result: EvalResult) -> Table:
    table = Table(title="hedging confusion (rows gold, columns predicted)")
    levels = list(result.confusion)
    table.add_column("gold \\ predicted")
    for level in levels:
        table.add_column(level, justify="right")
    for gold, row in result.confusion.items():
        table.add_row(gold, *(str(row[level]) for level in levels))
    return table


def result_tables(result: EvalResult) -> list[Table]:
    tables = [articles_table(result), intervals_table(result), confusion_grid(result)]
    ran_an_engine = any(article.seconds for article in result.articles.values())
    return [*tables, cost_table(result)] if ran_an_engine else tables


def comparison_table(comparisons: list[MetricComparison], a: str, b: str) -> Table:
    table = Table(title=f"A = {a}, B = {b}", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("score", "A", "A interval", "B", "B interval", "B − A", "CIs"):
        table.add_column(column, no_wrap=True)
    for row in comparisons:
        overlap = {True: "overlap", False: "apart", None: "—"}[row.intervals_overlap]
        difference = "—" if row.difference is None else f"{row.difference:+.3f}"
        table.add_row(
            row.metric,
            number(row.a),
            interval_text(row.a_interval),
            number(row.b),
            interval_text(row.b_interval),
            difference,
            overlap,
        )
    return table
