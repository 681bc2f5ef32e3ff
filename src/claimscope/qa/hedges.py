"""Hedge wording: how an answer keeps the distance the articles keep.

An extractive answer frames every quote with its level's phrase; a generated statement that
rests on a rumoured or unconfirmed claim and does not say so gets that phrase in front.
The phrases are the language packs' [phrases].
"""

from __future__ import annotations

from claimscope.extract.cues import CueKind, load_lexicon
from claimscope.lexicons import Phrases, pack_or_english, phrases
from claimscope.models import Citation, HedgingLevel
from claimscope.qa.stemming import is_stopword

# Cue kinds that show a reader the distance a level asks for (statements citing a level
# must carry one of them). Attributed claims need a reporting frame, not a hedge.
_DISTANCE_CUES = {
    HedgingLevel.UNCONFIRMED: {CueKind.UNCONFIRMED},
    HedgingLevel.RUMORED: {CueKind.RUMORED, CueKind.UNCONFIRMED},
    HedgingLevel.CONDITIONAL: {CueKind.CONDITIONAL},
    HedgingLevel.HEDGED: {CueKind.HEDGED, CueKind.CONDITIONAL},
    HedgingLevel.ATTRIBUTED: {CueKind.ATTRIBUTION, CueKind.REPORTATIVE, CueKind.ORIGIN},
}
# The levels whose hedge is added in code when the model leaves it out.
ENFORCED_LEVELS = (HedgingLevel.UNCONFIRMED, HedgingLevel.RUMORED)


def framed(words: Phrases, citation: Citation, assessed: bool) -> str:
    """A citation as one line of an extractive answer: the article, hedge, quote, level and
    source in words. `assessed` tells whether the claims of the citation's document were
    extracted."""
    source = words.source_name(citation.source)
    lead = words.hedge(citation.hedging, source) or words.article_says
    if citation.hedging is None:
        details = words.no_claim_here if assessed else words.unassessed
    else:
        details = words.level_names[citation.hedging]
        if source:
            details += f"; {words.source_label}: {source}"
    return f"{citation.title}: {lead} «{citation.quote}» ({details})"


def carries_hedge(text: str, level: HedgingLevel, language: str) -> bool:
    """Whether `text` shows the distance `level` asks for (asserted asks for none)."""
    kinds = _DISTANCE_CUES.get(level)
    if not kinds:
        return True
    language = pack_or_english(language).language
    own_phrase = phrases(language).hedge(level, None).rstrip(",").casefold()
    if level is not HedgingLevel.ATTRIBUTED and own_phrase in text.casefold():
        return True
    return any(cue.kind in kinds for cue in load_lexicon(language).find(text))


def with_hedge(text: str, cited: list[Citation], language: str) -> str:
    """`text` with its level's hedge phrase in front when it rests on a rumoured or
    unconfirmed claim and does not say so itself."""
    levels = [c.hedging for c in cited if c.hedging is not None]
    if not levels:
        return text
    level = HedgingLevel.strongest(levels)
    if level not in ENFORCED_LEVELS or carries_hedge(text, level, language):
        return text
    return f"{phrases(language).hedge(level, None)} {_lower_first(text, language)}"


def _lower_first(text: str, language: str) -> str:
    """The text with its first word in lower case when that word is a function word ("Il
    gruppo" → "il gruppo"); names ("Lanterna", "OpenAI") keep their capital."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if is_stopword(first, language) else text
