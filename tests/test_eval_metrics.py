"""Every score on small matchings whose right answer is worked out in the test."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.eval.intervals import bootstrap_intervals, resample
from claimscope.eval.matching import Matching, Pair
from claimscope.eval.metrics import (
    confusion_matrix,
    confusion_table,
    is_grounded,
    metrics_of,
    normalize_source,
    units_of,
)
from claimscope.eval.results import Bootstrap
from claimscope.models import Claim
from test_eval_support import ARTICLE, claim_at


def pair(gold: Claim, predicted: Claim) -> Pair:
    return Pair(gold=gold, predicted=predicted, by="quote", score=1.0)


@pytest.fixture
def mixed() -> Matching:
    """4 gold, 5 predicted, 3 pairs (2 with the right level), 1 prediction ungrounded."""
    ungrounded = claim_at("Epsilon denied the report", claim_id="p5").model_copy(
        update={"start": 0, "end": 25}
    )
    return Matching(
        pairs=[
            pair(claim_at("Alpha bought Beta"), claim_at("Alpha bought Beta")),
            pair(
                claim_at("Gamma may sell Delta", "attributed", source="Il Sole 24 Ore"),
                claim_at("Gamma may sell Delta", "attributed", source="sole 24 ore"),
            ),
            pair(
                claim_at("Epsilon denied", "rumored", source="anonymous"),
                claim_at("Epsilon denied", "hedged"),
            ),
        ],
        missed=[claim_at("the deal closes in May", "conditional")],
        spurious=[claim_at("next year", claim_id="p4"), ungrounded],
    )


def test_detection_level_source_strict_and_grounding_scores(mixed: Matching) -> None:
    metrics = metrics_of(units_of(mixed, ARTICLE))
    assert (metrics.gold_claims, metrics.predicted_claims, metrics.matched_claims) == (4, 5, 3)
    assert metrics.claim_precision == 3 / 5
    assert metrics.claim_recall == 3 / 4
    assert metrics.claim_f1 == pytest.approx(2 * 0.6 * 0.75 / (0.6 + 0.75))  # = 6/9
    assert metrics.hedging_accuracy == 2 / 3
    # Levels in the pairs: asserted F1 1, attributed F1 1, rumored (gold only) F1 0,
    # hedged (predicted only) F1 0; conditional is only in a missed claim and
    # unconfirmed nowhere, so both are left out: (1 + 1 + 0 + 0) / 4.
    assert metrics.hedging_macro_f1 == 0.5
    # None = None, "Il Sole 24 Ore" = "sole 24 ore", "anonymous" ≠ None.
    assert metrics.source_accuracy == 2 / 3
    assert metrics.strict_f1 == 2 * 2 / (4 + 5)
    assert metrics.grounding_rate == 4 / 5


def test_dropped_ungrounded_quotes_count_against_grounding_only(mixed: Matching) -> None:
    metrics = metrics_of(units_of(mixed, ARTICLE, ungrounded_quotes=1))
    assert metrics.grounding_rate == 4 / 6
    assert metrics.claim_precision == 3 / 5


def test_confusion_matrix_counts_gold_rows_by_predicted_columns(mixed: Matching) -> None:
    table = confusion_table(confusion_matrix(units_of(mixed, ARTICLE)))
    assert table["asserted"]["asserted"] == 1
    assert table["attributed"]["attributed"] == 1
    assert table["rumored"]["hedged"] == 1
    assert sum(sum(row.values()) for row in table.values()) == 3
    assert (
        list(table)
        == list(table["asserted"])
        == ["unconfirmed", "rumored", "conditional", "hedged", "attributed", "asserted"]
    )


def test_macro_f1_over_a_level_predicted_twice_for_one_gold() -> None:
    # Gold asserted, asserted; predicted asserted, attributed. asserted: tp 1, 2 gold,
    # 1 predicted → F1 2/3; attributed: tp 0 → 0. Macro (2/3 + 0) / 2 = 1/3.
    matching = Matching(
        pairs=[
            pair(claim_at("Alpha"), claim_at("Alpha")),
            pair(claim_at("Gamma"), claim_at("Gamma", "attributed", source="Gamma")),
        ],
        missed=[],
        spurious=[],
    )
    assert metrics_of(units_of(matching, ARTICLE)).hedging_macro_f1 == pytest.approx(1 / 3)


def test_kappa_discounts_the_agreement_expected_by_chance(mixed: Matching) -> None:
    # Pairs: asserted/asserted, attributed/attributed, rumored/hedged. Observed 2/3;
    # chance (1·1 + 1·1) / 9 = 2/9 from the marginals; kappa (2/3 − 2/9) / (1 − 2/9) = 4/7.
    assert metrics_of(units_of(mixed, ARTICLE)).hedging_kappa == pytest.approx(4 / 7)


def test_kappa_of_one_shared_level_is_perfect_and_of_no_pairs_is_none() -> None:
    agreeing = Matching(pairs=[pair(claim_at("Alpha"), claim_at("Alpha"))], missed=[], spurious=[])
    empty = Matching(pairs=[], missed=[claim_at("Alpha")], spurious=[])
    assert metrics_of(units_of(agreeing, ARTICLE)).hedging_kappa == 1.0
    assert metrics_of(units_of(empty, ARTICLE)).hedging_kappa is None


def test_nothing_to_find_and_nothing_found_is_perfect_detection() -> None:
    metrics = metrics_of(units_of(Matching(pairs=[], missed=[], spurious=[]), ARTICLE))
    assert (metrics.claim_precision, metrics.claim_recall, metrics.claim_f1) == (1.0, 1.0, 1.0)
    assert metrics.strict_f1 == 1.0
    assert metrics.hedging_accuracy is None and metrics.hedging_macro_f1 is None
    assert metrics.source_accuracy is None and metrics.grounding_rate is None


def test_predictions_on_empty_gold_score_zero() -> None:
    matching = Matching(pairs=[], missed=[], spurious=[claim_at("Alpha"), claim_at("Gamma")])
    metrics = metrics_of(units_of(matching, ARTICLE))
    assert (metrics.claim_precision, metrics.claim_recall, metrics.claim_f1) == (0.0, 0.0, 0.0)
    assert metrics.grounding_rate == 1.0


def test_no_predictions_score_zero_recall() -> None:
    matching = Matching(pairs=[], missed=[claim_at("Alpha")], spurious=[])
    metrics = metrics_of(units_of(matching, ARTICLE))
    assert (metrics.claim_precision, metrics.claim_recall, metrics.strict_f1) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("gold", "predicted"),
    [
        ("Wall Street Journal", "il Wall Street Journal"),
        ("The Information", "information"),
        ("L'Espresso", "l’espresso"),
        ("Università di Bologna", "UNIVERSITA  DI BOLOGNA"),
        ("Le Monde", "monde"),
        ("gli analisti", "Analisti"),
        ("Intel", "intel"),
    ],
)
def test_sources_compare_without_case_accents_or_leading_article(gold: str, predicted: str) -> None:
    assert normalize_source(gold) == normalize_source(predicted)


def test_source_normalisation_keeps_words_that_merely_start_like_an_article() -> None:
    assert normalize_source("Intel") == "intel"
    assert normalize_source("Lola") == "lola"
    assert normalize_source("The") == "the"
    assert normalize_source(None) is None
    assert normalize_source("anonymous") != normalize_source(None)


def test_a_quote_is_grounded_only_at_its_own_offsets() -> None:
    placed = claim_at("Gamma may sell")
    assert is_grounded(placed, ARTICLE)
    assert not is_grounded(placed.model_copy(update={"start": placed.start + 1}), ARTICLE)
    assert not is_grounded(placed.model_copy(update={"quote": "Gamma might sell"}), ARTICLE)


def test_bootstrap_is_deterministic_to_the_last_digit(mixed: Matching) -> None:
    units = [units_of(mixed, ARTICLE), units_of(mixed, ARTICLE, ungrounded_quotes=2)]
    settings = Bootstrap(resamples=200, seed=7, confidence=0.95)
    first = bootstrap_intervals(units, settings)
    assert first == bootstrap_intervals(units, settings)
    assert first != bootstrap_intervals(units, settings.model_copy(update={"seed": 8}))
    for name, interval in first.items():
        assert interval is not None, name
        assert 0.0 <= interval.low <= interval.high <= 1.0


def test_bootstrap_resamples_within_each_article() -> None:
    one, two = np.zeros((3, 9), dtype=np.int64), np.ones((5, 9), dtype=np.int64)
    drawn = resample([one, two], np.random.default_rng(0))
    # The first 3 rows come from the first article, the next 5 from the second.
    assert drawn.shape == (8, 9)
    assert (drawn[:3] == 0).all() and (drawn[3:] == 1).all()


def test_bootstrap_of_perfect_predictions_is_a_point_and_of_no_pairs_is_none() -> None:
    perfect = Matching(pairs=[pair(claim_at("Alpha"), claim_at("Alpha"))], missed=[], spurious=[])
    settings = Bootstrap(resamples=50, seed=1, confidence=0.9)
    intervals = bootstrap_intervals([units_of(perfect, ARTICLE)], settings)
    assert all(i is not None and i.low == i.high == 1.0 for i in intervals.values())
    nothing = Matching(pairs=[], missed=[claim_at("Alpha")], spurious=[])
    intervals = bootstrap_intervals([units_of(nothing, ARTICLE)], settings)
    assert intervals["hedging_accuracy"] is None
    assert intervals["claim_recall"] is not None and intervals["claim_recall"].high == 0.0
