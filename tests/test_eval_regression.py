"""The rules engine must not fall below the scores recorded in eval/baseline.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from claimscope.eval.harness import evaluate
from claimscope.settings import EngineChoice, Settings

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "eval" / "baseline.toml"
GUARDED_SCORES = ("strict_f1", "hedging_macro_f1")


def thresholds(dataset: str) -> dict[str, float]:
    recorded: dict[str, dict[str, float]] = tomllib.loads(BASELINE.read_text("utf-8"))["datasets"]
    return recorded[dataset]


def assert_at_least_baseline(data: Path, dataset: str, settings: Settings) -> None:
    result = evaluate(settings, data=data, engine=EngineChoice.RULES)
    floor = thresholds(dataset)
    for name in GUARDED_SCORES:
        measured = result.micro.score(name)
        assert measured is not None and measured >= floor[name], (
            f"{name} of the rules engine on {dataset} is {measured}, below the baseline {floor[name]}"
        )


@pytest.mark.parametrize("dataset", ["eval/gold", "../shared/corpus/gold"])
def test_baseline_records_both_scores_as_fractions(dataset: str) -> None:
    assert all(0.0 <= thresholds(dataset)[name] <= 1.0 for name in GUARDED_SCORES)


def test_rules_engine_holds_its_baseline_on_the_project_gold(settings: Settings) -> None:
    assert_at_least_baseline(ROOT / "eval" / "gold", "eval/gold", settings)


def test_rules_engine_holds_its_baseline_on_the_shared_corpus(
    shared_corpus_gold: Path, settings: Settings
) -> None:
    assert_at_least_baseline(shared_corpus_gold, "../shared/corpus/gold", settings)
