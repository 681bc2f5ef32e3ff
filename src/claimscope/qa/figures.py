"""Figures with their units ("27%", "135 miliardi", "$13 billion"), to tell when the
articles that answer a question give different figures for it. The units are the language
packs' [figure_units], all languages at once: an Italian and an English article compare."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from claimscope.lexicons import all_packs, phrases
from claimscope.models import Citation


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    text: str


@cache
def _units() -> dict[str, str]:
    """Every pack's units, by their casefolded spelling."""
    return {
        unit.casefold(): name for pack in all_packs() for unit, name in pack.figure_units.items()
    }


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted(_units(), key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w.,])\$?(\d+(?:[.,]\d+)*)\s?({alternatives})(?!\w)", re.IGNORECASE)


def _value(digits: str) -> float:
    """ "13,5" and "13.5" are 13.5; "1.340" and "1,340" (three digits after) are 1340."""
    match = re.fullmatch(r"(.*?)[.,](\d+)", digits)
    if match and len(match.group(2)) != 3:
        whole = re.sub(r"[.,]", "", match.group(1))
        return float(f"{whole}.{match.group(2)}")
    return float(re.sub(r"[.,]", "", digits))


def figures(text: str) -> list[Figure]:
    """The figures of `text` that carry a unit, in order."""
    return [
        Figure(_value(match.group(1)), _units()[match.group(2).casefold()], match.group(0))
        for match in _pattern().finditer(text)
    ]


def disagree(first: str, second: str) -> list[tuple[Figure, Figure]]:
    """Pairs of figures with one unit where `first` and `second` differ: a unit both give,
    but no value in common for it."""
    mine, theirs = figures(first), figures(second)
    pairs = []
    for unit in dict.fromkeys(f.unit for f in mine):
        a = [f for f in mine if f.unit == unit]
        b = [f for f in theirs if f.unit == unit]
        if a and b and not {f.value for f in a} & {f.value for f in b}:
            pairs.append((a[0], b[0]))
    return pairs


def disagreements(citations: Sequence[Citation], language: str) -> list[str]:
    """One line for each pair of cited articles that give different figures with one unit
    ("27%" and "30%"): the reader sees both, each with its citation number."""
    lines = []
    for first, second in itertools.combinations(citations, 2):
        if first.document_id == second.document_id:
            continue
        for mine, theirs in disagree(first.quote, second.quote):
            shown = f"«{mine.text}» [{first.number}], «{theirs.text}» [{second.number}]"
            lines.append(phrases(language).disagreement.format(figures=shown))
    return lines
