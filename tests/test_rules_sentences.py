"""split_sentences on real Italian and English sentence shapes: abbreviations, quotes."""

from __future__ import annotations

import pytest

from claimscope.text import split_sentences


def sentences(text: str, language: str = "it") -> list[str]:
    spans = split_sentences(text, language)
    assert all(text[s.start : s.end] == s.text for s in spans)
    return [s.text for s in spans]


@pytest.mark.parametrize(
    "text",
    [
        "Il gruppo ha chiuso il 2024 con ricavi per 10 mld. di euro, in crescita del 5%.",
        "Telvia S.p.A. ha chiuso l'esercizio in utile.",
        "Ne ha parlato il dott. Rossi durante l'assemblea dei soci.",
        "Il piano copre fibra, 5G, data center ecc. e vale tre miliardi.",
        "Lo ha confermato il sig. Bianchi, presidente della Regione.",
        "The U.S. Army said the contract runs until 2030.",
        "All'incontro c'erano l'a.d. Marco Neri e il d.s. Paolo Verdi del club.",
    ],
)
def test_an_abbreviation_does_not_end_the_sentence(text: str) -> None:
    assert sentences(text, "en" if "Army" in text else "it") == [text]


def test_a_quotation_with_full_stops_stays_in_its_sentence() -> None:
    text = "Il ministro ha detto: «Siamo pronti. Partiamo a marzo». Poi ha lasciato la sala."
    assert sentences(text) == [
        "Il ministro ha detto: «Siamo pronti. Partiamo a marzo».",
        "Poi ha lasciato la sala.",
    ]


def test_a_sentence_ending_in_an_acronym_is_still_cut() -> None:
    text = "Il fornitore esclusivo dei modelli AI. Le cose sono adesso cambiate."
    assert sentences(text) == [
        "Il fornitore esclusivo dei modelli AI.",
        "Le cose sono adesso cambiate.",
    ]


def test_paragraphs_never_share_a_sentence() -> None:
    text = "Titolo senza punto\n\nPrimo paragrafo, una frase. Seconda frase.\n\nTerzo."
    assert sentences(text) == [
        "Titolo senza punto",
        "Primo paragrafo, una frase.",
        "Seconda frase.",
        "Terzo.",
    ]
