"""Figures with units, and the answer line that says two articles give different ones."""

from __future__ import annotations

from claimscope.models import Citation
from claimscope.qa.figures import disagree, disagreements, figures


def test_figures_are_read_with_their_units_in_either_language() -> None:
    found = figures("il 27% vale 135 miliardi, $13 billion, 13,5 mld, 1.340 milioni e 3,1%")
    assert [(f.value, f.unit) for f in found] == [
        (27.0, "percent"),
        (135.0, "billion"),
        (13.0, "billion"),
        (13.5, "billion"),
        (1340.0, "million"),
        (3.1, "percent"),
    ]
    assert figures("nel 2025 sono 400 posti") == []


def test_only_different_values_of_one_unit_disagree() -> None:
    assert [(a.text, b.text) for a, b in disagree("circa il 30% della società", "il 27%")] == [
        ("30%", "27%")
    ]
    assert (
        disagree("a 27% stake valued at $135 billion", "vale 135 miliardi, il 27 per cento") == []
    )
    assert disagree("il 27%", "135 miliardi") == []


def citation(number: int, document_id: str, quote: str) -> Citation:
    return Citation(
        number=number, document_id=document_id, title=document_id, quote=quote, start=0, end=1
    )


def test_an_answer_says_when_cited_articles_give_different_figures() -> None:
    cited = [
        citation(1, "a", "Nordel riceverà il 27% della società"),
        citation(2, "b", "otterrà circa il 30% della società"),
        citation(3, "a", "una quota del 30% in un'altra"),
    ]
    assert disagreements(cited, "it") == [
        "Gli articoli non concordano su questa cifra: «27%» [1], «30%» [2]."
    ]
    assert disagreements(cited[:1], "en") == []
