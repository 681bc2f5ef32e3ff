"""One self-contained HTML file of an eval run: scores, confusion heatmap, mistakes."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np

from claimscope.errors import EvalError
from claimscope.eval.results import Confusion, EvalResult
from claimscope.eval.scores import EXTRACTION_SCORES
from claimscope.eval.tables import interval_text
from claimscope.rendering import template_environment

TEMPLATE = "report.html.j2"


def heatmap_png(confusion: Confusion) -> bytes:
    """The confusion matrix as a PNG heatmap with counts in the cells."""
    # Figure without pyplot draws with Agg and leaves no global state behind.
    from matplotlib.figure import Figure

    levels = list(confusion)
    counts = np.array([[confusion[gold][predicted] for predicted in levels] for gold in levels])
    figure = Figure(figsize=(6.5, 5.5), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    image = axes.imshow(counts, cmap="Blues")
    figure.colorbar(image, ax=axes, label="matched pairs")
    axes.set_xticks(range(len(levels)), levels, rotation=35, ha="right")
    axes.set_yticks(range(len(levels)), levels)
    axes.set_xlabel("predicted level")
    axes.set_ylabel("gold level")
    threshold = counts.max() / 2 if counts.max() else 1
    for (row, column), count in np.ndenumerate(counts):
        color = "white" if count > threshold else "black"
        axes.text(column, row, str(count), ha="center", va="center", color=color)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def render_report(result: EvalResult) -> str:
    environment = template_environment("claimscope.eval")
    environment.filters["interval"] = interval_text
    heatmap = base64.b64encode(heatmap_png(result.confusion)).decode("ascii")
    return environment.get_template(TEMPLATE).render(
        result=result, scores=EXTRACTION_SCORES, heatmap=heatmap
    )


def write_report(result: EvalResult, path: Path) -> None:
    try:
        path.write_text(render_report(result), encoding="utf-8")
    except OSError as error:
        raise EvalError(f"{path}: cannot write the report ({error.strerror})") from error
