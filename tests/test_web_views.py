"""The web page's pure parts: cutting an article into highlighted pieces, and the claim
table's filters, order and exports."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimscope.highlight import highlight
from claimscope.models import Claim, HedgingLevel, Span
from claimscope.web.claim_table import (
    ARTICLE_VOICE,
    ClaimQuery,
    SortKey,
    level_counts,
    select_claims,
    to_csv,
    to_jsonl,
)
from claimscope.web.security import allowed_hosts, is_loopback

TEXT = "Secondo fonti, Acme potrebbe comprare Beta. Beta smentisce."


def claim(
    claim_id: str,
    start: int,
    end: int,
    level: HedgingLevel = HedgingLevel.ASSERTED,
    cues: list[Span] | None = None,
    source: str | None = None,
    text: str = TEXT,
) -> Claim:
    return Claim(
        id=claim_id,
        text=f"claim {claim_id}",
        quote=text[start:end],
        start=start,
        end=end,
        hedging=level,
        cue_spans=cues or [],
        cues=[c.text for c in cues or []],
        source=source,
    )


def span(text: str) -> Span:
    start = TEXT.index(text)
    return Span(text=text, start=start, end=start + len(text))


def test_pieces_carry_claims_cues_and_the_innermost_level() -> None:
    outer = claim("c01", 15, 43, HedgingLevel.RUMORED, [span("Secondo fonti")], "fonti")
    inner = claim("c02", 20, 28, HedgingLevel.HEDGED, [span("potrebbe")])
    pieces = highlight(TEXT, [outer, inner])
    assert "".join(p.text for p in pieces) == TEXT
    by_text = {p.text: p for p in pieces}
    assert by_text["Secondo fonti"].cue and not by_text["Secondo fonti"].claim_ids
    assert by_text["Acme "].claim_ids == ["c01"] and by_text["Acme "].level is HedgingLevel.RUMORED
    assert by_text["potrebbe"].claim_ids == ["c02", "c01"]
    assert by_text["potrebbe"].level is HedgingLevel.HEDGED and by_text["potrebbe"].cue
    assert [s.claim_id for s in by_text["Acme "].starts] == ["c01"]
    assert [s.claim_id for s in by_text["potrebbe"].starts] == ["c02"]


def test_each_claim_is_one_tab_stop_where_it_is_first_innermost() -> None:
    outer = claim("c01", 15, 43, source="fonti")
    inner = claim("c02", 20, 28)
    pieces = highlight(TEXT, [outer, inner])
    stops = [(p.text, p.innermost_claim, p.source) for p in pieces if p.tab_stop]
    assert stops == [("Acme ", "c01", "fonti"), ("potrebbe", "c02", None)]
    assert [p.tab_stop for p in pieces if p.text == " comprare Beta."] == [False]


def test_quotes_starting_together_open_outermost_first() -> None:
    pieces = highlight(TEXT, [claim("c02", 15, 19), claim("c01", 15, 43)])
    assert [s.claim_id for s in pieces[1].starts] == ["c01", "c02"]


def test_focus_span_is_marked_and_out_of_range_offsets_are_clipped() -> None:
    pieces = highlight(TEXT, [claim("c01", 50, 500)], focus=Span(text="", start=44, end=48))
    assert "".join(p.text for p in pieces) == TEXT
    focused = [p for p in pieces if p.focused]
    assert [p.text for p in focused] == ["Beta"] and focused[0].focus_starts
    assert pieces[-1].claim_ids == ["c01"] and pieces[-1].end == len(TEXT)


@given(
    st.text(min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=6),
)
def test_pieces_always_rebuild_the_text_and_name_exactly_the_covering_claims(
    text: str, ranges: list[tuple[int, int]]
) -> None:
    claims = [claim(f"c{i}", min(a, b), max(a, b), text=text) for i, (a, b) in enumerate(ranges)]
    pieces = highlight(text, claims)
    assert "".join(p.text for p in pieces) == text
    assert all(p.text for p in pieces)
    for piece in pieces:
        covering = {
            c.id for c in claims if c.start <= piece.start and piece.end <= min(c.end, len(text))
        }
        assert set(piece.claim_ids) == covering
    stops = [p.innermost_claim for p in pieces if p.tab_stop]
    assert sorted(stops) == sorted({p.innermost_claim for p in pieces if p.claim_ids})


CLAIMS = [
    claim("c01", 0, 13, HedgingLevel.ATTRIBUTED, source="Reuters"),
    claim("c02", 15, 43, HedgingLevel.RUMORED, source="fonti"),
    claim("c03", 44, 60, HedgingLevel.UNCONFIRMED),
]


def test_query_filters_sorts_and_round_trips_its_parameters() -> None:
    assert [c.id for c in select_claims(CLAIMS, ClaimQuery(level=HedgingLevel.RUMORED))] == ["c02"]
    assert [c.id for c in select_claims(CLAIMS, ClaimQuery(source=ARTICLE_VOICE))] == ["c03"]
    by_level = ClaimQuery(sort=SortKey.LEVEL)
    assert [c.id for c in select_claims(CLAIMS, by_level)] == ["c03", "c02", "c01"]
    by_source = ClaimQuery(sort=SortKey.SOURCE, descending=True)
    assert [c.id for c in select_claims(CLAIMS, by_source)] == ["c01", "c02", "c03"]
    query = ClaimQuery(level=HedgingLevel.RUMORED, source="fonti")
    assert query.params(sort="level") == {"sort": "level", "level": "rumored", "source": "fonti"}
    assert ClaimQuery.model_validate(query.params()) == query
    assert ClaimQuery.model_validate({"level": "", "source": ""}) == ClaimQuery()


def test_level_counts_list_every_level_in_precedence_order() -> None:
    counts = level_counts(CLAIMS)
    assert list(counts) == list(HedgingLevel)
    assert counts[HedgingLevel.HEDGED] == 0 and sum(counts.values()) == 3


def test_exports_keep_every_field_and_defuse_spreadsheet_formulas() -> None:
    text = '=HYPERLINK("http://x") @SUM(1) -1 +2 plain'
    hostile = claim("c01", 0, len(text), source="+risk", text=text)
    assert [Claim.model_validate_json(line) for line in to_jsonl(CLAIMS).splitlines()] == CLAIMS
    [row] = list(csv.DictReader(io.StringIO(to_csv([hostile]))))
    assert row["quote"] == "'" + text and row["source"] == "'+risk"
    assert row["text"] == "claim c01" and row["cues"] == "" and row["hedging"] == "asserted"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_only_loopback_counts_as_local(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
    assert (allowed_hosts(host) == ["*"]) is not loopback
