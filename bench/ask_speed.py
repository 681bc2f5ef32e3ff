"""How long `ask` takes, warm: offline (extractive) and with a fake LLM.

Builds a temporary store from a QA data set (eval/gold by default: its articles, their
claims by the rules engine), loads the embedding model and answers one question before
the clock starts, then times every question of the set. The fake LLM answers at once
with one cited statement, so its figures are retrieval, prompt building, citation
checks and assembly: everything but the model.

    .venv/bin/python bench/ask_speed.py
    .venv/bin/python bench/ask_speed.py --data eval/gold --rounds 2
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from claimscope.eval.harness import default_data_dir
from claimscope.eval.qa_harness import build_store
from claimscope.eval.questions import load_dataset
from claimscope.qa import Answerer, GenerativeEngine
from claimscope.settings import EngineChoice, Settings, StructuredOutputMethod
from claimscope.store import Store

# The first words of passage 1 in the answer prompt (prompts/answer-user.md).
FIRST_PASSAGE = re.compile(r'^\[1\] from "[^\n]*"\n(.{1,60})', re.MULTILINE)


class InstantModel(GenericFakeChatModel):
    """Answers at once with one statement that cites the first words of passage 1, as a
    structured (tool-call) answer, so the whole citation check runs."""

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> InstantModel:
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        found = FIRST_PASSAGE.search(messages[-1].text)
        quote = found.group(1).strip() if found else ""
        statement = {"text": "Risposta.", "citations": [{"passage": 1, "quote": quote}]}
        call = {
            "name": "DraftAnswer",
            "args": {"answerable": True, "statements": [statement]},
            "id": "bench",
        }
        return ChatResult(generations=[ChatGeneration(message=AIMessage("", tool_calls=[call]))])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(answerer: Answerer, questions: list[str], rounds: int) -> Iterator[float]:
    answerer.ask(questions[0])  # warm: model loaded, candidates and BM25 index built
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            answerer.ask(question)
            yield time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--rounds", type=int, default=1)
    options = parser.parse_args()

    dataset = load_dataset(options.data)
    questions = [q.question.question for q in dataset.questions]
    with tempfile.TemporaryDirectory(prefix="claimscope-bench-ask-") as folder:
        settings = Settings(
            data_dir=Path(folder), structured_output=StructuredOutputMethod.FUNCTION_CALLING
        )
        store = Store.open(settings)
        started = time.perf_counter()
        built = build_store(dataset, settings, store, EngineChoice.RULES, None)
        print(
            f"store: {len(built.document_ids)} articles, {built.claims} claims "
            f"({time.perf_counter() - started:.1f}s to build)"
        )
        print(
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"{len(questions)} questions x {options.rounds}, retrieval {settings.retrieval.value} "
            f"over {settings.retrieval_sources.value}, top {settings.answer_top_k}"
        )
        print(f"{'path':<22} {'median ms':>10} {'p95 ms':>10}")
        for name, answerer in (
            ("offline (extractive)", Answerer(store, settings)),
            (
                "fake LLM",
                Answerer(
                    store,
                    settings,
                    engine=GenerativeEngine(settings, InstantModel(messages=iter([]))),
                ),
            ),
        ):
            seconds = list(timed(answerer, questions, options.rounds))
            print(
                f"{name:<22} {statistics.median(seconds) * 1000:>10.0f} "
                f"{percentile(seconds, 0.95) * 1000:>10.0f}"
            )


if __name__ == "__main__":
    main()
