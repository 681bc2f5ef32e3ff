"""The LLM extraction prompt as the model receives it: the scope rules it states, and worked
examples that obey the labelling guide and quote their own passages verbatim. Whether a
model follows them is not measured here (no capable model runs in tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimscope.extract.addressed import addressed_regions
from claimscope.extract.llm import (
    CheckedClaim,
    ExtractedClaim,
    ExtractionExample,
    extraction_examples,
    extraction_messages,
)
from claimscope.ingest import RawInput, load_document
from claimscope.models import Document, HedgingLevel
from claimscope.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
# Real articles the examples must not be taken from (the holdout is never opened).
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
READABLE_CORPUS_FOLDERS = ("articles", "gold", "real-2")

_EXAMPLE = re.compile(
    r"## Example \d+\n\n<<<TITLE\n.*?\nTITLE>>>\n\n<<<PASSAGE\n(?P<passage>.*?)\nPASSAGE>>>"
    r"\n\nAnswer:\n(?P<answer>.*?)(?=\n## Example |\Z)",
    re.DOTALL,
)


def rendered_system() -> str:
    system, _ = extraction_messages("Titolo", "Articolo", "Passaggio")
    return system.text


def rendered_examples() -> list[tuple[str, list[ExtractedClaim]]]:
    """(passage, claims) of each worked example, parsed back from the rendered prompt."""
    found = []
    for match in _EXAMPLE.finditer(rendered_system()):
        answer = json.loads(match["answer"])
        claims = [ExtractedClaim.model_validate(item) for item in answer["claims"]]
        found.append((match["passage"], claims))
    return found


def as_document(example: ExtractionExample) -> Document:
    """The example's passage as ingest reads an article (its language detected)."""
    raw = RawInput("example.txt", example.passage.encode("utf-8"), "text/plain")
    return load_document(raw)


def paragraph_of(passage: str, words: str) -> int:
    """The number of the paragraph where `words` first stand (0 for the first)."""
    return passage[: passage.index(words)].count("\n\n")


@pytest.mark.parametrize(
    "rule",
    [
        # which report a denial or non-confirmation covers
        "covers every claim of the report it names or refers back to",
        '"tali voci", "la notizia", "the reported arrangement", "l\'operazione"',
        "a party's denial covers the claims it denies",
        "It does not cover what the article states in its own voice or what another source reports",
        # continuation of a source frame vs the author's own voice
        "It stops where another source speaks or the author adds background",
        # chained attribution
        '"The paper reported ..., noting that the bank had disclosed ..."',
        # words that look like hedges but are not
        "senza l'aumento di capitale, la quota sarebbe scesa al 20%",
        '"potrà vendere le azioni dal 2027"',
        '"i dettagli non sono trapelati" is no rumour',
        # sources that are not sources
        "Never a number from a date",
        "a common noun opening the sentence",
        "a possessive",
        # claim units
        "A claim has a verb and says something complete",
        "instructions to a reader or a machine",
        "its duration and its start date (three claims)",
        "the subject the sentence gives",
    ],
)
def test_the_system_prompt_states_the_rule(rule: str) -> None:
    assert rule in rendered_system()


def test_the_user_prompt_asks_for_the_report_and_its_denials() -> None:
    _, user = extraction_messages("Titolo", "Articolo", "Passaggio")
    assert "which report it belongs to" in user.text
    assert "a denial or non-confirmation anywhere in the article" in user.text


def test_every_example_of_the_rendered_prompt_quotes_its_passage_verbatim() -> None:
    examples = rendered_examples()
    assert len(examples) == len(extraction_examples()) >= 3
    for passage, claims in examples:
        assert claims
        for claim in claims:
            assert claim.quote in passage, claim.quote
            assert all(cue in passage for cue in claim.cues), claim.cues


def test_the_examples_are_what_the_model_must_answer() -> None:
    """Each worked claim survives the checks a model's answer goes through unchanged, and
    follows the guide's pairing of levels and sources."""
    for example in extraction_examples():
        for claim in example.claims:
            checked = CheckedClaim.model_validate(claim.model_dump())
            assert checked.model_dump() == claim.model_dump()
            if claim.hedging is HedgingLevel.ASSERTED:
                assert claim.source is None and claim.cues == []
            else:
                assert claim.cues, claim.quote
            if claim.source not in (None, "anonymous"):
                assert claim.source in example.passage, claim.source


def test_the_examples_teach_every_level_in_both_languages() -> None:
    examples = extraction_examples()
    levels = {claim.hedging for example in examples for claim in example.claims}
    assert levels == set(HedgingLevel)
    assert {as_document(example).language for example in examples} == {"it", "en"}


def test_a_denial_in_a_later_paragraph_covers_its_report_and_not_the_authors_voice() -> None:
    """Some example has an unconfirmed claim whose denial stands in a later paragraph, and
    a claim in the article's own voice in between that the denial does not cover."""
    for example in extraction_examples():
        passage = example.passage
        asserted = [
            paragraph_of(passage, c.quote)
            for c in example.claims
            if c.hedging is HedgingLevel.ASSERTED
        ]
        for claim in example.claims:
            if claim.hedging is not HedgingLevel.UNCONFIRMED:
                continue
            own = paragraph_of(passage, claim.quote)
            denial = max(paragraph_of(passage, cue) for cue in claim.cues)
            if any(own < paragraph <= denial for paragraph in asserted):
                return
    pytest.fail("no example shows a denial covering its report across paragraphs")


def test_no_example_claim_comes_from_words_addressed_to_a_reader_or_a_machine() -> None:
    addressed_examples = 0
    for example in extraction_examples():
        regions = addressed_regions(as_document(example))
        addressed_examples += bool(regions)
        for claim in example.claims:
            start = example.passage.index(claim.quote)
            end = start + len(claim.quote)
            assert not any(s < end and start < e for s, e in regions), claim.quote
    assert addressed_examples >= 2


def test_the_examples_are_invented_not_taken_from_the_real_articles() -> None:
    folders = [SHARED_CORPUS / name for name in READABLE_CORPUS_FOLDERS]
    articles = [path for folder in folders if folder.is_dir() for path in folder.glob("*.txt")]
    if not articles:
        pytest.skip(f"real articles not found under {SHARED_CORPUS} (developers' machines only)")
    real = "\n".join(" ".join(path.read_text(encoding="utf-8").split()) for path in articles)
    for example in extraction_examples():
        for sentence in split_sentences(example.passage, as_document(example).language):
            words = " ".join(sentence.text.split())
            assert len(words) < 40 or words not in real, words
