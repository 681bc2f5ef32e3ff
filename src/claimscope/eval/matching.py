"""Pair predicted claims with gold claims, one to one, as the labelling guide says.

A pair is admissible when the quotes overlap enough in the article (overlap ÷ shorter
span ≥ 0.5) or, failing that, when the claim texts are close (token-set Jaccard ≥ 0.6
after casefolding and accent folding). Among all one-to-one pairings the chosen one has,
in this order: the most pairs, the highest total score, and pairs closest in the
document. The three are folded into exact integer weights for
scipy.optimize.linear_sum_assignment, so the result is deterministic.
"""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
from pydantic import BaseModel
from scipy.optimize import linear_sum_assignment

from claimscope.errors import EvalError
from claimscope.models import Claim
from claimscope.text import folded_words

QUOTE_OVERLAP_MIN = 0.5
TEXT_JACCARD_MIN = 0.6
# Text scores (0.6–1) are ranked at 0.24–0.4, below every quote score (0.5–1): the text
# rule is only the fallback of the quote rule.
TEXT_RANK_FACTOR = 0.4
# Integer resolution of the score and of the document-order tie-break.
SCORE_STEPS = 1000
PROXIMITY_STEPS = 1000
# float64 holds integers exactly up to 2**53: beyond, ties could be broken wrongly.
EXACT_FLOAT_LIMIT = 2**53
_WORD = re.compile(r"\w+")


class Pair(BaseModel):
    gold: Claim
    predicted: Claim
    by: Literal["quote", "text"]
    score: float


class Matching(BaseModel):
    pairs: list[Pair]
    missed: list[Claim]
    spurious: list[Claim]


def quote_overlap(gold: Claim, predicted: Claim) -> float:
    """Characters both quotes cover, divided by the length of the shorter quote."""
    overlap = min(gold.end, predicted.end) - max(gold.start, predicted.start)
    shorter = min(gold.end - gold.start, predicted.end - predicted.start)
    return overlap / shorter if overlap > 0 and shorter > 0 else 0.0


def text_similarity(a: str, b: str) -> float:
    """Jaccard index of the two texts' folded word sets."""
    words_a, words_b = folded_words(a), folded_words(b)
    union = words_a | words_b
    return len(words_a & words_b) / len(union) if union else 0.0


def pair_score(gold: Claim, predicted: Claim) -> tuple[Literal["quote", "text"], float] | None:
    """How a pair qualifies (quote overlap first, text similarity failing that) and the
    overlap or similarity that qualified it, or None."""
    overlap = quote_overlap(gold, predicted)
    if overlap >= QUOTE_OVERLAP_MIN:
        return "quote", overlap
    similarity = text_similarity(gold.text, predicted.text)
    if similarity >= TEXT_JACCARD_MIN:
        return "text", similarity
    return None


def _proximity(gold: Claim, predicted: Claim, scale: int) -> int:
    """PROXIMITY_STEPS for quotes that start together, down to 0 for a document apart."""
    distance = abs(gold.start - predicted.start)
    return PROXIMITY_STEPS - (PROXIMITY_STEPS * min(distance, scale)) // scale


def match_claims(gold: list[Claim], predicted: list[Claim]) -> Matching:
    """The one-to-one pairing of the guide; claims are taken in document order."""
    gold = sorted(gold, key=lambda claim: (claim.start, claim.end))
    predicted = sorted(predicted, key=lambda claim: (claim.start, claim.end))
    scored = {
        (i, j): found
        for i, gold_claim in enumerate(gold)
        for j, predicted_claim in enumerate(predicted)
        if (found := pair_score(gold_claim, predicted_claim)) is not None
    }
    weights = _weights(gold, predicted, scored)
    chosen = [
        (int(i), int(j))
        for i, j in zip(*linear_sum_assignment(weights, maximize=True), strict=True)
        if weights[i, j] > 0
    ]
    matched_gold = {i for i, _ in chosen}
    matched_predicted = {j for _, j in chosen}
    return Matching(
        pairs=[
            Pair(gold=gold[i], predicted=predicted[j], by=scored[i, j][0], score=scored[i, j][1])
            for i, j in chosen
        ],
        missed=[claim for i, claim in enumerate(gold) if i not in matched_gold],
        spurious=[claim for j, claim in enumerate(predicted) if j not in matched_predicted],
    )


def _weights(
    gold: list[Claim],
    predicted: list[Claim],
    scored: dict[tuple[int, int], tuple[Literal["quote", "text"], float]],
) -> np.ndarray:
    """Lexicographic (pairs, score, proximity) as one integer weight per admissible pair:
    each level's unit outweighs the largest possible total of the levels below it."""
    most_pairs = min(len(gold), len(predicted))
    score_unit = most_pairs * PROXIMITY_STEPS + 1
    pair_unit = most_pairs * SCORE_STEPS * score_unit + score_unit
    if (most_pairs + 1) * pair_unit >= EXACT_FLOAT_LIMIT:
        raise EvalError(
            f"too many claims to match exactly ({len(gold)} gold, {len(predicted)} predicted)"
        )
    scale = max([claim.end for claim in gold + predicted], default=0) + 1
    weights = np.zeros((len(gold), len(predicted)), dtype=np.float64)
    for (i, j), (by, score) in scored.items():
        rank = score if by == "quote" else score * TEXT_RANK_FACTOR
        weights[i, j] = (
            pair_unit
            + round(rank * SCORE_STEPS) * score_unit
            + _proximity(gold[i], predicted[j], scale)
        )
    return weights
