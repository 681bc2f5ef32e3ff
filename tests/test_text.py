"""normalize (with its offset map back to the source), canonical and detect_language."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimscope.text import canonical, detect_language, normalize

SHARED_ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles"


def test_nfd_text_is_composed_and_maps_back_to_whole_characters() -> None:
    source = unicodedata.normalize("NFD", "Perché è così")
    normalized = normalize(source)
    assert normalized.text == "Perché è così"
    start = normalized.text.index("così")
    source_start, source_end = normalized.to_source(start, start + len("così"))
    assert source[source_start:source_end] == unicodedata.normalize("NFD", "così")
    assert source_end == len(source)


def test_whitespace_runs_fold_to_one_space_and_map_back() -> None:
    source = "Una\u00a0 frase.\n\n\tUn'altra."
    normalized = normalize(source)
    assert normalized.text == "Una frase. Un'altra."
    start = normalized.text.index("Un'altra")
    assert normalized.to_source(start, start + len("Un'altra")) == (
        source.index("Un'altra"),
        source.index("Un'altra") + len("Un'altra"),
    )


def test_typography_and_case_folding_keep_offsets() -> None:
    source = "Lui disse: «L’accordo è FATTO» — poi tacque."
    folded = normalize(source, fold_case=True, fold_typography=True)
    assert folded.text == 'lui disse: "l\'accordo è fatto" - poi tacque.'
    start = folded.text.index("\"l'accordo")
    source_start, source_end = folded.to_source(start, start + len('"l\'accordo è fatto"'))
    assert source[source_start:source_end] == "«L’accordo è FATTO»"


def test_case_folding_that_lengthens_a_character_maps_to_it_whole() -> None:
    source = "Die Straße ist lang"
    folded = normalize(source, fold_case=True)
    assert folded.text == "die strasse ist lang"
    start = folded.text.index("strasse")
    assert folded.to_source(start, start + len("strasse")) == (4, 10)


def test_empty_range_maps_to_a_position() -> None:
    normalized = normalize("ab")
    assert normalized.to_source(1, 1) == (1, 1)
    assert normalized.to_source(2, 2) == (2, 2)


@given(st.text(alphabet=st.sampled_from("ae\u0301\u0300 \n\t\u00a0ÈéßİA«»’.")), st.data())
def test_every_normalized_range_maps_into_the_source(text: str, data: st.DataObject) -> None:
    normalized = normalize(text, fold_case=True, fold_typography=True)
    size = len(normalized.text)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    source_start, source_end = normalized.to_source(start, end)
    assert 0 <= source_start <= source_end <= len(text)
    # What maps back holds the characters the range came from, once normalised.
    piece = normalize(text[source_start:source_end], fold_case=True, fold_typography=True)
    assert normalized.text[start:end].strip() in piece.text


def test_canonical_is_nfc_single_spaced_and_stripped() -> None:
    assert canonical(unicodedata.normalize("NFD", "  Città\u00a0 e\n\npaese ")) == "Città e paese"
    assert canonical("a b") == canonical("a\tb") == canonical(" a  b\n")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Secondo fonti vicine al dossier, la fusione salterà.", "it"),
        ("Testo da stdin. Una frase.", "it"),
        ("Ciao", "it"),
        ("The deal is off, two people familiar with the talks said.", "en"),
        ("Grok 3 on Azure AI Foundry", "en"),
    ],
)
def test_detect_language_tells_italian_from_english(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_detect_language_on_the_development_corpus() -> None:
    if not SHARED_ARTICLES.is_dir():
        pytest.skip(f"development corpus not found at {SHARED_ARTICLES}")
    for article in sorted(SHARED_ARTICLES.glob("*.txt")):
        expected = article.name[:2]
        assert detect_language(article.read_text(encoding="utf-8")) == expected, article.name
