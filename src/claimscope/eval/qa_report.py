"""How a QA eval run is shown: the terminal table, the JSON of `--json` and the
self-contained HTML report, every score's label and format read from `eval/scores.py`."""

from __future__ import annotations

import json
from pathlib import Path

from rich.table import Table

from claimscope.errors import EvalError
from claimscope.eval.qa_results import QAEvalReport
from claimscope.eval.scores import QA_SCORES
from claimscope.rendering import template_environment

TEMPLATE = "qa_report.html.j2"


def qa_table(report: QAEvalReport) -> Table:
    table = Table(
        title=f"QA on {report.data}: {report.questions} questions, answers {report.answer_engine}, "
        f"retrieval {report.retrieval.value} over {report.sources.value}"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    for score in QA_SCORES:
        table.add_row(score.label, score.text(getattr(report, score.field)))
    return table


def report_json(report: QAEvalReport) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)


def render_html(report: QAEvalReport) -> str:
    template = template_environment("claimscope.eval").get_template(TEMPLATE)
    return template.render(report=report, scores=QA_SCORES)


def write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise EvalError(f"{path}: cannot write ({error.strerror})") from error
