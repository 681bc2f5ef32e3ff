"""Find where an engine's quote or cue stands in the document, at exact offsets.

An exact match is tried first. Failing that, a tolerant match ignores what writers
and models swap freely (whitespace runs, typographic quotes and apostrophes, dashes,
case, quotation marks wrapped around the quote) and maps the match back to the
original text, so the span returned always satisfies `text[start:end] == span.text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property

from claimscope.models import Span
from claimscope.text import NormalizedText, normalize

# Wrappers a model puts around a quote that the article does not have there.
_WRAPPERS = " \t\n\"'«»“”„‘’`"
_TRAILING_ELLIPSES = ("...", "…")


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    start = haystack.find(needle)
    while start != -1:
        yield start
        start = haystack.find(needle, start + 1)


def _distance(start: int, end: int, near: tuple[int, int]) -> int:
    """Characters between [start, end) and the `near` range; 0 when they overlap."""
    near_start, near_end = near
    if end <= near_start:
        return near_start - end
    if start >= near_end:
        return start - near_end
    return 0


def _variants(needle: str) -> list[str]:
    """The needle as given (stripped), then without wrapping quotes or a trailing ellipsis."""
    stripped = needle.strip()
    trimmed = stripped.strip(_WRAPPERS)
    for ellipsis in _TRAILING_ELLIPSES:
        trimmed = trimmed.removesuffix(ellipsis)
    trimmed = trimmed.strip(_WRAPPERS)
    return [variant for variant in dict.fromkeys((stripped, trimmed)) if variant]


class Grounder:
    """Locates quotes and cues in one document's text."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _folded(self) -> NormalizedText:
        return normalize(self.text, fold_case=True, fold_typography=True)

    def locate(self, needle: str, near: tuple[int, int] = (0, 0)) -> Span | None:
        """The occurrence of `needle` nearest to the `near` range, or None when it is not there."""
        for variant in _variants(needle):
            span = self._nearest(self._exact(variant), near) or self._nearest(
                self._tolerant(variant), near
            )
            if span:
                return span
        return None

    def locate_all(self, needles: Iterable[str], near: tuple[int, int]) -> list[Span]:
        """The spans of the needles that can be located, without repeats."""
        spans = (self.locate(needle, near) for needle in needles)
        return list(dict.fromkeys(span for span in spans if span))

    def _exact(self, needle: str) -> list[tuple[int, int]]:
        return [(start, start + len(needle)) for start in _occurrences(self.text, needle)]

    def _tolerant(self, needle: str) -> list[tuple[int, int]]:
        folded_needle = normalize(needle, fold_case=True, fold_typography=True).text.strip()
        if not folded_needle:
            return []
        return [
            self._folded.to_source(start, start + len(folded_needle))
            for start in _occurrences(self._folded.text, folded_needle)
        ]

    def _nearest(self, ranges: list[tuple[int, int]], near: tuple[int, int]) -> Span | None:
        if not ranges:
            return None
        start, end = min(ranges, key=lambda r: (_distance(r[0], r[1], near), r[0]))
        return Span(text=self.text[start:end], start=start, end=end)
