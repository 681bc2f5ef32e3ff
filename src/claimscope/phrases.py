"""The few fixed phrases that answers and summaries use, in the reader's language.

A hedge phrase tells a reader how firmly the article stands behind a quote, so an
extractive answer or a templated overview never states a rumour as a fact.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimscope.models import Citation, HedgingLevel


@dataclass(frozen=True)
class Phrases:
    language: str
    not_found: str
    extractive_intro: str
    article_says: str
    source_label: str
    unassessed: str
    no_claim_here: str
    hedges: dict[HedgingLevel, str]
    attributed_to_unnamed: str
    level_names: dict[HedgingLevel, str]
    anonymous_source: str
    disagreement: str
    overview_counts: str
    overview_shared: str
    overview_shift: str

    def hedge(self, level: HedgingLevel | None, source: str | None) -> str:
        """The phrase to put before a statement of `level` ("" for asserted or unknown)."""
        if level is None:
            return ""
        if level is HedgingLevel.ATTRIBUTED:
            return self.hedges[level].format(source=source or self.attributed_to_unnamed)
        return self.hedges.get(level, "")

    def source_name(self, source: str | None) -> str | None:
        """The source as a reader says it: the rules engine's "anonymous" in words."""
        if source is not None and source.casefold() == "anonymous":
            return self.anonymous_source
        return source

    def framed(self, citation: Citation, assessed: bool) -> str:
        """A citation as one line of an extractive answer: the article, hedge, quote, level
        and source in words. `assessed` tells whether the claims of the citation's document
        were extracted."""
        source = self.source_name(citation.source)
        lead = self.hedge(citation.hedging, source) or self.article_says
        if citation.hedging is None:
            details = self.no_claim_here if assessed else self.unassessed
        else:
            details = self.level_names[citation.hedging]
            if source:
                details += f"; {self.source_label}: {source}"
        return f"{citation.title}: {lead} «{citation.quote}» ({details})"


_ITALIAN = Phrases(
    language="it",
    not_found="Gli articoli archiviati non contengono una risposta a questa domanda.",
    extractive_intro="Dagli articoli archiviati (risposta estrattiva, senza LLM):",
    article_says="L'articolo afferma:",
    source_label="fonte",
    unassessed="livello non valutato: estrai le affermazioni con 'claimscope extract'",
    no_claim_here="nessuna affermazione estratta da questo passo",
    hedges={
        HedgingLevel.UNCONFIRMED: "Secondo indiscrezioni non confermate,",
        HedgingLevel.RUMORED: "Secondo indiscrezioni,",
        HedgingLevel.CONDITIONAL: "Solo se si avvera la condizione indicata nell'articolo,",
        HedgingLevel.HEDGED: "Forse,",
        HedgingLevel.ATTRIBUTED: "Secondo {source},",
    },
    attributed_to_unnamed="la fonte citata dall'articolo",
    level_names={
        HedgingLevel.ASSERTED: "affermato dall'articolo",
        HedgingLevel.ATTRIBUTED: "attribuito a una fonte",
        HedgingLevel.HEDGED: "detto con cautela",
        HedgingLevel.CONDITIONAL: "subordinato a una condizione",
        HedgingLevel.RUMORED: "indiscrezione",
        HedgingLevel.UNCONFIRMED: "indiscrezione non confermata",
    },
    anonymous_source="fonti anonime",
    disagreement="Gli articoli non concordano su questa cifra: {figures}.",
    overview_counts="Articoli: {articles} · affermazioni: {claims} ({counts}).",
    overview_shared="- Riportata da {articles} articoli: {text}",
    overview_shift="- Livello diverso tra {articles} articoli ({levels}): {text}",
)

_ENGLISH = Phrases(
    language="en",
    not_found="The stored articles do not answer this question.",
    extractive_intro="From the stored articles (extractive answer, no LLM):",
    article_says="The article states:",
    source_label="source",
    unassessed="level not assessed: extract the claims with 'claimscope extract'",
    no_claim_here="no claim was extracted from this passage",
    hedges={
        HedgingLevel.UNCONFIRMED: "According to unconfirmed reports,",
        HedgingLevel.RUMORED: "According to unnamed sources,",
        HedgingLevel.CONDITIONAL: "Only if the condition the article states is met,",
        HedgingLevel.HEDGED: "Possibly,",
        HedgingLevel.ATTRIBUTED: "According to {source},",
    },
    attributed_to_unnamed="the source the article cites",
    level_names={
        HedgingLevel.ASSERTED: "stated by the article",
        HedgingLevel.ATTRIBUTED: "attributed to a source",
        HedgingLevel.HEDGED: "hedged",
        HedgingLevel.CONDITIONAL: "conditional",
        HedgingLevel.RUMORED: "rumour",
        HedgingLevel.UNCONFIRMED: "unconfirmed report",
    },
    anonymous_source="unnamed sources",
    disagreement="The articles disagree on this figure: {figures}.",
    overview_counts="Articles: {articles} · claims: {claims} ({counts}).",
    overview_shared="- Reported by {articles} articles: {text}",
    overview_shift="- Level differs across {articles} articles ({levels}): {text}",
)

_BY_LANGUAGE = {"it": _ITALIAN, "en": _ENGLISH}


def phrases(language: str) -> Phrases:
    """The phrases of `language`, English for a language claimscope has none for."""
    return _BY_LANGUAGE.get(language, _ENGLISH)
