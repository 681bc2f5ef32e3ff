"""Flags on an LLM-style report where the rules engine sees a stronger cue."""

from __future__ import annotations

from claimscope.extract.crosscheck import flag_disagreements
from claimscope.models import Claim, Document, ExtractionReport, HedgingLevel

TEXT = (
    "Secondo alcune indiscrezioni Alfa sta valutando di vendere la divisione cloud. "
    "Alfa ha 4.000 dipendenti. "
    "Il titolo potrebbe salire del 10%."
)


def llm_claim(quote: str, level: HedgingLevel, number: int) -> Claim:
    start = TEXT.index(quote)
    return Claim(
        id=f"c{number:02d}",
        text=quote,
        quote=quote,
        start=start,
        end=start + len(quote),
        hedging=level,
        engine="llm",
    )


def test_a_level_weaker_than_the_cue_in_its_sentence_is_flagged() -> None:
    document = Document(id="d", title="d", text=TEXT, source_path="d", language="it")
    report = ExtractionReport(
        document_id="d",
        engine="llm",
        claims=[
            llm_claim("Alfa sta valutando di vendere la divisione cloud", HedgingLevel.ASSERTED, 1),
            llm_claim("Alfa ha 4.000 dipendenti", HedgingLevel.ASSERTED, 2),
            llm_claim("Il titolo potrebbe salire del 10%", HedgingLevel.HEDGED, 3),
            llm_claim("Il titolo potrebbe salire", HedgingLevel.ASSERTED, 4),
        ],
    )
    flag_disagreements(document, report)
    rumor, plain, agreed, missed_hedge = report.claims
    assert rumor.flags == [
        "rules engine sees 'Secondo alcune indiscrezioni' (rumored) in this sentence"
    ]
    assert plain.flags == []
    assert agreed.flags == []
    assert missed_hedge.flags == ["rules engine sees 'potrebbe' (hedged) in this sentence"]


def test_a_firmer_hedge_than_the_rules_see_is_the_models_call() -> None:
    document = Document(id="d", title="d", text=TEXT, source_path="d", language="it")
    report = ExtractionReport(
        document_id="d",
        engine="llm",
        claims=[llm_claim("Alfa ha 4.000 dipendenti", HedgingLevel.RUMORED, 1)],
    )
    flag_disagreements(document, report)
    assert report.claims[0].flags == []


def test_unsupported_language_is_left_alone() -> None:
    document = Document(id="d", title="d", text=TEXT, source_path="d", language="de")
    claim = llm_claim("Alfa ha 4.000 dipendenti", HedgingLevel.ASSERTED, 1)
    report = ExtractionReport(document_id="d", engine="llm", claims=[claim])
    flag_disagreements(document, report)
    assert claim.flags == []
