"""Conversations offline: a follow-up is searched with the last question that stood on its
own, so it retrieves what the full question would (scripted over eval/story)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.followups import carried_over, is_follow_up
from claimscope.intake import ingest_with_claims
from claimscope.qa import Answerer, Turn
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


# (first question, follow-up, the follow-up asked in full)
CONVERSATIONS = [
    (
        "Quanto vale la partecipazione di Nordel in Aurelia?",
        "E chi l'ha stimata?",
        "Chi ha stimato la partecipazione di Nordel in Aurelia?",
    ),
    (
        "Nordel avrà seggi nel consiglio di amministrazione di Aurelia?",
        "Chi lo ha smentito?",
        "Chi ha smentito che Nordel avrà seggi nel consiglio di amministrazione di Aurelia?",
    ),
]


@pytest.mark.parametrize(("first", "follow_up", "full"), CONVERSATIONS)
def test_a_scripted_follow_up_finds_what_the_full_question_finds(
    story: tuple[Store, Settings], first: str, follow_up: str, full: str
) -> None:
    store, settings = story
    answerer = Answerer(store, settings)
    earlier = answerer.ask(first)
    answer = answerer.ask(follow_up, [Turn(question=first, answer=earlier.text)])
    expected = answerer.ask(full)
    assert answer.retrieved[0].id == expected.retrieved[0].id
