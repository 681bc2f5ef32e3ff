"""Properties of the rules engine on any text: grounded offsets, determinism, bad input."""

from __future__ import annotations

import tracemalloc
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope.extract import extract_document
from claimscope.extract.rules import RulesExtractor
from claimscope.models import Document
from claimscope.settings import EngineChoice, Settings

WORDS = [
    "Secondo",
    "Reuters",
    "la",
    "banca",
    "avrebbe",
    "firmato",
    "potrebbe",
    "se",
    "non",
    "confermate",
    "tali",
    "voci",
    "said",
    "according",
    "to",
    "the",
    "Journal",
    "may",
    "if",
    "rumors",
    "che",
    "e",
    "ed",
    "è",
    "10",
    "mld.",
    "S.p.A.",
    "«",
    "»",
    '"',
    ",",
    ";",
    ":",
    ".",
    "?",
    "(",
    ")",
    "—",
    "\n",
    "\n\n",
    "ha",
    "dichiarato",
    "Microsoft",
    "afferma",
]


def document(text: str, language: str = "it") -> Document:
    return Document(id="p", title="p", text=text, source_path="p", language=language)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(WORDS) | st.text(min_size=1, max_size=8), max_size=80),
    language=st.sampled_from(["it", "en"]),
)
def test_every_quote_and_cue_is_at_its_offsets(words: list[str], language: str) -> None:
    doc = document(" ".join(words), language)
    for claim in RulesExtractor().extract(doc).claims:
        assert doc.text[claim.start : claim.end] == claim.quote
        assert claim.quote.strip()
        assert [span.text for span in claim.cue_spans] == claim.cues
        for span in claim.cue_spans:
            assert doc.text[span.start : span.end] == span.text
        if claim.hedging.value == "asserted":
            assert claim.source is None


def test_extraction_is_deterministic(demo_text: str) -> None:
    first = RulesExtractor().extract(document(demo_text)).model_dump(exclude={"seconds"})
    second = RulesExtractor().extract(document(demo_text)).model_dump(exclude={"seconds"})
    assert first == second
    assert first["claims"]


def test_claim_ids_are_numbered_in_document_order(demo_text: str) -> None:
    claims = RulesExtractor().extract(document(demo_text)).claims
    assert [c.id for c in claims] == [f"c{n:02d}" for n in range(1, len(claims) + 1)]
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_an_article_without_claims_gives_an_empty_report() -> None:
    report = RulesExtractor().extract(document("Per saperne di più?\n\n   \n"))
    assert report.claims == []
    assert report.engine == "rules"


def test_the_facade_runs_the_rules_engine_without_an_llm(settings: Settings) -> None:
    report = extract_document(
        document("Enel ha chiuso il 2024 con un utile di 6 miliardi."), settings, EngineChoice.AUTO
    )
    assert report.engine == "rules"
    assert len(report.claims) == 1


@pytest.mark.slow
def test_a_large_article_streams_in_bounded_memory_with_progress() -> None:
    paragraph = (
        "Secondo alcune indiscrezioni la banca sta preparando un'offerta. "
        "Il gruppo ha chiuso il 2024 con un utile di 3 miliardi. "
        "Tuttavia, tali voci non sono ancora state confermate.\n\n"
    )
    text = paragraph * 12_000
    calls: list[tuple[int, int]] = []
    tracemalloc.start()
    report = RulesExtractor().extract(
        document(text), lambda done, total: calls.append((done, total))
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(report.claims) == 24_000
    assert calls[-1] == (12_000, 12_000)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    # Claims dominate what is kept; the text itself is never copied whole per step.
    assert peak < 60 * len(text)


def test_a_paragraph_without_blank_lines_is_cut_into_bounded_blocks() -> None:
    from claimscope.extract.rules import MAX_BLOCK_CHARS, paragraphs

    text = "Il gruppo ha chiuso il 2024 con un utile di 3 miliardi. " * 2_000
    blocks = list(paragraphs(text))
    assert len(blocks) > 1
    assert all(end - start <= MAX_BLOCK_CHARS for start, end in blocks)
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text.rstrip())
    assert all(a[1] <= b[0] for a, b in pairwise(blocks))
