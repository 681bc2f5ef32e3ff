"""Properties of the rules engine on any text: grounded offsets, determinism, bad input."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope.extract import extract_document, rules
from claimscope.extract.rules import MAX_BLOCK_CHARS, RulesExtractor, paragraphs
from claimscope.models import Document, Span
from claimscope.settings import EngineChoice, Settings
from claimscope.text import split_sentences

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


def test_the_facade_runs_the_offline_engine_without_an_llm(settings: Settings) -> None:
    report = extract_document(
        document("Enel ha chiuso il 2024 con un utile di 6 miliardi."), settings, EngineChoice.AUTO
    )
    assert report.engine == "offline"
    assert len(report.claims) == 1


@pytest.mark.slow
def test_a_multi_megabyte_article_is_read_block_by_block_with_progress(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sentence = (
        "Secondo alcune indiscrezioni la banca sta preparando un'offerta per le attività "
        + "di pagamento del gruppo, con un premio del 30% sulla media degli ultimi sei mesi, " * 4
        + "e il consiglio ne discuterà a marzo. "
    )
    paragraph = sentence * 4 + "Tuttavia, tali voci non sono ancora state confermate.\n\n"
    text = paragraph * (2_000_000 // len(paragraph))
    seen: list[int] = []

    def recording(block: str, language: str = "it") -> list[Span]:
        seen.append(len(block))
        return split_sentences(block, language)

    monkeypatch.setattr(rules, "split_sentences", recording)
    calls: list[tuple[int, int]] = []
    report = RulesExtractor().extract(document(text), lambda d, t: calls.append((d, t)))
    paragraphs = text.count("\n\n")
    assert len(text) > 2_000_000 - len(paragraph)
    assert calls[-1] == (paragraphs, paragraphs)
    assert [done for done, _ in calls] == list(range(1, paragraphs + 1))
    assert max(seen) <= rules.MAX_BLOCK_CHARS
    assert {claim.hedging.value for claim in report.claims} == {"unconfirmed"}


def test_a_paragraph_without_blank_lines_is_cut_into_bounded_blocks() -> None:
    text = "Il gruppo ha chiuso il 2024 con un utile di 3 miliardi. " * 2_000
    blocks = list(paragraphs(text))
    assert len(blocks) > 1
    assert all(end - start <= MAX_BLOCK_CHARS for start, end in blocks)
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text.rstrip())
    assert all(a[1] <= b[0] for a, b in pairwise(blocks))
