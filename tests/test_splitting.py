"""Claim splitting: where a claim may be cut, what the decision reads there, which cuts the
gold claims call right, and how a cut claim's parts are built. Invented sentences; the
layers are hand-made where the learned weights do not matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimscope.errors import ExtractionError
from claimscope.judgment.model import LinearLayer, load_model
from claimscope.judgment.splitting import (
    Splitter,
    cut_features,
    cut_labels,
    cuts,
)
from claimscope.models import Claim, HedgingLevel
from fakes import tiny_model


def claim_in(text: str, quote: str, **fields: object) -> Claim:
    start = text.index(quote)
    values: dict[str, object] = {
        "id": "c01",
        "text": quote,
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "hedging": HedgingLevel.ASSERTED,
    }
    return Claim.model_validate(values | fields)


# A layer that cuts at every comma and nowhere else.
AT_COMMAS = Splitter(
    LinearLayer(classes=["cut"], coef=[[20.0]], intercept=[-10.0]), ["separator=,"]
)


def pieces(quote: str) -> list[tuple[str, str]]:
    return [(quote[: c.start], quote[c.end :]) for c in cuts(quote)]


def test_a_claim_may_be_cut_at_punctuation_and_before_coordinators_and_relatives() -> None:
    assert pieces("Acme ha chiuso in utile e ha assunto 200 persone") == [
        ("Acme ha chiuso in utile", "e ha assunto 200 persone")
    ]
    assert pieces("The board met on Monday; the vote was unanimous") == [
        ("The board met on Monday", "the vote was unanimous")
    ]
    assert pieces("Acme bought Borel, which makes valves") == [
        ("Acme bought Borel", "which makes valves")
    ]


def test_no_cut_at_the_very_start_or_end_nor_inside_a_word() -> None:
    assert cuts("e poi nulla") == []
    assert cuts("Il margine è sceso al 5,4%") == []
    assert cuts("Estate, ") == []


def test_the_decision_reads_the_words_at_the_cut_and_the_shape_of_the_parts() -> None:
    quote = "Il titolo sale del 5%, con il 3% del capitale passato di mano"
    (cut,) = cuts(quote)
    features = cut_features(quote, cut)
    assert features["separator=,"] == 1.0
    assert features["right_first=con"] == 1.0 and features["left_last=5"] == 1.0
    assert features["left_figure"] == 1.0 and features["right_figure"] == 1.0
    assert all(0.0 <= value <= 1.0 for value in features.values())


def test_the_right_cut_is_the_one_where_the_next_gold_claim_begins() -> None:
    text = "Acme ha chiuso il trimestre in utile, dopo un anno difficile, e ha assunto 200 persone."
    rules = claim_in(text, text[:-1])
    gold = [
        claim_in(text, "Acme ha chiuso il trimestre in utile"),
        claim_in(text, "ha assunto 200 persone"),
    ]
    found = cuts(rules.quote)
    assert [rules.quote[c.end :][:8] for c in found] == ["dopo un ", "e ha ass"]
    assert cut_labels(rules, gold) == [False, True]


def test_a_gold_claim_nested_in_another_calls_for_no_cut() -> None:
    text = "La fuga riguardava codici validi solo per 15 minuti, inviati via SMS."
    rules = claim_in(text, text[:-1])
    gold = [claim_in(text, text[:-1]), claim_in(text, "codici validi solo per 15 minuti")]
    assert cut_labels(rules, gold) == [False]


def test_a_cut_claim_becomes_parts_that_keep_its_level_source_and_cues() -> None:
    text = "Secondo Reuters, Acme ha chiuso il trimestre in utile, e ha assunto 200 persone."
    quote = "Acme ha chiuso il trimestre in utile, e ha assunto 200 persone"
    rumoured = claim_in(
        text, quote, hedging=HedgingLevel.RUMORED, source="Reuters", cues=["Secondo Reuters"]
    )
    parts = AT_COMMAS.split(rumoured, text)
    assert [p.quote for p in parts] == [
        "Acme ha chiuso il trimestre in utile",
        "ha assunto 200 persone",
    ]
    assert all(text[p.start : p.end] == p.quote for p in parts)
    assert {(p.hedging, p.source, tuple(p.cues)) for p in parts} == {
        (HedgingLevel.RUMORED, "Reuters", ("Secondo Reuters",))
    }
    assert len({p.id for p in parts}) == 2


def test_a_part_opening_on_a_relative_pronoun_is_restated_with_its_name() -> None:
    text = "Il fondo ha comprato Borel, che ha chiuso il 2024 in utile."
    parts = AT_COMMAS.split(claim_in(text, text[:-1]), text)
    assert [p.text for p in parts] == [
        "Il fondo ha comprato Borel",
        "Borel ha chiuso il 2024 in utile",
    ]


def test_a_cut_that_would_leave_a_part_of_under_three_words_is_not_made() -> None:
    text = "Acme, infine, ha assunto 200 persone in Italia."
    claim = claim_in(text, text[:-1])
    assert AT_COMMAS.split(claim, text) == [claim]


def test_a_layer_that_cuts_nowhere_leaves_the_claims_as_they_are() -> None:
    text = "Acme ha chiuso in utile, e ha assunto 200 persone."
    claims = [claim_in(text, text[:-1])]
    never = Splitter(LinearLayer(classes=["cut"], coef=[[0.0]], intercept=[-10.0]), ["x"])
    assert never.split_all(claims, text) == claims


def test_a_model_whose_split_layer_does_not_fit_its_features_is_one_clear_error(
    tmp_path: Path,
) -> None:
    broken = tiny_model("asserted").model_dump()
    broken["split_feature_names"] = [*broken["split_feature_names"], "separator=;"]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ExtractionError, match="split layer"):
        load_model(path)


def test_the_committed_model_cuts_a_sentence_of_two_separate_facts() -> None:
    text = "Il titolo avanza del 5,6% a 1,13 euro, con il 3% del capitale passato di mano."
    model = load_model()
    splitter = Splitter(model.split, model.split_feature_names)
    parts = splitter.split(claim_in(text, text[:-1]), text)
    assert [p.quote for p in parts] == [
        "Il titolo avanza del 5,6% a 1,13 euro",
        "con il 3% del capitale passato di mano",
    ]


def test_a_coordinated_verb_gets_the_subject_of_its_claim_back_in_its_text() -> None:
    text = "Il gruppo Acme ha chiuso il trimestre in utile, e ha assunto 200 persone."
    parts = AT_COMMAS.split(claim_in(text, text[:-1]), text)
    assert [p.text for p in parts] == [
        "Il gruppo Acme ha chiuso il trimestre in utile",
        "Il gruppo Acme ha assunto 200 persone",
    ]
    assert parts[1].quote == "ha assunto 200 persone"
