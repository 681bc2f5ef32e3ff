"""Cross-checking an LLM's hedging levels against the cues the rules engine sees.

A model can miss a "secondo alcune indiscrezioni" or a "potrebbe" that stands in the
very sentence of its claim. Where the rules engine's lexicon finds a cue in that
sentence that marks a firmer-hedged level than the model chose, the claim gets a flag
that names the cue, so a reader knows where to look. Levels that come from carry-over
(a source frame or a denial elsewhere) are the model's call and are not flagged.
"""

from __future__ import annotations

from bisect import bisect_right

from claimscope.extract.cues import LEVEL_OF_KIND, Cue, load_lexicon
from claimscope.models import Claim, Document, ExtractionReport, HedgingLevel, Span
from claimscope.text import SUPPORTED_LANGUAGES, split_sentences


def _sentence_of(claim: Claim, sentences: list[Span], starts: list[int]) -> Span | None:
    index = bisect_right(starts, claim.start) - 1
    if index < 0 or claim.start >= sentences[index].end:
        return None
    return sentences[index]


def _strongest_cue(cues: list[Cue]) -> tuple[Cue, HedgingLevel] | None:
    levelled = [(cue, LEVEL_OF_KIND[cue.kind]) for cue in cues if cue.kind in LEVEL_OF_KIND]
    return min(levelled, key=lambda pair: pair[1].rank, default=None)


def flag_disagreements(document: Document, report: ExtractionReport) -> None:
    """Add a flag to each claim of `report` whose sentence holds a cue of a stronger level."""
    if document.language not in SUPPORTED_LANGUAGES or not report.claims:
        return
    lexicon = load_lexicon(document.language)
    sentences = split_sentences(document.text, document.language)
    starts = [sentence.start for sentence in sentences]
    for claim in report.claims:
        sentence = _sentence_of(claim, sentences, starts)
        if sentence is None:
            continue
        found = _strongest_cue(lexicon.find(sentence.text, sentence.start))
        if found is None:
            continue
        cue, level = found
        if level.rank < claim.hedging.rank:
            claim.flags.append(f"rules engine sees '{cue.text}' ({level.value}) in this sentence")
