"""Text utilities shared by every stage: normalisation with an offset map, language, sentences."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import py3langid
import pysbd

from claimscope.models import Span

SUPPORTED_LANGUAGES = ("it", "en")

# Typographic variants that writers and LLMs swap freely; folded so quotes still match.
_CHAR_FOLDS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class NormalizedText:
    """A normalised copy of a text and, for each of its characters, where it came from."""

    text: str
    origin: tuple[int, ...]
    source_length: int

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the normalised text back to the source text."""
        if start >= end:
            position = self.origin[start] if start < len(self.origin) else self.source_length
            return position, position
        return self.origin[start], self.origin[end - 1] + 1


def normalize(
    text: str, *, fold_case: bool = False, fold_typography: bool = False
) -> NormalizedText:
    """NFC, whitespace runs folded to one space, optionally typography and case folded.

    The offset map lets a match found in the normalised text be reported at exact
    offsets of the original, which is what grounding needs.
    """
    chars: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFC", char)
        if fold_typography:
            piece = piece.translate(_CHAR_FOLDS)
        if fold_case:
            piece = piece.casefold()
        for out in piece:
            if out.isspace():
                if previous_space:
                    continue
                out = " "
                previous_space = True
            else:
                previous_space = False
            chars.append(out)
            origin.append(index)
    return NormalizedText("".join(chars), tuple(origin), len(text))


def canonical(text: str) -> str:
    """The normalised form used for hashing and comparison (NFC, single spaces, stripped)."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid ships its model in the wheel)."""
    language, _ = py3langid.classify(text[:5000])
    return str(language)


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=True)


# pysbd knows these abbreviations in neither language and would cut after them.
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:dott|dott\.ssa|sig|sigg|prof|ing|avv|geom|arch|on|sen|dr|mr|mrs|ms|st|inc|ltd|corp|"
    r"co|spa|s\.p\.a|s\.r\.l|ecc|etc|vs|cfr|pag|art|n|nr|no|mld|mln|mrd|ca|approx|fig|vol|gen|jan|feb|"
    r"mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|gen|giu|lug|ago|set|ott|dic|v)\.)\s*$",
    re.IGNORECASE,
)
_STARTS_LOWER = re.compile(r"^\s*[a-zà-ÿ0-9(«\"]")


def split_sentences(text: str, language: str = "it") -> list[Span]:
    """Sentences of `text` with exact offsets; paragraphs never share a sentence.

    pysbd does the segmenting; a guard rejoins cuts it makes after an abbreviation
    when the next piece starts in lower case or with a digit.
    """
    segmenter = _segmenter(language if language in SUPPORTED_LANGUAGES else "en")
    spans: list[Span] = []
    for paragraph in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        pieces = [
            (paragraph.start() + s.start, paragraph.start() + s.end)
            for s in segmenter.segment(paragraph.group())
        ]
        merged: list[tuple[int, int]] = []
        for start, end in pieces:
            if (
                merged
                and _ABBREVIATION_END.search(text[merged[-1][0] : merged[-1][1]])
                and _STARTS_LOWER.match(text[start:end])
            ):
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        for start, end in merged:
            stripped_start = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            stripped_end = start + len(text[start:end].rstrip())
            if stripped_end > stripped_start:
                spans.append(
                    Span(
                        text=text[stripped_start:stripped_end],
                        start=stripped_start,
                        end=stripped_end,
                    )
                )
    return spans
