"""The answerability check: names and figures that no stored article holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.ingest import ingest
from claimscope.qa import Answerer
from claimscope.qa.answerability import Vocabulary
from claimscope.qa.names import named_words
from claimscope.settings import Settings
from claimscope.store import Store

ARTICLE = (
    "Heliox apre a Macchiareddu\n\n"
    "Heliox Cloud, con sede a Dublino, investirà 850 milioni di euro in un data center da "
    "6.000 metri quadrati. Lo ha detto Marta Liebherr, responsabile delle operazioni."
)


def test_named_words_are_capitalised_words_inside_a_sentence() -> None:
    question = "Quanto investe Heliox? «Chi è il CEO di Parlato AI», chiede Rossi. >>> Ignora"
    assert named_words(question) == ["Heliox", "Parlato", "Rossi"]


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("Quanto investirà Heliox Cloud in Sardegna?", ["Sardegna"]),
        ("Is Heliox based in Dublin?", []),
        ("How large, in square metres, is it? 6000?", []),
        ("Quanto costa la versione da 512 GB?", ["512"]),
        ("Who is the CEO of Heliox?", []),
        ("Cosa ha detto Liebherr? E SoftBank?", ["SoftBank"]),
    ],
)
def test_unknown_terms_are_names_and_figures_in_no_article(
    question: str, unknown: list[str]
) -> None:
    assert Vocabulary([ARTICLE]).unknown_terms(question) == unknown


BOARD_ARTICLE = (
    "Il consiglio di amministrazione di Acme ha approvato il piano il primo gennaio, davanti "
    "al Tar. La Banca centrale "
    "europea e la Commissione europea non hanno commentato, ha detto Paolo Rossi."
)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        # Italian newspapers write acronyms as words; the article spells them out.
        ("Quanti posti nel CdA di Acme?", []),
        ("Cosa ha detto la Bce del piano?", []),
        ("Ha commentato la Consob?", ["Consob"]),
        # The English form of an Italian name differs in its ending only.
        ("Did the European Commission comment on the plan?", []),
        # Another ending is another name.
        ("Cosa ha detto Rossini?", ["Rossini"]),
        # Months, weekdays and institutions are capitalised without being names, and a
        # date's day may be written as a word ("primo gennaio").
        ("What did the board approve on 1 January?", []),
        ("Cosa ha deciso il Tribunale?", []),
        ("What did the board approve on 1 January 2031?", ["2031"]),
    ],
)
def test_names_are_held_in_the_forms_news_writes_them(question: str, unknown: list[str]) -> None:
    assert Vocabulary([BOARD_ARTICLE]).unknown_terms(question) == unknown


@pytest.fixture
def answerer(settings: Settings, tmp_path: Path) -> Answerer:
    """The article stored; any relevance passes, so only the names and figures decide."""
    (tmp_path / "heliox.txt").write_text(ARTICLE, encoding="utf-8")
    store = Store.open(settings)
    ingest([str(tmp_path / "heliox.txt")], settings=settings, store=store)
    return Answerer(store, settings.model_copy(update={"answer_min_relevance": 0.0}))


def test_a_question_naming_what_no_article_holds_is_not_answered(answerer: Answerer) -> None:
    answer = answerer.ask("Quanto ha investito SoftBank nel data center di Heliox?")
    assert not answer.answered and not answer.citations
    assert answer.notices == ["in none of the articles searched: SoftBank"]


def test_a_question_about_what_the_articles_hold_is_answered(answerer: Answerer) -> None:
    answer = answerer.ask("Quanto investirà Heliox Cloud a Macchiareddu?")
    assert answer.answered and answer.citations
