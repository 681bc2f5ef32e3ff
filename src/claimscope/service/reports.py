"""The reports both front ends make: the summary of stored articles (with the LLM's
overview when the engine resolves to the LLM), and eval runs kept in the data directory,
where the web page finds the latest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from claimscope.extract import resolve_engine
from claimscope.settings import EngineChoice, Settings
from claimscope.store import Store

if TYPE_CHECKING:
    from claimscope.summary import Summary

EVAL_RESULTS = "eval-results"
"""The folder of the data directory that kept eval runs go to."""


def summary(
    store: Store,
    settings: Settings,
    document_refs: Sequence[str] = (),
    engine: EngineChoice | None = None,
) -> Summary:
    """The summary of the documents `document_refs` name (ids or prefixes; all by default),
    with the configured LLM's overview when `engine` resolves to the LLM."""
    # Imported here: the summary loads LangChain's prompts, which `--help` need not pay.
    from claimscope.summary import llm_overview, summarize

    document_ids = [store.resolve(ref) for ref in document_refs]
    use_llm = resolve_engine(settings, engine) is EngineChoice.LLM
    return summarize(store, settings, document_ids, llm_overview(settings) if use_llm else None)


def eval_results_dir(settings: Settings) -> Path:
    return settings.data_dir / EVAL_RESULTS


def latest_eval_result(settings: Settings) -> Path | None:
    """The newest kept eval run (names sort by time)."""
    folder = eval_results_dir(settings)
    found = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return found[-1] if found else None


def keep_eval_run(settings: Settings, engine: EngineChoice | None) -> Path:
    """Score the engine on the project's gold, like `claimscope eval --engine E --json F`,
    and keep the result in the data directory."""
    # Imported here: scipy and matplotlib would slow the start of everything else.
    from claimscope.eval.harness import evaluate
    from claimscope.eval.results import save_result

    result = evaluate(settings, None, engine)
    folder = eval_results_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{result.engine}.json"
    save_result(result, path)
    return path
