"""The pydantic models the eval stages hand to each other and that `--json` writes."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from claimscope.errors import EvalError
from claimscope.models import Claim

Confusion = dict[str, dict[str, int]]
"""Gold level → predicted level → number of matched pairs."""


class Metrics(BaseModel):
    """Scores of one article or of all of them; None where the denominator is empty.

    Every score field is declared in `eval/scores.py` (EXTRACTION_SCORES); the rest are counts.
    """

    gold_claims: int
    predicted_claims: int
    matched_claims: int
    claim_precision: float
    claim_recall: float
    claim_f1: float
    hedging_accuracy: float | None
    hedging_macro_f1: float | None
    hedging_kappa: float | None
    source_accuracy: float | None
    strict_f1: float
    grounding_rate: float | None

    def score(self, name: str) -> float | None:
        value: float | None = getattr(self, name)
        return value


class Interval(BaseModel):
    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


class LevelMistake(BaseModel):
    """A matched pair whose hedging level is wrong."""

    gold: Claim
    predicted: Claim


class ArticleResult(Metrics):
    """One article's scores, what the engine cost, and what it got wrong."""

    confusion: Confusion
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    missed: list[Claim] = Field(default_factory=list, description="gold claims left unmatched")
    spurious: list[Claim] = Field(
        default_factory=list, description="predicted claims left unmatched"
    )
    wrong_level: list[LevelMistake] = Field(default_factory=list)


class Bootstrap(BaseModel):
    """How the intervals were drawn, so that a run can be repeated to the last digit."""

    resamples: int
    seed: int
    confidence: float


class EvalResult(BaseModel):
    data: str
    engine: str
    model: str | None = None
    prompt_version: str | None = None
    micro: Metrics
    intervals: dict[str, Interval | None]
    confusion: Confusion
    bootstrap: Bootstrap
    articles: dict[str, ArticleResult]
    notices: list[str] = Field(default_factory=list)


class MetricComparison(BaseModel):
    """One score of two runs side by side (difference is b − a)."""

    metric: str
    a: float | None
    b: float | None
    difference: float | None
    a_interval: Interval | None
    b_interval: Interval | None
    intervals_overlap: bool | None


def save_result(result: EvalResult, path: Path) -> None:
    try:
        path.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise EvalError(f"{path}: cannot write the result ({error.strerror})") from error


def load_result(path: Path) -> EvalResult:
    try:
        return EvalResult.model_validate_json(path.read_bytes())
    except OSError as error:
        raise EvalError(f"{path}: cannot be read ({error.strerror})") from error
    except ValidationError as error:
        raise EvalError(
            f"{path}: not an eval result written by 'claimscope eval --json' "
            f"({error.error_count()} problems, first at {'.'.join(map(str, error.errors()[0]['loc']))})"
        ) from error
