"""The web ask page carries the conversation: a follow-up is answered with the earlier
questions the page sends back (a hidden field), as `claimscope chat` does."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimscope.service.articles import ingest_with_claims
from claimscope.settings import Settings
from claimscope.store import Store
from claimscope.web.app import create_app
from claimscope.web.ask import conversation_after, earlier_questions

STORY = Path(__file__).resolve().parents[1] / "eval" / "story"
FIRST = "Nordel avrà seggi nel consiglio di amministrazione di Aurelia?"


@pytest.fixture
def story_client(settings: Settings) -> TestClient:
    ingest_with_claims([str(STORY)], settings, Store.open(settings))
    return TestClient(create_app(settings), base_url="http://127.0.0.1")


def test_a_follow_up_on_the_page_is_answered_with_the_earlier_question(
    story_client: TestClient,
) -> None:
    alone = story_client.post("/ask", data={"question": "Chi lo ha smentito?"}).text
    followed = story_client.post(
        "/ask", data={"question": "Chi lo ha smentito?", "earlier": FIRST}
    ).text
    denial = "Aurelia Labs ha smentito mercoledì"
    assert denial not in html.unescape(alone)
    assert denial in html.unescape(followed)
    hidden = f'value="{FIRST}\nChi lo ha smentito?"'
    assert hidden in html.unescape(followed)


def test_the_hidden_conversation_is_bounded() -> None:
    many = "\n".join(f"domanda {n}?" for n in range(9))
    earlier = earlier_questions(many + "\n\n   \n", max_chars=20)
    assert earlier == [f"domanda {n}?" for n in range(4, 9)]
    assert earlier_questions("una domanda lunga?", max_chars=3) == ["una"]
    assert conversation_after(earlier, " nuova? ").splitlines()[-1] == "nuova?"
    assert len(conversation_after(earlier, "nuova?").splitlines()) == 5
