"""The engines must not fall below the scores recorded in eval/baseline.toml."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from claimscope.eval.harness import evaluate
from claimscope.eval.qa_harness import evaluate_qa
from claimscope.eval.results import Metrics
from claimscope.settings import EngineChoice, Settings

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "eval" / "baseline.toml"
JUDGMENT_SCORES = ROOT / "eval" / "judgment-scores.json"


def recorded(table: str) -> dict[str, dict[str, float]]:
    baseline: dict[str, dict[str, dict[str, float]]] = tomllib.loads(BASELINE.read_text("utf-8"))
    return baseline[table]


def thresholds(dataset: str) -> dict[str, float]:
    return recorded("datasets")[dataset]


def assert_at_least(micro: Metrics, floor: dict[str, float], what: str) -> None:
    for name, minimum in floor.items():
        measured = micro.score(name)
        assert measured is not None and measured >= minimum, (
            f"{name} of {what} is {measured}, below the baseline {minimum}"
        )


def assert_at_least_baseline(data: Path, dataset: str, settings: Settings) -> None:
    result = evaluate(settings, data=data, engine=EngineChoice.RULES)
    assert_at_least(result.micro, thresholds(dataset), f"the rules engine on {dataset}")


@pytest.mark.parametrize(
    ("table", "dataset"),
    [
        ("datasets", "eval/gold"),
        ("datasets", "../shared/corpus/gold"),
        ("offline", "../shared/corpus/holdout"),
        ("offline", "eval/newsroom"),
        ("offline", "eval/newsroom-2"),
        ("leave_one_article_out", "corpus/real-2"),
    ],
)
def test_baseline_records_scores_as_fractions(table: str, dataset: str) -> None:
    floor = recorded(table)[dataset]
    assert floor and all(0.0 <= value <= 1.0 for value in floor.values())


def test_rules_engine_holds_its_baseline_on_the_project_gold(settings: Settings) -> None:
    assert_at_least_baseline(ROOT / "eval" / "gold", "eval/gold", settings)


def test_rules_engine_holds_its_baseline_on_the_shared_corpus(
    shared_corpus_gold: Path, settings: Settings
) -> None:
    assert_at_least_baseline(shared_corpus_gold, "../shared/corpus/gold", settings)


def test_the_committed_judgment_model_holds_its_cross_validated_baseline() -> None:
    scores = json.loads(JUDGMENT_SCORES.read_text("utf-8"))
    for dataset, floor in recorded("leave_one_article_out").items():
        micro = Metrics.model_validate(scores[dataset]["leave_one_article_out"])
        assert_at_least(micro, floor, f"the judgment left out article by article on {dataset}")


@pytest.mark.slow
@pytest.mark.parametrize(
    "dataset", ["../shared/corpus/holdout", "eval/newsroom", "eval/newsroom-2"]
)
def test_offline_engine_holds_its_baseline(dataset: str, settings: Settings) -> None:
    data = ROOT / dataset
    if not data.is_dir():
        pytest.skip(f"{dataset} not found at {data} (the shared corpus: developers' machines, CI)")
    result = evaluate(settings, data=data, engine=EngineChoice.OFFLINE)
    assert_at_least(result.micro, recorded("offline")[dataset], f"the offline engine on {dataset}")


@pytest.mark.slow
@pytest.mark.parametrize("dataset", sorted(tomllib.loads(BASELINE.read_text("utf-8"))["questions"]))
def test_question_answering_holds_its_baseline(dataset: str, settings: Settings) -> None:
    floor = dict(recorded("questions")[dataset])
    questions = ROOT / str(floor.pop("questions"))
    report = evaluate_qa(ROOT / dataset, settings, EngineChoice.OFFLINE, questions=questions)
    for name, minimum in floor.items():
        measured = getattr(report, name)
        assert measured is not None and measured >= minimum, (
            f"{name} of eval-qa on {dataset} is {measured}, below the baseline {minimum}"
        )
    refused = [r.id for r in report.results if r.answerable and not r.answered]
    assert not refused, f"answerable questions refused on {dataset}: {refused}"
