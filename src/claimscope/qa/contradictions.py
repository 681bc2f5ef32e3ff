"""When one cited article reports a fact and another denies it or says it is not confirmed.

The claims' levels say it: a claim the article asserts, attributes, hedges or passes on as a
rumour *reports* the fact; an unconfirmed claim whose unconfirmed cue is a denial ("ha
smentito", "denied") *denies* it, any other unconfirmed claim ("non ha confermato") *doubts*
it. Two passages cited for one question are about the same fact only when they share at
least a third of their content words (stemmed in every supported language): passages about
one story all name its companies, so an outlet's sentence about another fact of the deal is
no contradiction (eval/README.md, "Answers", has what this rule does on the development
sets). The line's words are in the language packs' phrases (contradiction_denied,
contradiction_not_confirmed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from claimscope.extract.cues import CueKind, load_lexicon
from claimscope.lexicons import phrases
from claimscope.models import Citation, HedgingLevel
from claimscope.qa.evidence import Evidence
from claimscope.qa.figures import disagreements
from claimscope.qa.stemming import content_words, stems_in_all_languages

# The share of their content words (Jaccard) two passages must have in common to be read as
# telling one fact.
SAME_FACT = 1 / 3


class Stance(StrEnum):
    REPORTS = "reports"
    DENIES = "denies"
    DOUBTS = "doubts"


@dataclass(frozen=True)
class CitedStance:
    """A citation of an answer and what its article does with the fact it quotes."""

    citation: Citation
    stance: Stance | None


def stance(level: HedgingLevel | None, cues: Sequence[str], language: str) -> Stance | None:
    """What a passage of `level`, whose claim carries `cues` (the cue phrases, in the
    article's `language`), does with its fact; None when its level is unknown."""
    if level is None:
        return None
    if level is not HedgingLevel.UNCONFIRMED:
        return Stance.REPORTS
    lexicon = load_lexicon(language)
    found = [cue for text in cues for cue in lexicon.find(text)]
    denials = [c for c in found if c.kind is CueKind.UNCONFIRMED and lexicon.is_denial(c.text)]
    return Stance.DENIES if denials else Stance.DOUBTS


def contradictions(cited: Sequence[CitedStance], language: str) -> list[str]:
    """One line for each cited passage that denies or doubts what passages of other articles
    report about the same fact, in `language`, naming them by citation number."""
    words = phrases(language)
    lines = []
    for against in cited:
        if against.stance not in (Stance.DENIES, Stance.DOUBTS):
            continue
        reporters = [
            other.citation
            for other in cited
            if other.stance is Stance.REPORTS
            and other.citation.document_id != against.citation.document_id
            and same_fact(other.citation.quote, against.citation.quote)
        ]
        if not reporters:
            continue
        template = (
            words.contradiction_denied
            if against.stance is Stance.DENIES
            else words.contradiction_not_confirmed
        )
        lines.append(
            template.format(
                denier=f"[{against.citation.number}]",
                reporters=", ".join(f"[{c.number}]" for c in reporters),
            )
        )
    return lines


def disagreement_lines(
    citations: Sequence[Citation], evidence: Evidence, language: str
) -> list[str]:
    """The lines saying where cited articles disagree: on a figure, or on a fact one
    reports and another denies or says is not confirmed (both answer engines add them)."""
    stances = [cited_stance(c, evidence) for c in citations]
    return disagreements(citations, language) + contradictions(stances, language)


def cited_stance(citation: Citation, evidence: Evidence) -> CitedStance:
    """The citation's stance, from the level and cues of the claim it quotes."""
    claims = evidence.retriever.claims_of(citation.document_id)
    cues = next((c.cues for c in claims if c.id == citation.claim_id), [])
    language = evidence.retriever.language_of(citation.document_id)
    return CitedStance(citation, stance(citation.hedging, [*cues, citation.quote], language))


def same_fact(first: str, second: str) -> bool:
    mine, theirs = _stems(first), _stems(second)
    together = mine | theirs
    return bool(together) and len(mine & theirs) / len(together) >= SAME_FACT


def _stems(text: str) -> set[str]:
    return stems_in_all_languages(content_words(text))
