"""What a question asks for and which sentences can give it."""

from __future__ import annotations

import pytest

from claimscope.qa.answer_types import DENIAL, SOURCE, TIME, question_kinds, sentence_kinds


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("E chi lo ha riportato?", {SOURCE}),
        ("Quale giornale ha dato per primo la notizia?", {SOURCE}),
        ("Fino a quando restano validi gli accordi?", {TIME}),
        ("When did they sign?", {TIME}),
        ("Aurelia ha smentito la notizia?", {DENIAL}),
        ("Quanto vale la quota di Nordel?", set()),
    ],
)
def test_question_kinds(question: str, kinds: set[str]) -> None:
    assert question_kinds(question) == kinds


@pytest.mark.parametrize(
    ("sentence", "language", "kinds"),
    [
        ("Il titolo ha guadagnato il 2,8% nella seduta di martedì.", "it", {TIME}),
        ("Lo riporta il quotidiano Il Mercante, secondo cui l'intesa è vicina.", "it", {SOURCE}),
        ("Aurelia ha smentito le ricostruzioni.", "it", {DENIAL}),
        ("Shares rose 3.1% on Tuesday.", "en", {TIME}),
        ("La quota vale circa 135 miliardi di dollari.", "it", set()),
    ],
)
def test_sentence_kinds(sentence: str, language: str, kinds: set[str]) -> None:
    assert sentence_kinds(sentence, language) == kinds
