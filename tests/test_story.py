"""One story told by several outlets (eval/story): answers quote each article's answering
sentence with its level in words and flag differing figures; in a conversation offline a
follow-up is searched with the last question that stood on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.qa import Answerer, Turn
from claimscope.qa.conversation import carried_over, is_follow_up
from claimscope.service.articles import ingest_with_claims
from claimscope.settings import Settings
from claimscope.store import Store

STORY = Path(__file__).resolve().parents[1] / "eval" / "story"


@pytest.mark.parametrize(
    ("question", "language", "follow_up"),
    [
        ("E chi lo ha riportato?", "it", True),
        ("And when does it expire?", "en", True),
        ("Quanto ha investito Microsoft in OpenAI?", "it", False),
        ("Chi ha smentito la notizia dei seggi in consiglio di amministrazione?", "it", False),
    ],
)
def test_a_follow_up_names_nothing_and_says_little(
    question: str, language: str, follow_up: bool
) -> None:
    assert is_follow_up(question, language) is follow_up


def test_a_follow_up_carries_the_last_full_question_over() -> None:
    earlier = ["Quanto ha investito Microsoft in OpenAI?", "E da quando?"]
    assert carried_over("E chi lo ha riportato?", earlier, "it") == (
        "Quanto ha investito Microsoft in OpenAI? E chi lo ha riportato?"
    )
    assert carried_over("Chi guida Nordel?", earlier, "it") == "Chi guida Nordel?"
    assert carried_over("E chi lo ha riportato?", [], "it") == "E chi lo ha riportato?"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Settings]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("story"))
    store = Store.open(settings)
    ingest_with_claims([str(STORY)], settings, store)
    return store, settings


# (first question, follow-up, words of the passage that answers the follow-up)
CONVERSATIONS = [
    (
        "Quanto vale la partecipazione di Nordel in Aurelia?",
        "E chi l'ha stimata?",
        "secondo le stime della banca d'affari Pironi & Co.",
    ),
    (
        "Nordel avrà seggi nel consiglio di amministrazione di Aurelia?",
        "Chi lo ha smentito?",
        "Aurelia Labs ha smentito mercoledì",
    ),
]


@pytest.mark.parametrize(("first", "follow_up", "answering"), CONVERSATIONS)
def test_a_scripted_follow_up_finds_its_answer(
    story: tuple[Store, Settings], first: str, follow_up: str, answering: str
) -> None:
    store, settings = story
    answerer = Answerer(store, settings)
    earlier = answerer.ask(first)
    followed = answerer.ask(follow_up, [Turn(question=first, answer=earlier.text)])
    assert any(answering in item.quote for item in followed.retrieved[:3])


def test_the_conversation_is_what_finds_it(story: tuple[Store, Settings]) -> None:
    _, follow_up, answering = CONVERSATIONS[0]
    alone = Answerer(*story).ask(follow_up)
    assert not any(answering in item.quote for item in alone.retrieved[:3])


def test_an_answer_quotes_each_outlet_once_with_its_level_in_words(
    story: tuple[Store, Settings],
) -> None:
    answer = Answerer(*story).ask("Che quota della società di Aurelia otterrà Nordel?")
    documents = [c.document_id for c in answer.citations]
    assert len(documents) == len(set(documents)) >= 2
    assert all(c.hedging is not None for c in answer.citations)
    assert "livello" not in answer.text and "asserted" not in answer.text
