"""Scores from a matching.

A matching is broken into units: a matched pair, a missed gold claim, a spurious
prediction, or an ungrounded quote the engine returned and dropped. Every score is a
ratio of unit sums (plus the confusion matrix of the pairs), so one function scores an
article, the whole data set, or a bootstrap resample of units.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum

import numpy as np

from claimscope.eval.matching import Matching
from claimscope.eval.results import Confusion, Metrics
from claimscope.lexicons import every_language
from claimscope.models import Claim, HedgingLevel

LEVELS = list(HedgingLevel)
NO_LEVEL = -1
# What a leading article looks like once folded; sources are compared without it.
# Sources are compared across languages, so every language's articles are dropped.
LEADING_ARTICLES = tuple(
    article if article.endswith("'") else f"{article} "
    for article in every_language("definite_articles")
)


class Unit(IntEnum):
    """The columns of a units array."""

    GOLD = 0
    PREDICTED = 1
    MATCHED = 2
    LEVEL_AGREES = 3
    SOURCE_AGREES = 4
    QUOTES = 5
    GROUNDED = 6
    GOLD_LEVEL = 7
    PREDICTED_LEVEL = 8


def normalize_source(source: str | None) -> str | None:
    """Casefolded, accents and typographic apostrophes folded, leading article dropped."""
    if source is None:
        return None
    decomposed = unicodedata.normalize("NFKD", source.casefold().replace("\u2019", "'"))
    plain = " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
    for article in LEADING_ARTICLES:
        if plain.startswith(article) and len(plain) > len(article):
            return plain[len(article) :].lstrip()
    return plain


def is_grounded(claim: Claim, text: str) -> bool:
    """The quote stands in the article exactly at the offsets the claim gives."""
    return bool(claim.quote) and text[claim.start : claim.end] == claim.quote


def _row(gold: Claim | None, predicted: Claim | None, text: str, quotes: int = 0) -> list[int]:
    row = [0] * len(Unit)
    row[Unit.GOLD] = int(gold is not None)
    row[Unit.PREDICTED] = int(predicted is not None)
    row[Unit.GOLD_LEVEL] = LEVELS.index(gold.hedging) if gold else NO_LEVEL
    row[Unit.PREDICTED_LEVEL] = LEVELS.index(predicted.hedging) if predicted else NO_LEVEL
    row[Unit.QUOTES] = quotes + int(predicted is not None)
    row[Unit.GROUNDED] = int(predicted is not None and is_grounded(predicted, text))
    if gold and predicted:
        row[Unit.MATCHED] = 1
        row[Unit.LEVEL_AGREES] = int(gold.hedging == predicted.hedging)
        row[Unit.SOURCE_AGREES] = int(
            normalize_source(gold.source) == normalize_source(predicted.source)
        )
    return row


def units_of(matching: Matching, text: str, ungrounded_quotes: int = 0) -> np.ndarray:
    """One row per unit, columns as in Unit; `text` is the article the quotes point into."""
    rows = [_row(pair.gold, pair.predicted, text) for pair in matching.pairs]
    rows += [_row(claim, None, text) for claim in matching.missed]
    rows += [_row(None, claim, text) for claim in matching.spurious]
    rows += [_row(None, None, text, quotes=1) for _ in range(ungrounded_quotes)]
    return np.array(rows, dtype=np.int64).reshape(-1, len(Unit))


def confusion_matrix(units: np.ndarray) -> np.ndarray:
    """6×6 counts of matched pairs, gold level (rows) by predicted level (columns)."""
    pairs = units[units[:, Unit.MATCHED] == 1]
    cells = pairs[:, Unit.GOLD_LEVEL] * len(LEVELS) + pairs[:, Unit.PREDICTED_LEVEL]
    return np.bincount(cells, minlength=len(LEVELS) ** 2).reshape(len(LEVELS), len(LEVELS))


def confusion_table(matrix: np.ndarray) -> Confusion:
    return {
        gold.value: {predicted.value: int(matrix[i, j]) for j, predicted in enumerate(LEVELS)}
        for i, gold in enumerate(LEVELS)
    }


def macro_f1(matrix: np.ndarray) -> float | None:
    """Mean F1 over the levels that occur in gold or predictions of the matched pairs;
    a level absent from both has no F1 and is left out. None when there are no pairs."""
    true_positives = np.diag(matrix)
    gold_counts = matrix.sum(axis=1)
    predicted_counts = matrix.sum(axis=0)
    present = (gold_counts + predicted_counts) > 0
    if not present.any():
        return None
    f1 = 2 * true_positives[present] / (gold_counts[present] + predicted_counts[present])
    return float(f1.mean())


def cohen_kappa(matrix: np.ndarray) -> float | None:
    """Agreement on the level beyond chance over the matched pairs (Cohen's kappa).
    None when there are no pairs; 1.0 when both sides use one and the same level."""
    total = matrix.sum()
    if total == 0:
        return None
    observed = np.trace(matrix) / total
    expected = float((matrix.sum(axis=1) * matrix.sum(axis=0)).sum()) / total**2
    if expected == 1.0:
        return 1.0
    return float((observed - expected) / (1.0 - expected))


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _detection_ratio(numerator: int, denominator: int, nothing_at_all: bool) -> float:
    """Precision, recall and F1 are 1.0 when there is nothing to find and nothing is found,
    0.0 when only one side is empty."""
    if denominator:
        return numerator / denominator
    return 1.0 if nothing_at_all else 0.0


def metrics_of(units: np.ndarray) -> Metrics:
    totals = units.sum(axis=0)
    gold, predicted, matched = (int(totals[c]) for c in (Unit.GOLD, Unit.PREDICTED, Unit.MATCHED))
    level_agrees = int(totals[Unit.LEVEL_AGREES])
    empty = gold == 0 and predicted == 0
    return Metrics(
        gold_claims=gold,
        predicted_claims=predicted,
        matched_claims=matched,
        claim_precision=_detection_ratio(matched, predicted, empty),
        claim_recall=_detection_ratio(matched, gold, empty),
        claim_f1=_detection_ratio(2 * matched, gold + predicted, empty),
        hedging_accuracy=_ratio(level_agrees, matched),
        hedging_macro_f1=macro_f1(confusion_matrix(units)),
        hedging_kappa=cohen_kappa(confusion_matrix(units)),
        source_accuracy=_ratio(int(totals[Unit.SOURCE_AGREES]), matched),
        strict_f1=_detection_ratio(2 * level_agrees, gold + predicted, empty),
        grounding_rate=_ratio(int(totals[Unit.GROUNDED]), int(totals[Unit.QUOTES])),
    )
