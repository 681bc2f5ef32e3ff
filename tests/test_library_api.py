"""The library works without the CLI: the docstring's walk-through, offline, end to end."""

from __future__ import annotations

from pathlib import Path

import claimscope
from claimscope import (
    Answerer,
    HedgingLevel,
    Settings,
    Store,
    extract_document,
    ingest,
    summarize,
)
from conftest import DEMO_ARTICLE


def test_ingest_extract_ask_and_summarize_through_the_library(
    settings: Settings, tmp_path: Path
) -> None:
    results = ingest([str(DEMO_ARTICLE)], settings=settings)
    store = Store.open(settings)
    document = store.get_document(results[0].document.id)

    report = extract_document(document, settings)
    store.replace_claims(document.id, report.claims)

    assert report.engine == "offline" and report.claims
    assert all(document.text[c.start : c.end] == c.quote for c in report.claims)
    rumour = next(c for c in report.claims if "annullare l'accordo" in c.quote)
    assert rumour.hedging is HedgingLevel.UNCONFIRMED

    answer = Answerer.open(settings).ask(
        "Fino a quando restano validi gli accordi tra Microsoft e OpenAI?"
    )
    assert answer.citations and any("2030" in c.quote for c in answer.citations)

    summary = summarize(store, settings)
    assert summary.claims == len(report.claims) == sum(g.count for g in summary.by_level)
    assert set(claimscope.__all__) >= {"ingest", "extract_document", "Answerer", "summarize"}
