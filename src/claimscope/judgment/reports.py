"""Reports: which claims an article credits to the same source, and where it names that source.

A report is the set of claims credited to one source (the guide: "the nature of a named
source's sourcing is a property of its report"; a denial "covers every claim that comes
from the report it refers to"). A claim the rules engine left without a source, in a
paragraph where a named source was credited before it, belongs to that source's report:
news prose goes on reporting after "Secondo il Corriere, …" without repeating the frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimscope.extract.cues import CueKind
from claimscope.extract.sources import ANONYMOUS
from claimscope.judgment.context import ArticleContext
from claimscope.models import Claim

_CREDITING = (CueKind.ATTRIBUTION, CueKind.RELAY, CueKind.ORIGIN)
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][\w'’-]{3,}")


@dataclass
class Report:
    id: str
    source: str
    claims: list[int] = field(default_factory=list)
    """Indexes of the article's claims that belong to it."""
    mentions: list[int] = field(default_factory=list)
    """Indexes of the sentences that name its source."""


def _name_words(source: str) -> list[str]:
    """The words that identify a source in running text ("Fiorentino" for "Corriere
    Fiorentino"); the whole name when it has no distinctive capitalised word."""
    return _NAME_WORD.findall(source) or [source]


def _credited_before(claim: Claim, context: ArticleContext, earlier: list[Claim]) -> str | None:
    """The named source credited last in the claim's paragraph before it: by an earlier
    claim, or by a crediting cue of an earlier sentence."""
    index = context.sentence_index(claim.start)
    paragraph = context.sentences[index].paragraph
    start = min((s.span.start for s in context.sentences if s.paragraph == paragraph), default=0)
    candidates: list[tuple[int, str]] = [
        (c.start, c.source)
        for c in earlier
        if c.source and c.source != ANONYMOUS and start <= c.start < claim.start
    ]
    candidates += [
        (cue.start, cue.source)
        for cue in context.cues_in(start, claim.start)
        if cue.kind in _CREDITING and cue.source and cue.source[:1].isupper()
    ]
    return max(candidates)[1] if candidates else None


def report_sources(claims: list[Claim], context: ArticleContext) -> list[str | None]:
    """Each claim's report source: its own, else the one credited before it in its paragraph."""
    return [
        claim.source or _credited_before(claim, context, claims[:number])
        for number, claim in enumerate(claims)
    ]


def _mentions(source: str, context: ArticleContext) -> list[int]:
    if source == ANONYMOUS:
        return []
    words = [word.casefold() for word in _name_words(source)]
    return [
        index
        for index, sentence in enumerate(context.sentences)
        if any(word in sentence.span.text.casefold() for word in words)
    ]


@dataclass
class ArticleReports:
    reports: list[Report]
    claim_reports: list[Report | None]
    """Each claim's report, None in the article's own voice."""

    def of(self, number: int) -> Report | None:
        return self.claim_reports[number]

    def id_of(self, source: str | None) -> str | None:
        """The id of the report of `source` (a new one for a source met only now); None
        for the article's own voice."""
        if source is None:
            return None
        for report in self.reports:
            if report.source.casefold() == source.casefold():
                return report.id
        self.reports.append(Report(id=f"r{len(self.reports) + 1}", source=source))
        return self.reports[-1].id

    @classmethod
    def find(cls, claims: list[Claim], context: ArticleContext) -> ArticleReports:
        by_source: dict[str, Report] = {}
        claim_reports: list[Report | None] = []
        for number, source in enumerate(report_sources(claims, context)):
            if source is None:
                claim_reports.append(None)
                continue
            key = source.casefold()
            if key not in by_source:
                by_source[key] = Report(
                    id=f"r{len(by_source) + 1}", source=source, mentions=_mentions(source, context)
                )
            by_source[key].claims.append(number)
            claim_reports.append(by_source[key])
        return cls(list(by_source.values()), claim_reports)
