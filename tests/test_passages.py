"""Sentence passages: windows, the vector files, and the ranking's fusion and spreading."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.models import Document
from claimscope.qa.names import without_words
from claimscope.qa.passage_ranking import PassageRanker, RankingWeights, standardised
from claimscope.qa.passages import Passage, PassageIndex, PassageVectors, document_passages
from claimscope.qa.stemming import tokens
from claimscope.settings import Settings


def document(document_id: str, text: str, language: str = "it") -> Document:
    return Document(
        id=document_id,
        title=text.split("\n", 1)[0],
        text=text,
        source_path=f"{document_id}.txt",
        language=language,
        content_type="text/plain",
    )


TEXT = "Titolo\n\nPrima frase qui. Seconda frase qui. Terza frase qui."


def test_each_sentence_has_a_window_of_its_neighbours() -> None:
    passages = document_passages(document("d", TEXT))
    assert [p.sentence.text for p in passages] == [
        "Titolo",
        "Prima frase qui.",
        "Seconda frase qui.",
        "Terza frase qui.",
    ]
    assert passages[2].window.text == "Prima frase qui. Seconda frase qui. Terza frase qui."
    assert passages[3].window.text == "Seconda frase qui. Terza frase qui."


def test_vectors_are_saved_once_and_read_back(settings: Settings) -> None:
    doc = document("d", TEXT)
    passages = document_passages(doc)
    first = PassageIndex(settings).vectors(doc, passages)
    (saved,) = (settings.data_dir / "passages").glob("d.*.npz")
    again = PassageIndex(settings).vectors(doc, passages)
    assert saved.is_file()
    assert first.sentences.shape == (4, 384)
    np.testing.assert_array_equal(first.windows, again.windows)


def test_standardised_has_mean_zero_and_unit_spread() -> None:
    values = standardised(np.array([1.0, 2.0, 3.0]))
    assert values.mean() == pytest.approx(0.0)
    assert values.std() == pytest.approx(1.0)
    assert standardised(np.array([2.0, 2.0])).tolist() == [0.0, 0.0]


class FixedIndex:
    """Passage vectors given by the test: one direction per passage."""

    def __init__(self, rows: dict[str, np.ndarray]) -> None:
        self._rows = rows

    def vectors(self, document: Document, passages: list[Passage]) -> PassageVectors:
        rows = self._rows[document.id][: len(passages)]
        return PassageVectors(rows, rows)


def ranker(
    article_penalty: float,
    languages: tuple[str, str] = ("it", "it"),
    language_balance: float = 0.75,
) -> PassageRanker:
    # Two articles of three sentences; the question points along the first axis.
    first = document("a", "Uno alfa. Due beta. Tre gamma.", languages[0])
    second = document("b", "Uno alfa. Due beta. Tre gamma.", languages[1])
    rows = {
        "a": np.array([[1.0, 0.0], [0.0, 1.0], [0.9, 0.1]], dtype=np.float32),
        # the same sentences, each 0.3 less similar to the question (as e5 rates an article
        # in another language than the question's)
        "b": np.array([[0.7, 0.0], [-0.3, 1.0], [0.6, 0.1]], dtype=np.float32),
    }
    weights = RankingWeights(
        sentence_lexical=0.0,
        chunk_dense=0.0,
        article_penalty=article_penalty,
        language_balance=language_balance,
    )
    return PassageRanker([first, second], FixedIndex(rows), tokens, weights)  # type: ignore[arg-type]


def test_spreading_brings_another_article_forward() -> None:
    question = [1.0, 0.0]
    no_chunks = np.zeros(6)
    crowded = ranker(0.0).rank(question, [], no_chunks, 2)
    spread = ranker(2.0).rank(question, [], no_chunks, 2)
    assert [i.document_id for i in crowded] == ["a", "a"]
    assert [i.document_id for i in spread] == ["a", "b"]


def test_each_language_is_standardised_on_its_own() -> None:
    own = ranker(0.0, ("it", "en"), language_balance=1.0).scores([1.0, 0.0], [], np.zeros(6))
    assert own[:3] == pytest.approx(own[3:])
    blended = ranker(0.0, ("it", "en")).scores([1.0, 0.0], [], np.zeros(6))
    one_language = ranker(0.0).scores([1.0, 0.0], [], np.zeros(6))
    # the other language's passages move most of the way up, not all of it
    assert one_language[3] < blended[3] < own[3]


def test_story_names_are_the_question_names_most_articles_share() -> None:
    articles = [
        document("a", "Nordel compra Aurelia. Lo dice Rossi."),
        document("b", "Nordel e Aurelia firmano."),
        document("c", "Nordel investe ancora."),
    ]
    ranking = PassageRanker(articles, FixedIndex({}), tokens)  # type: ignore[arg-type]
    question = "Quanto ha pagato Nordel per Aurelia, secondo Rossi?"
    assert ranking.story_names(question) == {"Nordel", "Aurelia"}
    assert without_words(question, {"Nordel", "Aurelia"}) == "Quanto ha pagato per , secondo Rossi?"


def test_the_question_without_its_story_names_moves_its_passages_up() -> None:
    question, no_chunks = [1.0, 0.0], np.zeros(6)
    plain = ranker(0.0).scores(question, [], no_chunks)
    focused = ranker(0.0).scores(question, [], no_chunks, focus_vector=[0.0, 1.0])
    # "Due beta" lies along what the question asks once its story names are gone
    assert focused[1] - focused[0] > plain[1] - plain[0]
