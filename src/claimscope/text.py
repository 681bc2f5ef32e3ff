"""Text utilities shared by every stage: normalisation with an offset map, language, sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import sentencex
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from claimscope.lexicons import every_language, supported_languages
from claimscope.models import Span

SUPPORTED_LANGUAGES = supported_languages()
"""The languages with a pack in claimscope/lexicons/ (one TOML file each)."""

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
    """A normalised copy of a text and, for each of its characters, the [origin, origin_end)
    range of source characters it came from (more than one when NFC composed them)."""

    text: str
    origin: tuple[int, ...]
    origin_end: tuple[int, ...]
    source_length: int

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the normalised text back to the source text."""
        if start >= end:
            position = self.origin[start] if start < len(self.origin) else self.source_length
            return position, position
        return self.origin[start], self.origin_end[end - 1]


def _clusters(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each character with the combining marks after it: NFC composes
    within these runs ("e" + U+0301 is "é"), so they are normalised together."""
    start = 0
    for index in range(1, len(text)):
        if not unicodedata.combining(text[index]):
            yield start, index
            start = index
    if text:
        yield start, len(text)


def normalize(
    text: str, *, fold_case: bool = False, fold_typography: bool = False
) -> NormalizedText:
    """NFC, whitespace runs folded to one space, optionally typography and case folded.

    The offset map lets a match found in the normalised text be reported at exact
    offsets of the original, which is what grounding needs.
    """
    chars: list[str] = []
    origin: list[int] = []
    origin_end: list[int] = []
    previous_space = False
    for start, end in _clusters(text):
        piece = unicodedata.normalize("NFC", text[start:end])
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
            origin.append(start)
            origin_end.append(end)
    return NormalizedText("".join(chars), tuple(origin), tuple(origin_end), len(text))


@lru_cache(maxsize=4096)
def folded_words(text: str) -> frozenset[str]:
    """Casefolded words with accents removed ("Perché" and "perche" are one word)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return frozenset(_FOLDED_WORD.findall(plain))


def canonical(text: str) -> str:
    """The normalised form used for hashing and comparison (NFC, single spaces, stripped)."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


@lru_cache(maxsize=1)
def _language_identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(SUPPORTED_LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """The text's language, whichever of SUPPORTED_LANGUAGES is closest (py3langid's
    bundled model).

    Chosen between the languages claimscope reads only: over all of py3langid's
    languages, short Italian texts come out as Ligurian or Esperanto.
    """
    language, _ = _language_identifier().classify(text[:5000])
    return str(language)


# Titles before a name (a capital after them does not start a sentence), then other words
# that end in a full stop without ending the sentence: sentencex misses many Italian ones.
# Every language's, whatever the article's: articles quote names and firms of any language.
_TITLES = frozenset(every_language("titles"))
_ABBREVIATIONS = _TITLES | frozenset(every_language("abbreviations"))
_FOLDED_WORD = re.compile(r"\w+")
_LAST_WORD = re.compile(r"([\w.]+)\.[\s\"'»”’)]*$")
_STARTS_LOWER = re.compile(r"^[\s(«\"“‘']*[a-zà-ÿ0-9%€$]")


def _abbreviation_before(piece: str) -> str | None:
    """The abbreviation (lower case, without its final dot) that ends `piece`, if any."""
    found = _LAST_WORD.search(piece)
    if not found:
        return None
    word = found.group(1).lower()
    if word in _ABBREVIATIONS or len(word) == 1 or "." in word.strip("."):
        return word
    return None


def _continues(previous: str, following: str) -> bool:
    """Whether a cut between two pieces fell after an abbreviation, not at a sentence end."""
    abbreviation = _abbreviation_before(previous)
    if abbreviation is None:
        return False
    return abbreviation in _TITLES or bool(_STARTS_LOWER.match(following))


# A full stop, question or exclamation mark, closing quotes, space, then a capital.
_MISSED_CUT = re.compile(r"(?<=[.!?])[\"'»”’)]*\s+(?=[\"«“‘(]?[A-ZÀ-Ý])")
_QUOTE_PAIRS = (("«", "»"), ("“", "”"))


def _quotes_closed(text: str) -> bool:
    return text.count('"') % 2 == 0 and all(text.count(o) <= text.count(c) for o, c in _QUOTE_PAIRS)


def sentence_ends(piece: str, *, inside_quotes: bool = False) -> list[tuple[int, int]]:
    """Where sentences end inside `piece` (end of one, start of the next), not after an
    abbreviation; with `inside_quotes`, also between the sentences of a quotation."""
    return [
        (cut.start(), cut.end())
        for cut in _MISSED_CUT.finditer(piece)
        if _abbreviation_before(piece[: cut.start()]) is None
        and (inside_quotes or _quotes_closed(piece[: cut.start()]))
    ]


def _missed_cuts(piece: str) -> list[int]:
    """Sentence ends sentencex kept inside `piece` ("modelli AI. Le cose..."): outside quotes,
    not after an abbreviation."""
    return [end for _, end in sentence_ends(piece)]


def _paragraph_sentences(paragraph: str, language: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries(language, paragraph):
        start, end = int(boundary["start_index"]), int(boundary["end_index"])
        for cut in _missed_cuts(paragraph[start:end]):
            pieces.append((start, start + cut))
            start += cut
        pieces.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and _continues(paragraph[merged[-1][0] : merged[-1][1]], paragraph[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def split_sentences(text: str, language: str = "it") -> list[Span]:
    """Sentences of `text` with exact offsets; paragraphs never share a sentence.

    sentencex does the segmenting (pysbd was 100 times slower on news articles, see
    docs/benchmarks.md); a guard rejoins cuts it makes after an abbreviation ("10 mld.
    di euro", "S.p.A. ha chiuso", "il dott. Rossi").
    """
    language = language if language in SUPPORTED_LANGUAGES else "en"
    spans: list[Span] = []
    for paragraph in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        for start, end in _paragraph_sentences(paragraph.group(), language):
            piece = paragraph.group()[start:end]
            stripped_start = paragraph.start() + start + (len(piece) - len(piece.lstrip()))
            stripped_end = paragraph.start() + start + len(piece.rstrip())
            if stripped_end > stripped_start:
                spans.append(
                    Span(
                        text=text[stripped_start:stripped_end],
                        start=stripped_start,
                        end=stripped_end,
                    )
                )
    return spans
