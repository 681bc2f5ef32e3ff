"""The matching rule of the labelling guide, on hand-made cases worked out below."""

from __future__ import annotations

from claimscope.eval.matching import match_claims, quote_overlap, text_similarity
from claimscope.models import Claim
from test_eval_support import claim_at


def paired_ids(gold: list[Claim], predicted: list[Claim]) -> list[tuple[str, str]]:
    return sorted((p.gold.id, p.predicted.id) for p in match_claims(gold, predicted).pairs)


def test_overlap_is_shared_characters_over_the_shorter_quote() -> None:
    gold = claim_at("Alpha bought Beta")  # 17 characters
    predicted = claim_at("Alpha bought Beta for ten million euros")
    assert quote_overlap(gold, predicted) == 1.0  # 17 shared / 17 shorter
    # "Delta" (5) of "Delta next year" (15) is shared with "Gamma may sell Delta".
    assert quote_overlap(claim_at("Gamma may sell Delta"), claim_at("Delta next year")) == 5 / 15


def test_a_prediction_matches_at_half_overlap_and_not_below() -> None:
    gold = claim_at("bought Beta", claim_id="g", text="one")  # 11 characters
    half = claim_at("Alpha bought", claim_id="p", text="two")  # shares "bought" (6 of 11 ≥ 0.5)
    under = claim_at("Alpha bough", claim_id="p", text="two")  # shares "bough" (5 of 11 < 0.5)
    assert quote_overlap(gold, half) == 6 / 11
    assert paired_ids([gold], [half]) == [("g", "p")]
    assert paired_ids([gold], [under]) == []


def test_texts_match_by_folded_word_jaccard_when_quotes_do_not_overlap() -> None:
    gold = claim_at("Alpha bought Beta", claim_id="g", text="L'accordo è già FIRMATO")
    predicted = claim_at("Epsilon denied", claim_id="p", text="l'accordo e gia firmato")
    assert text_similarity(gold.text, predicted.text) == 1.0
    assert paired_ids([gold], [predicted]) == [("g", "p")]


def test_the_text_threshold_is_three_fifths() -> None:
    assert text_similarity("a b c", "a b c d e") == 3 / 5  # matches
    assert text_similarity("a b c", "a b c d e f") == 3 / 6  # does not
    gold = claim_at("Alpha bought Beta", claim_id="g", text="a b c")
    at = claim_at("Epsilon denied", claim_id="p", text="a b c d e")
    below = claim_at("Epsilon denied", claim_id="p", text="a b c d e f")
    assert paired_ids([gold], [at]) == [("g", "p")]
    assert paired_ids([gold], [below]) == []


def test_a_quote_spanning_two_gold_claims_matches_the_first_only() -> None:
    first = claim_at("Alpha bought Beta", claim_id="g1")
    second = claim_at("for ten million euros", claim_id="g2")
    spanning = claim_at("Alpha bought Beta for ten million euros", claim_id="p")
    # Both gold quotes lie wholly inside the prediction (overlap 1.0 each): a tie that
    # document order breaks, whatever order the gold is given in.
    matching = match_claims([second, first], [spanning])
    assert [(p.gold.id, p.predicted.id) for p in matching.pairs] == [("g1", "p")]
    assert [claim.id for claim in matching.missed] == ["g2"]
    assert matching.spurious == []


def test_the_pairing_maximises_matches_not_the_first_best_pair() -> None:
    # p1 covers g1 wholly (1.0) and half of itself lies in g2; p2 covers only g1, less
    # well. Greedy pairing would give p1 to g1 and leave g2 and p2 alone; the
    # assignment pairs both.
    g1 = claim_at("Gamma may sell Delta", claim_id="g1", text="one")
    g2 = claim_at("Delta next year, according to Reuters", claim_id="g2", text="two")
    p1 = claim_at("Gamma may sell Delta next year", claim_id="p1", text="three")
    p2 = claim_at("euros. Gamma may sell", claim_id="p2", text="four")
    assert quote_overlap(g1, p1) == 1.0
    assert quote_overlap(g2, p1) == 15 / 30  # "Delta next year" of the shorter p1
    assert quote_overlap(g1, p2) == 14 / 20  # "Gamma may sell" of the shorter g1
    assert paired_ids([g1, g2], [p1, p2]) == [("g1", "p2"), ("g2", "p1")]


def test_the_pairing_maximises_total_overlap_among_equal_counts() -> None:
    # p qualifies for both, g2 with the larger overlap: with one prediction, g2 wins
    # although g1 comes first in the document.
    g1 = claim_at("bought Beta for ten", claim_id="g1", text="one")
    g2 = claim_at("Beta for ten million euros", claim_id="g2", text="two")
    p = claim_at("Beta for ten million", claim_id="p", text="three")
    assert quote_overlap(g1, p) == 12 / 19  # "Beta for ten" of the shorter g1
    assert quote_overlap(g2, p) == 1.0
    assert paired_ids([g1, g2], [p]) == [("g2", "p")]


def test_a_quote_match_wins_over_a_text_match() -> None:
    by_quote = claim_at("Epsilon denied the report", claim_id="g1", text="unrelated words")
    by_text = claim_at("Alpha bought Beta", claim_id="g2", text="Epsilon denied it")
    predicted = claim_at("Epsilon denied", claim_id="p", text="Epsilon denied it")
    assert paired_ids([by_text, by_quote], [predicted]) == [("g1", "p")]


def test_empty_gold_leaves_every_prediction_spurious_and_empty_predictions_miss_all() -> None:
    claims = [claim_at("Alpha bought Beta", claim_id="a"), claim_at("Epsilon denied", claim_id="b")]
    no_gold = match_claims([], claims)
    assert no_gold.pairs == [] and [c.id for c in no_gold.spurious] == ["a", "b"]
    no_predictions = match_claims(claims, [])
    assert no_predictions.pairs == [] and [c.id for c in no_predictions.missed] == ["a", "b"]
    assert match_claims([], []).pairs == []


def test_matching_is_deterministic_and_ignores_input_order() -> None:
    gold = [
        claim_at(q, claim_id=f"g{i}")
        for i, q in enumerate(("Alpha bought", "Gamma may", "Epsilon"))
    ]
    predicted = [
        claim_at(q, claim_id=f"p{i}") for i, q in enumerate(("Alpha", "Gamma", "Epsilon denied"))
    ]
    expected = [("g0", "p0"), ("g1", "p1"), ("g2", "p2")]
    assert paired_ids(gold, predicted) == expected
    assert paired_ids(gold[::-1], predicted[::-1]) == expected
