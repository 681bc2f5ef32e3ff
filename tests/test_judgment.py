"""The learned judgment stage: its features on invented sentences, its model file, and its
determinism. The e5 model is replaced by a deterministic stand-in where meaning does not
matter (the plumbing); the committed model is loaded for real."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from claimscope.errors import ExtractionError
from claimscope.extract.rules import RulesExtractor
from claimscope.judgment.context import read_article
from claimscope.judgment.features import (
    DETECTED,
    article_features,
    feature_names,
    unit_feature_names,
    unit_features,
)
from claimscope.judgment.model import load_model
from claimscope.judgment.stage import OfflineExtractor, judge, source_for
from claimscope.models import Claim, Document, HedgingLevel
from fakes import tiny_model


def hashed_embed(texts: Sequence[str]) -> np.ndarray:
    """A stand-in for e5: a unit vector per text, the same text always the same vector."""
    rows = []
    for text in texts:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        vector = np.random.default_rng(seed).normal(size=384)
        rows.append(vector / np.linalg.norm(vector))
    return np.array(rows)


def document(text: str, language: str = "it") -> Document:
    return Document(id="t", title="t", text=text, source_path="t", language=language)


REPORT_THEN_DENIAL = (
    "Secondo il Corriere Fiorentino, la dirigenza ha incontrato l'allenatore giovedì sera. "
    "All'incontro avrebbe partecipato anche il direttore sportivo.\n\n"
    "Lo stadio ha 40 mila posti.\n\n"
    "Il club smentisce quanto scritto dal Corriere Fiorentino."
)


def features_of(text: str) -> tuple[list[Claim], dict[str, np.ndarray]]:
    doc = document(text)
    claims = RulesExtractor().extract(doc).claims
    context = read_article(doc, hashed_embed)
    detected = np.zeros((len(context.sentences), len(DETECTED)))
    rows, _ = article_features(claims, context, detected)
    names = feature_names()
    return claims, {
        claim.quote: dict(zip(names, row, strict=True))
        for claim, row in zip(claims, rows, strict=True)
    }  # type: ignore[misc]


def test_every_claim_has_one_value_per_named_feature_all_within_0_and_1() -> None:
    claims, rows = features_of(REPORT_THEN_DENIAL)
    assert claims
    for row in rows.values():
        assert len(row) == len(feature_names())
        assert all(0.0 <= value <= 1.0 for value in row.values())


def test_a_denial_after_the_claim_is_seen_where_it_stands() -> None:
    _, rows = features_of(REPORT_THEN_DENIAL)
    first = next(row for quote, row in rows.items() if "incontrato" in quote)
    assert first["cue:after:unconfirmed"] == 1.0
    assert first["cue:before:unconfirmed"] == 0.0


def test_a_sentence_that_continues_a_report_belongs_to_it_and_the_denial_names_it() -> None:
    _, rows = features_of(REPORT_THEN_DENIAL)
    continued = next(row for quote, row in rows.items() if "direttore sportivo" in quote)
    assert continued["report=named"] == 1.0
    assert continued["report:named_in_lexicon:unconfirmed"] == 1.0
    own_voice = next(row for quote, row in rows.items() if "40 mila" in quote)
    assert own_voice["report=none"] == 1.0


@pytest.mark.parametrize(
    ("level", "rules_source", "expected"),
    [
        (HedgingLevel.ASSERTED, "Reuters", None),
        (HedgingLevel.RUMORED, None, "anonymous"),
        (HedgingLevel.UNCONFIRMED, "Bloomberg", "Bloomberg"),
        (HedgingLevel.ATTRIBUTED, None, "Reuters"),
    ],
)
def test_the_source_goes_with_the_level(
    level: HedgingLevel, rules_source: str | None, expected: str | None
) -> None:
    earlier = [Claim(id="c1", text="x", quote="x", start=0, end=1, hedging=level, source="Reuters")]
    claim = Claim(id="c2", text="y", quote="y", start=2, end=3, hedging=level, source=rules_source)
    assert source_for(level, claim, None, earlier) == expected


def test_judge_applies_the_model_and_tells_each_claim_its_report() -> None:
    doc = document(REPORT_THEN_DENIAL)
    claims = RulesExtractor().extract(doc).claims
    judged = judge(claims, read_article(doc, hashed_embed), tiny_model("unconfirmed"))
    assert [c.quote for c in judged] == [c.quote for c in claims]
    assert {c.hedging for c in judged} == {HedgingLevel.UNCONFIRMED}
    continued = next(c for c in judged if "direttore sportivo" in c.quote)
    assert continued.report == "r1" and continued.source == "Corriere Fiorentino"


def test_claims_the_unit_layer_rejects_are_dropped() -> None:
    doc = document(REPORT_THEN_DENIAL)
    claims = RulesExtractor().extract(doc).claims
    context = read_article(doc, hashed_embed)
    assert judge(claims, context, tiny_model("asserted", keep=False)) == []


def test_unit_features_tell_a_short_reporting_phrase_from_a_figure() -> None:
    text = "Lo riferisce l'agenzia. Il fatturato è salito a 40 milioni di euro nel 2024."
    context = read_article(document(text), hashed_embed)
    detected = np.zeros((len(context.sentences), len(DETECTED)))
    names = unit_feature_names(384)

    def features(quote: str) -> dict[str, float]:
        start = text.index(quote)
        claim = Claim(
            id="c",
            text=quote,
            quote=quote,
            start=start,
            end=start + len(quote),
            hedging=HedgingLevel.ASSERTED,
        )
        return dict(zip(names, unit_features(claim, context, detected), strict=True))

    reporting, figure = features("Lo riferisce l'agenzia"), features("Il fatturato è salito")
    assert features("a 40 milioni di euro nel 2024")["figure"] == 1.0 and figure["figure"] == 0.0
    assert reporting["short"] == 1.0 and reporting["cue_coverage"] > 0.0


def test_the_offline_engine_is_deterministic_and_grounded() -> None:
    extractor = OfflineExtractor(model=load_model(), embed=hashed_embed)
    doc = document(REPORT_THEN_DENIAL)
    first, second = extractor.extract(doc), extractor.extract(doc)
    assert first.engine == "offline" and first.claims
    assert first.claims == second.claims
    assert all(doc.text[c.start : c.end] == c.quote for c in first.claims)


def test_a_book_length_input_keeps_the_rules_levels_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("claimscope.judgment.stage.MAX_JUDGED_CLAIMS", 1)
    doc = document(REPORT_THEN_DENIAL)
    report = OfflineExtractor(model=tiny_model("hedged"), embed=hashed_embed).extract(doc)
    assert report.claims == RulesExtractor().extract(doc).claims
    assert any("rules engine's levels" in notice for notice in report.notices)


def test_the_committed_model_matches_the_features_the_code_computes() -> None:
    model = load_model()
    assert model.feature_names == feature_names()
    assert model.detector.inputs == 384
    assert sorted(model.level.classes) == sorted(str(level) for level in HedgingLevel)
    assert "corpus/holdout" not in model.trained_on


def test_a_missing_model_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"cannot be read.*make train"):
        load_model(tmp_path / "absent.json")


def test_a_model_of_another_shape_is_one_clear_error(tmp_path: Path) -> None:
    broken = tiny_model("asserted").model_dump()
    broken["feature_names"] = broken["feature_names"][:-1]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ExtractionError, match="not valid"):
        load_model(path)


@pytest.mark.slow
def test_training_reproduces_the_committed_model(tmp_path: Path) -> None:
    from claimscope.judgment.training import TRAINING_SETS, main

    missing = [name for name, path in TRAINING_SETS.items() if not path.is_dir()]
    if missing:
        pytest.skip(f"training sets not found here: {', '.join(missing)} (../shared is absent)")
    rebuilt = tmp_path / "model.json"
    assert main(["--out", str(rebuilt), "--no-cross-validation"]) == 0
    fresh, committed = load_model(rebuilt), load_model()
    assert fresh.trained_on == committed.trained_on
    assert fresh.level.classes == committed.level.classes
    assert fresh.split_feature_names == committed.split_feature_names
    layers = (
        (fresh.detector, committed.detector),
        (fresh.level, committed.level),
        (fresh.split, committed.split),
    )
    for new, old in layers:
        assert np.allclose(new.coef, old.coef, atol=1e-4)
        assert np.allclose(new.intercept, old.intercept, atol=1e-4)
