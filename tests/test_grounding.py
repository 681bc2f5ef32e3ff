"""Grounding: quotes and cues located at exact offsets, exactly or tolerantly."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from claimscope.extract.grounding import Grounder

ARTICLE = (
    "L'azienda ha confermato l'accordo.\n\n"
    "Secondo alcune  indiscrezioni, la società  “valuta” un’offerta da 3 miliardi.\n"
    "La società valuta un'offerta da 3 miliardi, ha ribadito il portavoce."
)

PROSE = st.text(
    alphabet=st.sampled_from(list("abcdeèiouAEIO ,.;\n'’\"“”«»-–ßİ")), min_size=1, max_size=120
)
QUOTABLE = " \t\n\"'«»“”„‘’`.…"


@st.composite
def text_and_piece(draw: st.DrawFn) -> tuple[str, int, int]:
    """A text and the bounds of a piece of it that holds something besides quote marks."""
    text = draw(PROSE.filter(lambda t: t.strip(QUOTABLE)))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    assume(text[start:end].strip(QUOTABLE))
    return text, start, end


def test_exact_match_returns_exact_offsets() -> None:
    span = Grounder(ARTICLE).locate("ha confermato l'accordo")
    assert span is not None
    assert ARTICLE[span.start : span.end] == "ha confermato l'accordo"


def test_tolerant_match_survives_whitespace_typography_and_case() -> None:
    span = Grounder(ARTICLE).locate('secondo alcune indiscrezioni, la società "valuta" un\'offerta')
    assert span is not None
    assert span.text == "Secondo alcune  indiscrezioni, la società  “valuta” un’offerta"
    assert ARTICLE[span.start : span.end] == span.text


def test_quote_marks_wrapped_around_the_quote_are_ignored() -> None:
    span = Grounder(ARTICLE).locate("«ha confermato l'accordo...»")
    assert span is not None
    assert span.text == "ha confermato l'accordo"


def test_the_occurrence_nearest_the_chunk_wins() -> None:
    grounder = Grounder(ARTICLE)
    first = grounder.locate("da 3 miliardi", near=(0, 40))
    last = grounder.locate("da 3 miliardi", near=(130, len(ARTICLE)))
    assert first is not None and last is not None
    assert (first.start, last.start) == (ARTICLE.find("da 3"), ARTICLE.rfind("da 3"))


def test_an_exact_match_wins_over_a_nearer_tolerant_one() -> None:
    span = Grounder(ARTICLE).locate("un'offerta da 3 miliardi", near=(36, 110))
    assert span is not None
    assert span.start == ARTICLE.rfind("un'offerta")


def test_a_quote_that_is_not_in_the_text_is_not_located() -> None:
    grounder = Grounder(ARTICLE)
    assert grounder.locate("ha smentito l'accordo") is None
    assert grounder.locate("   ") is None


def test_cues_are_located_without_repeats_and_unknown_ones_dropped() -> None:
    spans = Grounder(ARTICLE).locate_all(
        ["secondo alcune indiscrezioni", "Secondo alcune  indiscrezioni", "si vocifera"],
        near=(36, 120),
    )
    assert [span.text for span in spans] == ["Secondo alcune  indiscrezioni"]


@given(text=PROSE, needle=PROSE)
def test_any_located_span_is_verbatim(text: str, needle: str) -> None:
    span = Grounder(text).locate(needle)
    if span is not None:
        assert text[span.start : span.end] == span.text


@given(case=text_and_piece())
def test_any_piece_of_the_text_is_found_verbatim(case: tuple[str, int, int]) -> None:
    text, start, end = case
    span = Grounder(text).locate(text[start:end], near=(start, end))
    assert span is not None
    assert text[span.start : span.end] == span.text


@given(case=text_and_piece(), upper=st.booleans())
def test_a_retyped_piece_is_found_verbatim(case: tuple[str, int, int], upper: bool) -> None:
    text, start, end = case
    retyped = " ".join(text[start:end].replace("’", "'").replace("“", '"').split())
    retyped = retyped.upper() if upper else retyped.lower()
    span = Grounder(text).locate(retyped)
    assert span is not None
    assert text[span.start : span.end] == span.text
