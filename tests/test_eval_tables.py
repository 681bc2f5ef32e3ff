"""The printed eval tables and reports: every header sits over its own score, read from the
one registry in eval/scores.py."""

from __future__ import annotations

import tomllib
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimscope.eval.compare import compare
from claimscope.eval.intervals import DEFAULT_BOOTSTRAP
from claimscope.eval.qa_report import qa_table, render_html
from claimscope.eval.qa_results import QAEvalReport
from claimscope.eval.report import render_report
from claimscope.eval.results import ArticleResult, EvalResult, Interval, Metrics
from claimscope.eval.scores import EXTRACTION_SCORES, QA_SCORES
from claimscope.eval.tables import articles_table, comparison_table, intervals_table
from claimscope.settings import RetrievalMode, RetrievalSources

ROOT = Path(__file__).resolve().parents[1]
COUNTS = {"gold_claims", "predicted_claims", "matched_claims"}
# A distinct value per score (0.11, 0.22, ...), so that a shifted column shows.
VALUES = {score.field: round(0.11 * (i + 1), 2) for i, score in enumerate(EXTRACTION_SCORES)}


def metrics() -> Metrics:
    return Metrics(gold_claims=7, predicted_claims=6, matched_claims=5, **VALUES)


def result() -> EvalResult:
    confusion = {"asserted": {"asserted": 5}}
    article = ArticleResult(**metrics().model_dump(), confusion=confusion)
    return EvalResult(
        data="gold",
        engine="rules",
        micro=metrics(),
        intervals={name: Interval(low=value - 0.1, high=value) for name, value in VALUES.items()},
        confusion=confusion,
        bootstrap=DEFAULT_BOOTSTRAP,
        articles={"it-01": article},
    )


def printed(table: Table) -> list[str]:
    console = Console(width=250, record=True, color_system=None)
    console.print(table)
    return console.export_text().splitlines()


def cells(line: str, separator: str) -> list[str]:
    return [cell.strip() for cell in line.split(separator)[1:-1]]


def test_every_column_of_the_articles_table_is_headed_by_its_own_score() -> None:
    lines = printed(articles_table(result()))
    header = cells(next(line for line in lines if "article" in line), "┃")
    micro = cells(next(line for line in lines if line.startswith("│ micro")), "│")
    assert len(header) == len(micro)
    under = dict(zip(header, micro, strict=True))
    assert (under["gold"], under["pred"]) == ("7", "6")
    for score in EXTRACTION_SCORES:
        assert under[score.short] == f"{VALUES[score.field]:.2f}", score.field


def test_the_intervals_table_lists_every_score_with_its_value_and_interval() -> None:
    lines = printed(intervals_table(result()))
    for score in EXTRACTION_SCORES:
        row = cells(next(line for line in lines if f" {score.field} " in line), "│")
        value = VALUES[score.field]
        assert row == [score.field, f"{value:.3f}", f"{value - 0.1:.3f}–{value:.3f}"]


def test_compare_has_a_row_per_score_with_the_difference() -> None:
    lines = printed(comparison_table(compare(result(), result()), "a.json", "b.json"))
    for score in EXTRACTION_SCORES:
        row = next(line for line in lines if line.strip().startswith(score.field + " "))
        assert "+0.000" in row and "overlap" in row


def test_the_html_report_heads_each_column_with_its_score() -> None:
    html = render_report(result())
    for score in EXTRACTION_SCORES:
        assert f'<abbr title="{score.label}">{score.short}</abbr>' in html.replace("&#39;", "'")
        assert f"{score.label} <code>{score.field}</code>" in html.replace("&#39;", "'")


def test_the_registry_declares_every_score_of_the_metrics_once() -> None:
    declared = [score.field for score in EXTRACTION_SCORES]
    assert len(set(declared)) == len(declared)
    assert set(Metrics.model_fields) - COUNTS == set(declared)
    assert len({score.short for score in EXTRACTION_SCORES}) == len(declared)
    assert {score.field for score in QA_SCORES} <= set(QAEvalReport.model_fields)


def test_the_baseline_floors_the_gated_scores_and_names_only_declared_ones() -> None:
    baseline = tomllib.loads((ROOT / "eval" / "baseline.toml").read_text("utf-8"))
    gated = {score.field for score in EXTRACTION_SCORES if score.gated}
    assert gated
    for floors in baseline["datasets"].values():
        assert set(floors) == gated
    declared = {score.field for score in EXTRACTION_SCORES}
    # Question answering's floors name its question folder beside its own scores.
    declared_qa = {score.field for score in QA_SCORES} | {"questions"}
    for name, table in baseline.items():
        for floors in table.values():
            assert set(floors) <= (declared_qa if name == "questions" else declared)


def qa_report() -> QAEvalReport:
    return QAEvalReport(
        date="today",
        data="qa",
        extraction_engine="rules",
        answer_engine="extractive",
        model=None,
        retrieval=RetrievalMode.DENSE,
        sources=RetrievalSources.CHUNKS,
        chunk_size=800,
        top_k=5,
        threshold=0.8,
        questions=3,
        answerable=2,
        recall_at_1=0.5,
        recall_at_5=1.0,
        mrr=0.75,
        no_answer_precision=None,
        no_answer_recall=0.25,
        citation_grounding_rate=None,
        hedge_kept_rate=0.125,
        median_seconds_per_question=0.031,
        claims=4,
        sweep=[],
        results=[],
    )


def test_the_qa_table_labels_each_figure() -> None:
    rows = {
        row[0]: row[1]
        for row in (cells(line, "│") for line in printed(qa_table(qa_report())))
        if len(row) == 2
    }
    assert rows == {
        "recall@1": "0.50",
        "recall@5": "1.00",
        "MRR": "0.75",
        "no-answer precision": "—",
        "no-answer recall": "0.25",
        "citation grounding": "—",
        "expected hedge kept": "0.12",
        "median s/question": "0.03",
    }


def test_the_qa_html_report_labels_each_figure() -> None:
    html = render_html(qa_report())
    for score in QA_SCORES:
        value = score.text(getattr(qa_report(), score.field))
        assert f'<div class="figure">{score.label}<b>{value}</b></div>' in html
