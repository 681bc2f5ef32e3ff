"""The service layer the CLI and the web page share: each use case called as the library,
without either front end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimscope.errors import InputError, NotFoundError
from claimscope.extract import get_extractor
from claimscope.service import answers, articles, reports
from claimscope.settings import EngineChoice, Settings
from claimscope.store import Store
from claimscope.summary import Overview

ARTICLE = (
    "Lanterna e Borea: trattative in corso\n\n"
    "Il gruppo Lanterna ha chiuso il 2025 con ricavi per 410 milioni di euro. "
    "Secondo indiscrezioni riportate da Reuters, Lanterna starebbe valutando l'acquisto di "
    "Borea per 90 milioni. Le due società non hanno confermato.\n"
)
OTHER = "Borea cresce\n\nBorea ha aperto una nuova sede a Torino, ha detto l'azienda.\n"


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_ingest_stores_what_it_can_with_claims_and_reports_the_rest(
    tmp_path: Path, settings: Settings
) -> None:
    good = write(tmp_path, "lanterna.txt", ARTICLE)
    empty = write(tmp_path, "empty.txt", "  \n")
    report = articles.ingest_articles([good, empty], settings)
    (stored,) = report.results
    assert report.failed == [f"{Path(empty).resolve()}: is empty"]
    assert Store.open(settings).get_claims(stored.document.id)


def test_ingest_without_claims_only_stores(tmp_path: Path, settings: Settings) -> None:
    report = articles.ingest_articles([write(tmp_path, "a.txt", ARTICLE)], settings, False)
    assert Store.open(settings).get_claims(report.results[0].document.id) == []


def test_documents_to_extract_ingests_paths_then_adds_stored_ones_by_prefix(
    tmp_path: Path, settings: Settings
) -> None:
    store = Store.open(settings)
    (stored,) = articles.ingest_articles([write(tmp_path, "b.txt", OTHER)], settings).results
    documents = articles.documents_to_extract(
        store, settings, [write(tmp_path, "a.txt", ARTICLE)], [stored.document.id[:8]]
    )
    assert [d.text for d in documents] == [ARTICLE, OTHER]


def test_documents_to_extract_stores_nothing_when_an_input_is_bad(
    tmp_path: Path, settings: Settings
) -> None:
    store = Store.open(settings)
    paths = [write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "bad.txt", "")]
    with pytest.raises(InputError):
        articles.documents_to_extract(store, settings, paths, [])
    assert store.is_empty()


def test_extract_stored_saves_the_claims_it_reports(tmp_path: Path, settings: Settings) -> None:
    store = Store.open(settings)
    (document,) = articles.documents_to_extract(
        store, settings, [write(tmp_path, "a.txt", ARTICLE)], []
    )
    steps: list[tuple[int, int]] = []
    extractor = get_extractor(settings, EngineChoice.RULES)
    report = articles.extract_stored(
        store, settings, document, extractor, lambda *step: steps.append(step)
    )
    assert report.claims and store.get_claims(document.id) == report.claims
    assert steps


def test_search_says_how_to_fill_an_empty_store_and_keeps_within_the_documents_named(
    tmp_path: Path, settings: Settings
) -> None:
    store = Store.open(settings)
    with pytest.raises(NotFoundError, match="add some with 'claimscope ingest PATH'"):
        articles.search(store, "Borea", 5)
    paths = [write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.txt", OTHER)]
    first, second = articles.ingest_articles(paths, settings, with_claims=False).results
    hits = articles.search(store, "Borea", 5, [second.document.id[:8]])
    assert hits and {hit.chunk.document_id for hit in hits} == {second.document.id}
    assert {h.chunk.document_id for h in articles.search(store, "Borea", 5)} == {
        first.document.id,
        second.document.id,
    }


def test_a_conversation_keeps_each_answered_turn_and_no_refused_one(
    tmp_path: Path, settings: Settings
) -> None:
    articles.ingest_articles([write(tmp_path, "a.txt", ARTICLE)], settings)
    conversation = answers.Conversation(settings)
    answer = conversation.ask("Lanterna vuole comprare Borea?")
    with pytest.raises(InputError):
        conversation.ask("   ")
    assert [(t.question, t.answer) for t in conversation.turns] == [
        ("Lanterna vuole comprare Borea?", answer.text)
    ]


def test_a_single_question_sees_the_earlier_questions_as_history(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    asked: list[Any] = []

    class Recording:
        def ask(self, question: str, history: list[Any]) -> str:
            asked.append((question, [(t.question, t.answer) for t in history]))
            return "answer"

    monkeypatch.setattr(answers.Answerer, "open", lambda *args: Recording())
    answers.ask(settings, "E quando?", earlier=["Chi compra Borea?"])
    assert asked == [("E quando?", [("Chi compra Borea?", "")])]


@pytest.mark.parametrize(("configured", "engine"), [(False, "template"), (True, "llm")])
def test_the_summary_has_the_llm_overview_only_when_the_engine_resolves_to_the_llm(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    llm_settings: Settings,
    configured: bool,
    engine: str,
) -> None:
    chosen = llm_settings if configured else settings
    articles.ingest_articles([write(tmp_path, "a.txt", ARTICLE)], chosen)
    overview: Overview = lambda _summary: "written by the LLM"  # noqa: E731 (typed)
    monkeypatch.setattr("claimscope.summary.llm_overview", lambda _settings: overview)
    result = reports.summary(Store.open(chosen), chosen)
    assert (result.overview_engine, len(result.articles)) == (engine, 1)


def test_the_latest_kept_eval_run_is_the_newest(settings: Settings) -> None:
    assert reports.latest_eval_result(settings) is None
    folder = reports.eval_results_dir(settings)
    folder.mkdir(parents=True)
    for name in ("20261207T101500000000Z-rules.json", "20261207T091500000000Z-offline.json"):
        (folder / name).write_text("{}", encoding="utf-8")
    latest = reports.latest_eval_result(settings)
    assert latest is not None and latest.name == "20261207T101500000000Z-rules.json"
