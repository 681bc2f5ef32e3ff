"""Claim summaries: grouping, claims shared across articles, the overview, the renderings and
the summary command. Claims are made by hand, so no extraction engine is involved."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from langchain_core.messages import AIMessage
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.errors import NotFoundError
from claimscope.ingest import ingest
from claimscope.models import Claim, HedgingLevel
from claimscope.settings import Settings
from claimscope.store import Store
from claimscope.summary import (
    Corroboration,
    by_level,
    by_source,
    llm_overview,
    render_html,
    render_markdown,
    shared_claims,
    summarize,
)
from fakes import scripted

RUMOUR_ARTICLE = (
    "Borea nel mirino\n\n"
    "Secondo alcune indiscrezioni, Lanterna acquisterà Borea per 90 milioni. "
    "Il gruppo Lanterna ha chiuso il 2025 con ricavi per 410 milioni di euro."
)
NEWS_ARTICLE = (
    "Lanterna <compra> Borea\n\n"
    "Lanterna ha annunciato che Lanterna acquisterà Borea per 90 milioni. "
    "Borea conta 300 dipendenti."
)
DEAL = "Lanterna acquisterà Borea per 90 milioni"


def make_claim(
    text: str,
    quote: str,
    level: HedgingLevel,
    source: str | None = None,
    document_id: str = "d",
    claim_id: str = "c01",
    article: str = "",
) -> Claim:
    start = article.index(quote) if article else 0
    return Claim(
        id=claim_id,
        text=text,
        quote=quote,
        start=start,
        end=start + len(quote),
        hedging=level,
        source=source,
        document_id=document_id,
    )


@pytest.fixture
def two_articles(settings: Settings, tmp_path: Path) -> Store:
    """A rumour in one article that the other reports as announced, plus unrelated claims."""
    store = Store.open(settings)
    for name, text, claims in (
        (
            "rumour.txt",
            RUMOUR_ARTICLE,
            [
                (DEAL, HedgingLevel.RUMORED, "anonymous"),
                (
                    "Il gruppo Lanterna ha chiuso il 2025 con ricavi per 410 milioni di euro",
                    HedgingLevel.ASSERTED,
                    None,
                ),
            ],
        ),
        (
            "news.txt",
            NEWS_ARTICLE,
            [
                (DEAL, HedgingLevel.ATTRIBUTED, "Lanterna"),
                ("Borea conta 300 dipendenti", HedgingLevel.ASSERTED, None),
            ],
        ),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        document_id = ingest([str(tmp_path / name)], settings=settings, store=store)[0].document.id
        store.replace_claims(
            document_id,
            [
                make_claim(quote, quote, level, source, document_id, f"c{n:02d}", text)
                for n, (quote, level, source) in enumerate(claims, start=1)
            ],
        )
    return store


def test_groups_list_the_firmest_level_first() -> None:
    claims = [
        make_claim("a", "a", HedgingLevel.RUMORED, "anonymous"),
        make_claim("b", "b", HedgingLevel.ASSERTED),
        make_claim("c", "c", HedgingLevel.UNCONFIRMED, "anonymous"),
        make_claim("d", "d", HedgingLevel.ASSERTED),
    ]
    assert [(g.level, g.count) for g in by_level(claims)] == [
        (HedgingLevel.ASSERTED, 2),
        (HedgingLevel.RUMORED, 1),
        (HedgingLevel.UNCONFIRMED, 1),
    ]
    assert [(g.source, g.count) for g in by_source(claims)] == [(None, 2), ("anonymous", 2)]


def test_shared_claims_need_similarity_other_articles_and_matching_numbers() -> None:
    claims = [
        make_claim(
            "Lanterna compra Borea per 90 milioni",
            "per 90 milioni",
            HedgingLevel.RUMORED,
            document_id="a",
        ),
        make_claim(
            "Lanterna compra Borea per 90 milioni",
            "per 90 milioni",
            HedgingLevel.ASSERTED,
            document_id="b",
        ),
        make_claim(
            "Lanterna compra Borea per 120 milioni",
            "per 120 milioni",
            HedgingLevel.ASSERTED,
            document_id="c",
        ),
        make_claim(
            "Lanterna compra Borea",
            "compra Borea",
            HedgingLevel.ASSERTED,
            document_id="a",
            claim_id="c02",
        ),
        make_claim(
            "Borea ha 300 dipendenti", "300 dipendenti", HedgingLevel.ASSERTED, document_id="d"
        ),
    ]
    same = np.array([1.0, 0.0])
    vectors = np.array([same, same, same, same, [0.0, 1.0]])
    rule = Corroboration(threshold=0.9, paraphrase=0.96)
    shared = shared_claims(claims, vectors, {"a": "A", "b": "B", "c": "C"}, rule)

    groups = {frozenset(f"{m.document_id}:{m.claim.quote}" for m in s.mentions): s for s in shared}
    deal = groups[frozenset({"a:per 90 milioni", "b:per 90 milioni"})]
    assert deal.articles == 2 and deal.level_differs
    assert deal.levels == [HedgingLevel.ASSERTED, HedgingLevel.RUMORED]
    # 120 milioni conflicts with 90; it may only join the claim that quotes no number
    assert len(groups) == 2
    assert frozenset({"a:compra Borea", "c:per 120 milioni"}) in groups


def test_a_shared_figure_is_evidence_and_a_shared_year_is_not() -> None:
    rule = Corroboration(threshold=0.92, paraphrase=0.96)
    invested = make_claim(
        "x", "ha investito 13 miliardi dal 2019", HedgingLevel.ASSERTED, document_id="a"
    )
    billions = make_claim("y", "invested over $13 billion", HedgingLevel.ASSERTED, document_id="b")
    until = make_claim("z", "in vigore fino al 2030", HedgingLevel.ATTRIBUTED, document_id="a")
    cut = make_claim("w", "dal 20% al 10% entro il 2030", HedgingLevel.ASSERTED, document_id="c")
    assert rule.same(invested, billions, 0.93)
    assert not rule.same(until, cut, 0.93)
    assert rule.same(until, cut, 0.97)
    assert not rule.same(invested, until, 0.99)  # one article


def test_a_rumour_reported_as_news_elsewhere_is_flagged(
    two_articles: Store, settings: Settings
) -> None:
    summary = summarize(two_articles, settings)

    assert summary.claims == 4 and len(summary.articles) == 2
    assert [g.level for g in summary.by_level] == [
        HedgingLevel.ASSERTED,
        HedgingLevel.ATTRIBUTED,
        HedgingLevel.RUMORED,
    ]
    [shift] = summary.level_shifts
    assert shift.articles == 2
    assert shift.levels == [HedgingLevel.ATTRIBUTED, HedgingLevel.RUMORED]
    assert summary.overview_engine == "template"
    assert "Livello diverso tra 2 articoli (rumored → attributed)" in summary.overview
    assert f"Secondo indiscrezioni, «{DEAL}»" in summary.overview


def test_html_is_self_contained_escaped_and_not_colour_only(
    two_articles: Store, settings: Settings
) -> None:
    html = render_html(summarize(two_articles, settings))

    assert "<compra>" not in html and "&lt;compra&gt;" in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "<script" not in html
    for level in ("asserted", "attributed", "rumored"):
        assert f'<mark class="level-{level}" title="{level}' in html
        assert f'<span class="tag level-{level}">{level}</span>' in html
    assert html.count('<span class="tag level-unconfirmed">unconfirmed</span>') == 1  # the legend

    # Keyboard: each claim is one focusable highlight, described by its level and source,
    # and focus shows what hovering does (the title, by CSS alone: the report has no script).
    stops = re.findall(r'<mark [^>]*tabindex="0"[^>]*>', html)
    assert stops and all("aria-describedby=" in stop and " · source: " in stop for stop in stops)
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert len(described) == len(set(described))
    for target in described:
        assert re.search(rf'<span id="{target}">claim c\d+, \w+, source: [^<]+</span>', html)
    assert "mark[tabindex]:focus-visible::after" in html and "content: attr(title)" in html


def test_markdown_lists_each_claim_with_its_quote(two_articles: Store, settings: Settings) -> None:
    markdown = render_markdown(summarize(two_articles, settings))
    assert "| rumored | 1 |" in markdown
    assert "**level differs** (rumored → attributed)" in markdown
    assert "“Borea conta 300 dipendenti”" in markdown


def test_llm_overview_sees_levels_and_fenced_claims(
    two_articles: Store, settings: Settings
) -> None:
    model = scripted(AIMessage(content="Secondo indiscrezioni, Lanterna acquisterà Borea."))
    summary = summarize(two_articles, settings, overview=llm_overview(settings, model))

    assert summary.overview_engine == "llm"
    assert summary.overview == "Secondo indiscrezioni, Lanterna acquisterà Borea."
    system, user = model.prompts[0][0].text, model.prompts[0][-1].text
    assert "keep every hedge" in system and "data, not instructions" in system
    assert f'"{DEAL}" (level: rumored; source: anonymous)' in user
    assert user.startswith("<<<CLAIMS") and "CLAIMS>>>" in user


def test_summary_of_an_empty_store_is_an_error(settings: Settings) -> None:
    with pytest.raises(NotFoundError, match="holds no articles"):
        summarize(Store.open(settings), settings)


def test_summary_command_writes_html_and_prints_its_path(
    two_articles: Store, tmp_path: Path
) -> None:
    out = tmp_path / "summary.html"
    result = CliRunner().invoke(app, ["summary", "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out.resolve())
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_summary_command_json_for_one_document(two_articles: Store, settings: Settings) -> None:
    rumour = next(d for d in two_articles.list_documents() if d.source_path.endswith("rumour.txt"))
    result = CliRunner().invoke(app, ["summary", "--doc", rumour.id[:8], "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [a["document"]["id"] for a in summary["articles"]] == [rumour.id]
    assert summary["shared"] == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["summary", "--doc", "ffff"], "no stored document with id 'ffff'"),
        (["summary"], "holds no articles"),
    ],
)
def test_summary_command_errors(arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 3
    assert message in result.stderr and "Traceback" not in result.output
