"""The claim table of the article page: filter, order and export, as the query string asks."""

from __future__ import annotations

import csv
import io
from collections import Counter
from enum import StrEnum

from pydantic import BaseModel, field_validator

from claimscope.models import Claim, HedgingLevel

ARTICLE_VOICE = "(the article itself)"
"""The source filter's value for claims the article states in its own voice (source null)."""

CSV_COLUMNS = (
    "id",
    "text",
    "quote",
    "start",
    "end",
    "hedging",
    "cues",
    "source",
    "engine",
    "flags",
)

# A cell starting with one of these is run as a formula by spreadsheet programs; an article
# is untrusted, so such cells are exported with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SortKey(StrEnum):
    POSITION = "position"
    LEVEL = "level"
    SOURCE = "source"
    ID = "id"


class ClaimQuery(BaseModel):
    """Which claims the table shows and in which order."""

    level: HedgingLevel | None = None
    source: str | None = None
    sort: SortKey = SortKey.POSITION
    descending: bool = False

    @field_validator("level", "source", mode="before")
    @classmethod
    def _blank_means_any(cls, value: object) -> object:
        """The filter form's "all" option sends an empty value."""
        return value or None

    def matches(self, claim: Claim) -> bool:
        if self.level is not None and claim.hedging is not self.level:
            return False
        return self.source is None or source_label(claim) == self.source

    def params(self, **changes: object) -> dict[str, str]:
        """The query string of this view with some fields changed (for links and exports)."""
        view = ClaimQuery.model_validate({**self.model_dump(), **changes})
        params = {"sort": view.sort.value}
        if view.descending:
            params["descending"] = "true"
        if view.level is not None:
            params["level"] = view.level.value
        if view.source is not None:
            params["source"] = view.source
        return params


def source_label(claim: Claim) -> str:
    return claim.source or ARTICLE_VOICE


def _sort_key(claim: Claim, key: SortKey) -> tuple[object, ...]:
    position = (claim.start, claim.end)
    if key is SortKey.LEVEL:
        return (claim.hedging.rank, *position)
    if key is SortKey.SOURCE:
        return (source_label(claim).casefold(), *position)
    if key is SortKey.ID:
        return (claim.id,)
    return position


def select_claims(claims: list[Claim], query: ClaimQuery) -> list[Claim]:
    chosen = [c for c in claims if query.matches(c)]
    return sorted(chosen, key=lambda c: _sort_key(c, query.sort), reverse=query.descending)


def level_counts(claims: list[Claim]) -> dict[HedgingLevel, int]:
    """Claims per level, every level present (zero included), in precedence order."""
    counts = Counter(c.hedging for c in claims)
    return {level: counts[level] for level in HedgingLevel}


def source_counts(claims: list[Claim]) -> dict[str, int]:
    counts = Counter(source_label(c) for c in claims)
    return dict(sorted(counts.items(), key=lambda item: item[0].casefold()))


def to_jsonl(claims: list[Claim]) -> str:
    """The same lines as `claimscope extract --out`: one claim's JSON a line."""
    return "".join(claim.model_dump_json() + "\n" for claim in claims)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(claims: list[Claim]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for claim in claims:
        row = claim.model_dump(mode="json", include=set(CSV_COLUMNS))
        row["cues"] = "; ".join(claim.cues)
        row["flags"] = "; ".join(claim.flags)
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()
