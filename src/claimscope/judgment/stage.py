"""The offline engine: the rules engine's claims, cut where they hold several facts, then
the learned level and source."""

from __future__ import annotations

import time

import numpy as np

from claimscope.extract import Progress
from claimscope.extract.rules import RulesExtractor
from claimscope.extract.sources import ANONYMOUS
from claimscope.judgment.context import ArticleContext, Embed, e5_embed, read_article
from claimscope.judgment.features import article_features, unit_features
from claimscope.judgment.model import JudgmentModel, load_model
from claimscope.judgment.reports import Report
from claimscope.judgment.splitting import Splitter
from claimscope.models import Claim, Document, ExtractionReport, HedgingLevel

# Some features compare each claim with every sentence of its article: fine for news, but a
# book-length input would take hours (and its e5 embedding minutes). Past this many claims
# the rules' levels stand, with a notice.
MAX_JUDGED_CLAIMS = 1000
_UNNAMED_LEVELS = (HedgingLevel.RUMORED, HedgingLevel.UNCONFIRMED)


def _last_named(claims: list[Claim]) -> str | None:
    """The source credited last before a claim (an attributed claim needs a name)."""
    named = [c.source for c in claims if c.source and c.source != ANONYMOUS]
    return named[-1] if named else None


def source_for(
    level: HedgingLevel, claim: Claim, report: Report | None, earlier: list[Claim]
) -> str | None:
    """The source that goes with a level (guide, "Sources"): none for an asserted claim, a
    name for an attributed one (its report's, else the last credited), the report's source
    or "anonymous" for hearsay and unconfirmed reports."""
    if level is HedgingLevel.ASSERTED:
        return None
    source = claim.source or (report.source if report else None)
    if level is HedgingLevel.ATTRIBUTED and source in (None, ANONYMOUS):
        return _last_named(earlier) or source
    if level in _UNNAMED_LEVELS and source is None:
        return ANONYMOUS
    return source


def judge(claims: list[Claim], context: ArticleContext, model: JudgmentModel) -> list[Claim]:
    """The rules' claims cut where they hold several facts, those the model keeps, with its
    levels and the sources that go with them."""
    splitter = Splitter(model.split, model.split_feature_names)
    claims = splitter.split_all(claims, context.document.text)
    if not claims:
        return []
    detected = model.detector.probabilities(context.embeddings)
    units = np.stack([unit_features(claim, context, detected) for claim in claims])
    kept = model.unit.probabilities(units)[:, 0] >= model.unit_threshold
    features, reports = article_features(claims, context, detected)
    judged: list[Claim] = []
    levels = model.level.predict(features)
    for number, (claim, level_name) in enumerate(zip(claims, levels, strict=True)):
        level = HedgingLevel(level_name)
        source = source_for(level, claim, reports.of(number), judged)
        judged.append(
            claim.model_copy(
                update={"hedging": level, "source": source, "report": reports.id_of(source)}
            )
        )
    survivors = [claim for claim, keep in zip(judged, kept, strict=True) if keep]
    return [
        claim.model_copy(update={"id": f"c{number:02d}"})
        for number, claim in enumerate(survivors, start=1)
    ]


class OfflineExtractor:
    """Claims from the rules engine, levels and sources from the learned judgment."""

    name = "offline"

    def __init__(self, model: JudgmentModel | None = None, embed: Embed | None = None) -> None:
        self._model = model or load_model()
        self._embed = embed or e5_embed()
        self._rules = RulesExtractor()

    def extract(self, document: Document, progress: Progress | None = None) -> ExtractionReport:
        started = time.perf_counter()
        report = self._rules.extract(document, progress)
        if len(report.claims) > MAX_JUDGED_CLAIMS:
            notice = (
                f"{len(report.claims)} claims: more than the learned judgment reads "
                f"({MAX_JUDGED_CLAIMS}); the rules engine's levels and sources are kept"
            )
            return report.model_copy(update={"notices": [*report.notices, notice]})
        context = read_article(document, self._embed)
        claims = [
            claim.model_copy(update={"engine": self.name})
            for claim in judge(report.claims, context, self._model)
        ]
        return report.model_copy(
            update={
                "engine": self.name,
                "claims": claims,
                "seconds": time.perf_counter() - started,
            }
        )
