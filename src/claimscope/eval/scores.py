"""Every score the evals report, declared once.

The terminal tables, the HTML reports, `claimscope eval --compare` and the bootstrap
intervals read their scores, labels and formats from here, so that a column header cannot
drift from the value under it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    """One score: where it lives and how it is shown."""

    field: str
    """The attribute of the result model, and the key in `--json`."""
    short: str
    """Column header in the terminal's wide tables."""
    label: str
    """What a reader sees in the HTML reports and the terminal's list of scores."""
    digits: int = 3
    """Decimals where the score is shown in full (compact tables may show fewer)."""
    gated: bool = False
    """Whether eval/baseline.toml sets the rules engine a floor for it on every data set
    ([datasets]; tests/test_eval_regression.py enforces the floors)."""

    def text(self, value: float | None, digits: int | None = None) -> str:
        """The value to `digits` decimals (the score's own by default); "—" when undefined."""
        return number(value, self.digits if digits is None else digits)


def number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


EXTRACTION_SCORES = (
    Score("claim_precision", "P", "claim precision"),
    Score("claim_recall", "R", "claim recall"),
    Score("claim_f1", "F1", "claim F1"),
    Score("hedging_accuracy", "lvl acc", "hedging accuracy"),
    Score("hedging_macro_f1", "lvl mF1", "hedging macro F1", gated=True),
    Score("hedging_kappa", "lvl κ", "hedging Cohen's kappa"),
    Score("source_accuracy", "src acc", "source accuracy"),
    Score("strict_f1", "strict", "strict F1 (claim and level)", gated=True),
    Score("grounding_rate", "grnd", "grounding rate"),
)
"""The claim-extraction scores of `claimscope eval`, in the order every table shows them."""

QA_SCORES = (
    Score("recall_at_1", "R@1", "recall@1", digits=2),
    Score("recall_at_5", "R@5", "recall@5", digits=2),
    Score("mrr", "MRR", "MRR", digits=2),
    Score("no_answer_precision", "NA P", "no-answer precision", digits=2),
    Score("no_answer_recall", "NA R", "no-answer recall", digits=2),
    Score("citation_grounding_rate", "cite", "citation grounding", digits=2),
    Score("hedge_kept_rate", "hedge", "expected hedge kept", digits=2),
    Score("median_seconds_per_question", "s/q", "median s/question", digits=2),
)
"""The question-answering scores of `claimscope eval-qa`."""

SCORE_NAMES = tuple(score.field for score in EXTRACTION_SCORES)
"""The extraction scores' fields: the keys of the bootstrap intervals."""
