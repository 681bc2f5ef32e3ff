"""The features of one claim in its article: what the rules decided, the lexicon's cues near
it, and where the cue detector's sentences stand relative to it and to its report.

Every feature is a number in [0, 1]: a one-hot, a presence, a probability or a share, so one
regularisation strength fits them all.
"""

from __future__ import annotations

import re

import numpy as np

from claimscope.extract.cues import CueKind
from claimscope.judgment.context import ArticleContext
from claimscope.judgment.reports import ArticleReports
from claimscope.models import Claim, HedgingLevel
from claimscope.text import folded_words

LEVELS = list(HedgingLevel)
# What the cue detector tells of a sentence: that it holds a cue of these levels.
DETECTED: list[HedgingLevel] = [lv for lv in HedgingLevel if lv is not HedgingLevel.ASSERTED]
CUE_KINDS = list(CueKind)
SOURCE_KINDS = ("none", "anonymous", "named")
# Where, relative to the claim, the lexicon's cues and the detector's sentences are looked at.
PLACES = ("clause", "sentence", "previous", "next", "earlier", "later", "before", "after")
# How the detector's other sentences relate to the claim's, beyond where they stand: anywhere
# in the article, weighted by the words they share with the claim, weighted by meaning.
RELATIONS = ("article", "topic", "meaning")
_TOPIC_WORD_LENGTH = 4


def feature_names() -> list[str]:
    names = [f"rules_level={level}" for level in LEVELS]
    names += [f"rules_source={kind}" for kind in SOURCE_KINDS]
    names += [f"cue:{place}:{kind}" for place in PLACES for kind in CUE_KINDS]
    names += [f"detected:{place}:{level}" for place in PLACES[1:] for level in DETECTED]
    names += [f"detected:{kind}:{level}" for kind in RELATIONS for level in DETECTED]
    names += [f"rules_level={level}*{kind}:unconfirmed" for level in LEVELS for kind in RELATIONS]
    names += ["quoted", "first_paragraph", "position", "rules_cues"]
    names += [f"report={kind}" for kind in SOURCE_KINDS]
    names += [
        "report:named_in_detected:unconfirmed",
        "report:named_in_lexicon:unconfirmed",
    ]
    return names


def _source_kind(source: str | None) -> str:
    if source is None:
        return "none"
    return "anonymous" if source == "anonymous" else "named"


def _places(context: ArticleContext, index: int) -> dict[str, list[int]]:
    """Sentence indexes around sentence `index`, by place (the clause is handled apart)."""
    sentences = context.sentences
    paragraph = sentences[index].paragraph
    same = [i for i, s in enumerate(sentences) if s.paragraph == paragraph and i != index]
    return {
        "sentence": [index],
        "previous": [i for i in same if i == index - 1],
        "next": [i for i in same if i == index + 1],
        "earlier": [i for i in same if i < index],
        "later": [i for i in same if i > index],
        "before": [i for i, s in enumerate(sentences) if s.paragraph < paragraph],
        "after": [i for i, s in enumerate(sentences) if s.paragraph > paragraph],
    }


def _longer_words(text: str) -> set[str]:
    """Folded words of four letters or more: the ones that say what a sentence is about."""
    return {word for word in folded_words(text) if len(word) >= _TOPIC_WORD_LENGTH}


def _topic_overlap(claim: Claim, context: ArticleContext) -> np.ndarray:
    """For each sentence, the share of the claim's longer words it repeats."""
    words = _longer_words(claim.quote)
    if not words:
        return np.zeros(len(context.sentences))
    return np.array(
        [len(words & _longer_words(s.span.text)) / len(words) for s in context.sentences]
    )


def _relations(
    claim: Claim, context: ArticleContext, detected: np.ndarray, index: int
) -> dict[str, np.ndarray]:
    """Per relation, the strongest detection among the other sentences (one per DETECTED)."""
    weights = {
        "article": np.ones(len(context.sentences)),
        "topic": _topic_overlap(claim, context),
        "meaning": np.clip(context.embeddings @ context.embeddings[index], 0.0, 1.0),
    }
    relations = {}
    for kind, weight in weights.items():
        weight[index] = 0.0
        relations[kind] = (detected * weight[:, None]).max(axis=0)
    return relations


def _report_values(
    number: int,
    claims: list[Claim],
    reports: ArticleReports,
    context: ArticleContext,
    detected: np.ndarray,
) -> list[float]:
    """Whose report the claim belongs to, and whether a sentence naming that source denies
    or does not confirm something."""
    report = reports.of(number)
    kind = _source_kind(report.source if report else None)
    values = [float(kind == k) for k in SOURCE_KINDS]
    if report is None:
        return [*values, 0.0, 0.0]
    own = context.sentence_index(claims[number].start)
    mentions = [i for i in report.mentions if i != own]
    unconfirmed = DETECTED.index(HedgingLevel.UNCONFIRMED)
    denied = max((float(detected[i, unconfirmed]) for i in mentions), default=0.0)
    lexicon = any(CueKind.UNCONFIRMED in context.sentences[i].kinds for i in mentions)
    return [*values, denied, float(lexicon)]


def article_features(
    claims: list[Claim], context: ArticleContext, detected: np.ndarray
) -> tuple[np.ndarray, ArticleReports]:
    """One feature row per claim (order: `feature_names()`) and the article's reports;
    `detected` holds the cue detector's probabilities, one row per sentence, one column per
    DETECTED level."""
    reports = ArticleReports.find(claims, context)
    rows = [
        np.concatenate(
            [
                claim_features(claim, context, detected),
                _report_values(number, claims, reports, context, detected),
            ]
        )
        for number, claim in enumerate(claims)
    ]
    return np.array(rows).reshape(len(claims), len(feature_names())), reports


def claim_features(claim: Claim, context: ArticleContext, detected: np.ndarray) -> np.ndarray:
    """The features of `claim` that depend on it alone, not on its report."""
    index = context.sentence_index(claim.start)
    places = _places(context, index)
    values: list[float] = [float(claim.hedging is level) for level in LEVELS]
    values += [float(_source_kind(claim.source) == kind) for kind in SOURCE_KINDS]
    clause_kinds = {cue.kind for cue in context.cues_in(claim.start, claim.end)}
    for place in PLACES:
        if place == "clause":
            kinds = clause_kinds
        else:
            kinds = set().union(*(context.sentences[i].kinds for i in places[place]))
        values += [float(kind in kinds) for kind in CUE_KINDS]
    for place in PLACES[1:]:
        rows = places[place]
        values += list(detected[rows].max(axis=0)) if rows else [0.0] * len(DETECTED)
    relations = _relations(claim, context, detected, index)
    for kind in RELATIONS:
        values += list(relations[kind])
    for level in LEVELS:
        rules_level = float(claim.hedging is level)
        values += [rules_level * relations[kind][0] for kind in RELATIONS]
    sentence = context.sentences[index]
    paragraphs = context.sentences[-1].paragraph + 1
    values += [
        float(claim.quote[:1] in '"«“' or sentence.span.text[:1] in '"«“'),
        float(sentence.paragraph == 0),
        sentence.paragraph / paragraphs,
        min(len(claim.cues), 4) / 4,
    ]
    return np.array(values, dtype=np.float64)


# What tells a claim from a statement about the reporting, a dateline or a fragment: its
# cues and how much of it they cover, its length, a figure, and its sentence's meaning.
UNIT_SHAPE = ("cue_coverage", "words", "short", "figure", "share_of_sentence", "first_paragraph")
_FIGURE = re.compile(r"\d")
_LONG_CLAIM_WORDS = 40
_SHORT_CLAIM_WORDS = 6


def unit_feature_names(dimension: int) -> list[str]:
    names = [f"cue:{place}:{kind}" for place in PLACES[:2] for kind in CUE_KINDS]
    names += [f"detected:sentence:{level}" for level in DETECTED]
    names += list(UNIT_SHAPE)
    return names + [f"embedding:{i}" for i in range(dimension)]


def unit_features(claim: Claim, context: ArticleContext, detected: np.ndarray) -> np.ndarray:
    """Whether the rules' claim is a claim at all (order: `unit_feature_names()`)."""
    index = context.sentence_index(claim.start)
    sentence = context.sentences[index]
    cues = context.cues_in(claim.start, claim.end)
    kinds = {cue.kind for cue in cues}
    covered = sum(cue.end - cue.start for cue in cues) / max(1, claim.end - claim.start)
    words = len(claim.quote.split())
    values = [float(kind in kinds) for kind in CUE_KINDS]
    values += [float(kind in sentence.kinds) for kind in CUE_KINDS]
    values += list(detected[index])
    values += [
        min(covered, 1.0),
        min(words, _LONG_CLAIM_WORDS) / _LONG_CLAIM_WORDS,
        float(words < _SHORT_CLAIM_WORDS),
        float(bool(_FIGURE.search(claim.quote))),
        (claim.end - claim.start) / max(1, sentence.span.end - sentence.span.start),
        float(sentence.paragraph == 0),
    ]
    return np.concatenate([values, context.embeddings[index]])
