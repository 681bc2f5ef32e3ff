"""Claim splitting: a rules claim that holds several independently checkable facts becomes
several claims (the guide: split a sentence "when its parts could be true or false
independently").

A claim may be cut at a comma, a semicolon or a colon, or before a coordinator or a relative
pronoun of any language pack. Whether to cut there is learned from the gold claims (a cut is
right where one gold claim ends and the next begins inside the rules' claim), reading the
words on either side of the cut, its punctuation and the parts' lengths, figures and
quotation marks. Every part keeps its claim's level, source and cues for the judgment that
follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from claimscope.eval.matching import quote_overlap
from claimscope.extract.clauses import Clause, either
from claimscope.extract.rules import restated
from claimscope.judgment.model import LinearLayer
from claimscope.lexicons import every_language
from claimscope.models import Claim

# A part shorter than this is a phrase, not a claim: its cut is not made.
MIN_PART_WORDS = 3
# The layer's classes are balanced in training, so even odds is its own boundary.
CUT_PROBABILITY = 0.5
# Parts' lengths are measured in words up to this many.
_LONG_PART_WORDS = 30
# A gold claim may start a few characters after the cut (a coordinator the cut drops).
_START_SLACK = 4
# A gold claim that starts this far inside the one before it, and ends no more than
# _END_SLACK after it, is nested in it, not after it.
_NESTED_SLACK = 5
_END_SLACK = 2
# How far into the right part a comma means it is a list or an aside.
_NEAR_CHARACTERS = 40
_WORD = re.compile(r"[\w'’]+")
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class Cut:
    """A place a claim's quote may be cut: the separator runs from `start` to `end`, where
    the right part begins (offsets within the quote)."""

    start: int
    end: int


@lru_cache(maxsize=1)
def _cut_pattern() -> re.Pattern[str]:
    openers = either(every_language("coordinators") + every_language("relative_pronouns"))
    return re.compile(rf"\s*[,;:]\s+|\s+(?=(?:{openers})\b)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _coordinators() -> frozenset[str]:
    return frozenset(word.casefold() for word in every_language("coordinators"))


def cuts(quote: str) -> list[Cut]:
    """Every place the quote may be cut, left to right."""
    return [
        Cut(found.start(), found.end())
        for found in _cut_pattern().finditer(quote)
        if found.start() > 0 and found.end() < len(quote)
    ]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _inside_quotation(text: str) -> bool:
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”") or "«" in text


def cut_features(quote: str, cut: Cut) -> dict[str, float]:
    """What the decision reads at a cut, by name: the punctuation, the word that opens the
    right part and the one after it, the word that ends the left part, and the parts' shape."""
    left, right = quote[: cut.start], quote[cut.end :]
    left_words, right_words = _words(left), _words(right)
    features = {f"separator={quote[cut.start : cut.end].strip() or 'space'}": 1.0}
    if right_words:
        features[f"right_first={right_words[0]}"] = 1.0
    if len(right_words) > 1:
        features[f"right_second={right_words[1]}"] = 1.0
    if left_words:
        features[f"left_last={left_words[-1]}"] = 1.0
    features |= {
        "left_words": min(len(left_words), _LONG_PART_WORDS) / _LONG_PART_WORDS,
        "right_words": min(len(right_words), _LONG_PART_WORDS) / _LONG_PART_WORDS,
        "left_short": float(len(left_words) < MIN_PART_WORDS + 1),
        "right_short": float(len(right_words) < MIN_PART_WORDS + 1),
        "left_figure": float(bool(_FIGURE.search(left))),
        "right_figure": float(bool(_FIGURE.search(right))),
        "right_capitalised": float(right[:1].isupper()),
        "inside_quotation": float(_inside_quotation(left)),
        "comma_soon_after": float("," in right[:_NEAR_CHARACTERS]),
    }
    return features


def cut_labels(claim: Claim, gold: list[Claim]) -> list[bool]:
    """For each of the claim's cuts, whether it is where one gold claim inside the claim ends
    and the next begins: the cut nearest to the next one's start, between the two starts."""
    inside = sorted(
        (g for g in gold if quote_overlap(g, claim) >= 0.5),
        key=lambda g: (g.start, g.end),
    )
    following: list[Claim] = []
    for candidate in inside:
        nested = (
            following
            and candidate.end <= following[-1].end + _END_SLACK
            and candidate.start < following[-1].end - _NESTED_SLACK
        )
        if not nested:
            following.append(candidate)
    found = cuts(claim.quote)
    right = set()
    for first, second in pairwise(following):
        begins = second.start - claim.start
        between = [
            number
            for number, cut in enumerate(found)
            if first.start - claim.start < cut.end <= begins + _START_SLACK
        ]
        if between:
            right.add(min(between, key=lambda number: abs(begins - found[number].end)))
    return [number in right for number in range(len(found))]


def _chosen(quote: str, proposed: list[Cut]) -> list[Cut]:
    """The proposed cuts that leave every part at least MIN_PART_WORDS long."""
    chosen: list[Cut] = []
    begin = 0
    for cut in proposed:
        if (
            len(_words(quote[begin : cut.start])) >= MIN_PART_WORDS
            and len(_words(quote[cut.end :])) >= MIN_PART_WORDS
        ):
            chosen.append(cut)
            begin = cut.end
    return chosen


def _part(claim: Claim, start: int, end: int, number: int, text: str) -> Claim:
    """The claim's quote from `start` to `end` (within the quote) as a claim of its own,
    without a coordinator that opens it, its text restated to stand alone as the rules
    restate their clauses (the claim is the host of its later parts)."""
    piece = claim.quote[start:end]
    first = _WORD.match(piece)
    if first and first.group().casefold() in _coordinators() and first.end() < len(piece):
        start += len(piece) - len(piece[first.end() :].lstrip())
        piece = claim.quote[start:end]
    clause = Clause(claim.start + start, claim.start + end, piece)
    host = Clause(claim.start, claim.end, claim.quote) if start > 0 else None
    return claim.model_copy(
        update={
            "id": f"{claim.id}.{number}",
            "quote": piece,
            "text": restated(clause, text, host),
            "start": clause.start,
            "end": clause.end,
        }
    )


class Splitter:
    """The split layer of a judgment model, with the names of its inputs."""

    def __init__(self, layer: LinearLayer, names: list[str]) -> None:
        self._layer = layer
        self._inputs = {name: column for column, name in enumerate(names)}

    def _row(self, features: dict[str, float]) -> np.ndarray:
        """The features in the model's order; a name it never met in training counts for
        nothing."""
        row = np.zeros(len(self._inputs))
        for name, value in features.items():
            if name in self._inputs:
                row[self._inputs[name]] = value
        return row

    def split(self, claim: Claim, text: str) -> list[Claim]:
        """The claim cut where the layer says its parts are separate facts (`text`: the
        article's, for restating a part that opens on a relative pronoun)."""
        found = cuts(claim.quote)
        if not found:
            return [claim]
        rows = np.stack([self._row(cut_features(claim.quote, cut)) for cut in found])
        probabilities = self._layer.probabilities(rows)[:, 0]
        proposed = [c for c, p in zip(found, probabilities, strict=True) if p >= CUT_PROBABILITY]
        chosen = _chosen(claim.quote, proposed)
        if not chosen:
            return [claim]
        starts = [0, *(c.end for c in chosen)]
        ends = [*(c.start for c in chosen), len(claim.quote)]
        return [
            _part(claim, start, end, number, text)
            for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1)
        ]

    def split_all(self, claims: list[Claim], text: str) -> list[Claim]:
        return [part for claim in claims for part in self.split(claim, text)]
