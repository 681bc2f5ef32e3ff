"""The QA eval harness: question files, the scores, and a small run end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.errors import EvalError
from claimscope.eval.qa_results import QuestionResult
from claimscope.eval.qa_scoring import (
    first_hit,
    no_answer_scores,
    retrieval_scores,
    threshold_sweep,
)
from claimscope.eval.questions import QuestionSpan, load_dataset
from claimscope.models import RetrievedItem
from claimscope.qa import generative
from claimscope.settings import Settings
from fakes import scripted

ARTICLE = (
    "Lanterna cresce\n\n"
    "Il gruppo Lanterna ha chiuso il 2025 con ricavi per 410 milioni di euro. "
    "Secondo alcune indiscrezioni, Lanterna sta valutando l'acquisto di Borea."
)


def question(qid: str, text: str, quotes: list[str], hedging: str | None = None) -> str:
    return json.dumps(
        {"id": qid, "question": text, "answer_quotes": quotes, "hedging": hedging, "lang": "it"}
    )


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "qa"
    folder.mkdir()
    (folder / "lanterna.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "lanterna.qa.jsonl").write_text(
        question(
            "q1",
            "Quanto ha fatturato Lanterna nel 2025?",
            ["ricavi per 410 milioni di euro"],
            "asserted",
        )
        + "\n"
        + question(
            "q2",
            "Lanterna vuole comprare Borea?",
            ["Lanterna sta valutando l'acquisto di Borea"],
            "rumored",
        )
        + "\n",
        encoding="utf-8",
    )
    (folder / "no-answer.qa.jsonl").write_text(
        question("n1", "Chi ha vinto il campionato di calcio?", []) + "\n", encoding="utf-8"
    )
    return folder


def item(document_id: str, start: int, end: int) -> RetrievedItem:
    return RetrievedItem(
        kind="chunk",
        id=f"{document_id}:{start}",
        document_id=document_id,
        title="",
        text="",
        quote="",
        start=start,
        end=end,
        score=0.0,
    )


def test_dataset_locates_answer_quotes(dataset: Path) -> None:
    loaded = load_dataset(dataset)
    by_id = {q.question.id: q for q in loaded.questions}
    assert by_id["q1"].article == "lanterna" and by_id["q1"].answerable
    start = ARTICLE.index("ricavi per 410")
    assert by_id["q1"].spans == [QuestionSpan(article="lanterna", start=start, end=start + 30)]
    assert by_id["n1"].article is None and not by_id["n1"].answerable


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"lanterna.qa.jsonl": question("q9", "?", ["absent"])},
            "lanterna.qa.jsonl:1: answer quote",
        ),
        ({"other.qa.jsonl": question("q9", "?", ["ricavi"])}, "there is no article .*other.txt"),
        ({"lanterna.qa.jsonl": '{"id": "q9"}'}, "lanterna.qa.jsonl:1: Field required"),
        ({"extra.qa.jsonl": question("q1", "?", [])}, "question id 'q1' is used twice"),
    ],
)
def test_bad_question_files_are_reported(
    dataset: Path, files: dict[str, str], message: str
) -> None:
    for name, line in files.items():
        (dataset / name).write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        load_dataset(dataset)


def test_an_item_contains_an_answer_when_spans_overlap_in_the_same_document() -> None:
    spans = [QuestionSpan(article="A", start=100, end=150)]
    ids = {"A": "a"}
    assert first_hit([item("a", 0, 100), item("b", 120, 130), item("a", 149, 300)], ids, spans) == 3
    assert first_hit([item("a", 150, 300)], ids, spans) is None


def test_an_item_holding_another_articles_answer_is_a_hit() -> None:
    spans = [
        QuestionSpan(article="A", start=100, end=150),
        QuestionSpan(article="B", start=0, end=9),
    ]
    ids = {"A": "a", "B": "b"}
    assert first_hit([item("a", 0, 90), item("b", 5, 40)], ids, spans) == 2
    assert first_hit([item("c", 0, 90)], ids, spans) is None


def other_answer_line(article: str, quote: str) -> str:
    line = json.loads(question("s1", "Chi compra Borea?", ["valutando l'acquisto di Borea"]))
    line["other_answers"] = [{"article": article, "quote": quote}]
    return json.dumps(line)


def test_other_answers_are_located_in_their_own_article(dataset: Path) -> None:
    (dataset / "borea.txt").write_text("Borea verrà comprata da Lanterna.", encoding="utf-8")
    (dataset / "lanterna.qa.jsonl").write_text(
        other_answer_line("borea", "comprata da Lanterna") + "\n", encoding="utf-8"
    )
    (located,) = [q for q in load_dataset(dataset).questions if q.question.id == "s1"]
    assert [s.article for s in located.spans] == ["lanterna", "borea"]
    assert located.spans[1].start == "Borea verrà comprata da Lanterna.".index("comprata")


@pytest.mark.parametrize(
    ("article", "quote", "message"),
    [
        ("borea", "not in there", "answer quote 'not in there' is not in article borea"),
        ("absent", "Borea", "there is no article .*absent.txt"),
    ],
)
def test_other_answers_must_be_verbatim_in_an_existing_article(
    dataset: Path, article: str, quote: str, message: str
) -> None:
    (dataset / "borea.txt").write_text("Borea verrà comprata da Lanterna.", encoding="utf-8")
    (dataset / "lanterna.qa.jsonl").write_text(
        other_answer_line(article, quote) + "\n", encoding="utf-8"
    )
    with pytest.raises(EvalError, match=message):
        load_dataset(dataset)


def test_retrieval_and_no_answer_scores() -> None:
    assert retrieval_scores([1, 2, None, 7]) == (0.25, 0.5, (1 + 0.5 + 1 / 7) / 4)
    assert retrieval_scores([11]) == (0.0, 0.0, 0.0)
    # two questions without an answer: one caught; one answerable question wrongly refused
    assert no_answer_scores([True, True, False, False], [True, False, False, True]) == (0.5, 0.5)
    assert no_answer_scores([True], [True]) == (None, None)


def test_threshold_sweep_counts_what_each_threshold_would_refuse() -> None:
    results = [
        QuestionResult(
            id=str(n),
            question="",
            article=None,
            answerable=answerable,
            answered=True,
            rank=None,
            relevance=relevance,
            expected_hedging=None,
            hedge_kept=None,
            citations=0,
            proposed_citations=0,
            answer="",
        )
        for n, (answerable, relevance) in enumerate([(True, 0.9), (True, 0.8), (False, 0.7)])
    ]
    by_threshold = {p.threshold: p for p in threshold_sweep(results, 0.75)}
    assert by_threshold[0.8].no_answer_precision == 1.0
    assert by_threshold[0.8].no_answer_recall == 1.0
    assert by_threshold[0.9].answerable_rejected == 0.5
    # refused for another reason (a name in no article) above the threshold in force
    refused = results[2].model_copy(update={"relevance": 0.95, "answered": False})
    kept = {p.threshold: p for p in threshold_sweep([*results[:2], refused], 0.75)}
    assert kept[0.8].no_answer_recall == 1.0 and kept[0.8].no_answer_precision == 1.0
    assert kept[0.95].no_answer_precision == 1 / 3


def test_questions_can_ask_about_the_articles_of_another_folder(
    dataset: Path, tmp_path: Path
) -> None:
    held_out = tmp_path / "held-out"
    held_out.mkdir()
    (held_out / "lanterna.qa.jsonl").write_text(
        question("h1", "Quali ricavi ha avuto Lanterna?", ["ricavi per 410"], "asserted") + "\n",
        encoding="utf-8",
    )
    loaded = load_dataset(dataset, held_out)
    assert [q.question.id for q in loaded.questions] == ["h1"]
    assert loaded.questions[0].article == "lanterna" and loaded.questions[0].answerable
    assert loaded.articles == [str(dataset / "lanterna.txt")]


def test_eval_qa_scores_in_a_scratch_store(
    dataset: Path, tmp_path: Path, settings: Settings
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "eval-qa",
            "--data",
            str(dataset),
            "--engine",
            "rules",
            "--json",
            str(tmp_path / "qa.json"),
            "--report",
            str(tmp_path / "qa.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert not settings.data_dir.exists()  # the user's store was never opened
    scores = json.loads((tmp_path / "qa.json").read_text(encoding="utf-8"))
    for key in ("recall_at_1", "recall_at_5", "mrr", "no_answer_precision", "no_answer_recall"):
        assert key in scores
    assert scores["questions"] == 3 and scores["answerable"] == 2
    assert scores["answer_engine"] == "extractive" and scores["extraction_engine"] == "rules"
    assert scores["recall_at_5"] == 1.0 and scores["citation_grounding_rate"] is None
    assert (tmp_path / "qa.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_eval_qa_on_a_missing_folder_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval-qa", "--data", str(tmp_path / "nope"), "--engine", "rules"]
    )
    assert result.exit_code == 5
    assert "no such data folder" in result.stderr


def test_eval_qa_can_answer_with_the_llm_over_claims_of_the_rules_engine(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slow local model then answers the questions without extracting every article first.
    not_answerable = AIMessage(
        content="",
        tool_calls=[
            {"name": "DraftAnswer", "args": {"answerable": False, "statements": []}, "id": "1"}
        ],
    )
    monkeypatch.setattr(generative, "chat_model", lambda settings: scripted(*[not_answerable] * 3))
    monkeypatch.setenv("OPENAI_BASE_URL", "http://llm.test/v1")
    monkeypatch.setenv("CLAIMSCOPE_STRUCTURED_OUTPUT", "function_calling")
    command = ["eval-qa", "--data", str(dataset), "--engine", "llm", "--claims", "rules"]

    result = CliRunner().invoke(app, [*command, "--json", str(tmp_path / "qa.json")])

    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "qa.json").read_text(encoding="utf-8"))
    assert (scores["extraction_engine"], scores["answer_engine"]) == ("rules", "llm")
    assert scores["no_answer_recall"] == 1.0
