"""An article cut into pieces for display: which claims cover each piece, and which are cues.

The template escapes each piece on its own, so the article never reaches the page as
markup: highlighting is done by wrapping escaped text, never by inserting tags into it.
"""

from __future__ import annotations

from itertools import pairwise

from pydantic import BaseModel

from claimscope.models import Claim, HedgingLevel, Span


class QuoteStart(BaseModel):
    """A claim whose quote begins at a piece: where its anchor and its spoken label go."""

    claim_id: str
    hedging: HedgingLevel


class Piece(BaseModel):
    """A run of the article's text over which the covering claims and cues do not change."""

    text: str
    start: int
    end: int
    claim_ids: list[str]
    level: HedgingLevel | None
    source: str | None
    cue: bool
    focused: bool
    focus_starts: bool
    starts: list[QuoteStart]
    # The first piece whose innermost claim is this one: the claim's single stop in the
    # keyboard's tab order (a quote cut by cues or nested quotes is several pieces).
    tab_stop: bool

    @property
    def innermost_claim(self) -> str | None:
        return self.claim_ids[0] if self.claim_ids else None


def _clipped(start: int, end: int, length: int) -> tuple[int, int] | None:
    start, end = max(0, min(start, length)), max(0, min(end, length))
    return (start, end) if start < end else None


def _covering(claims: list[Claim], start: int, end: int) -> list[Claim]:
    """The claims whose quote covers [start, end), the shortest (innermost) first."""
    inside = [c for c in claims if c.start <= start and end <= c.end]
    return sorted(inside, key=lambda c: (c.end - c.start, c.start))


def highlight(text: str, claims: list[Claim], focus: Span | None = None) -> list[Piece]:
    """Cut `text` at every quote, cue and focus boundary; the pieces join back into `text`."""
    # Offsets past the text (claims of another version of it) are cut at its end.
    quoted = [
        c.model_copy(update={"start": r[0], "end": r[1]})
        for c in claims
        if (r := _clipped(c.start, c.end, len(text)))
    ]
    cue_ranges = [
        r
        for c in quoted
        for span in c.cue_spans
        if (r := _clipped(span.start, span.end, len(text)))
    ]
    focus_range = _clipped(focus.start, focus.end, len(text)) if focus else None
    ranges = [(c.start, c.end) for c in quoted] + cue_ranges
    if focus_range:
        ranges.append(focus_range)
    cuts = sorted({0, len(text)} | {b for r in ranges for b in r})
    pieces = []
    reached: set[str] = set()
    for start, end in pairwise(cuts):
        covering = _covering(quoted, start, end)
        starting = sorted(
            (c for c in quoted if c.start == start), key=lambda c: c.start - c.end
        )  # the outermost quote opens first
        innermost = covering[0] if covering else None
        pieces.append(
            Piece(
                text=text[start:end],
                start=start,
                end=end,
                claim_ids=[c.id for c in covering],
                level=innermost.hedging if innermost else None,
                source=innermost.source if innermost else None,
                cue=any(s <= start and end <= e for s, e in cue_ranges),
                focused=bool(focus_range and focus_range[0] <= start and end <= focus_range[1]),
                focus_starts=bool(focus_range and focus_range[0] == start),
                starts=[QuoteStart(claim_id=c.id, hedging=c.hedging) for c in starting],
                tab_stop=bool(innermost and innermost.id not in reached),
            )
        )
        if innermost:
            reached.add(innermost.id)
    return pieces
