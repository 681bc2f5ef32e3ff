"""Claim summaries: per article and across articles, grouped by hedging level and by source.

Across articles, the same claim reported by several articles is one corroborated
claim, and a claim whose level differs between articles is flagged: how a rumour
became news, or did not. Two claims of different articles are the same claim when
they quote no conflicting numbers and their embeddings (the ones the store already
holds) are near paraphrases (CLAIMSCOPE_CORROBORATION_PARAPHRASE), or similar
(CLAIMSCOPE_CORROBORATION_THRESHOLD) and quote the same figure other than a year.
Embeddings alone rate any two claims about the same companies as similar, so a shared
figure is the evidence asked for; eval/README.md records the measurement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, Field

from claimscope.errors import NotFoundError
from claimscope.highlight import Piece, highlight
from claimscope.lexicons import phrases
from claimscope.llm import chat_model, prompt_text
from claimscope.models import Claim, DocumentInfo, HedgingLevel
from claimscope.prompting import claims_for_prompt, fenced, language_name
from claimscope.rendering import FIRMEST_FIRST, environment
from claimscope.settings import Settings
from claimscope.store import EMPTY_STORE, Store

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")

Overview = Callable[["Summary"], str]


class LevelGroup(BaseModel):
    level: HedgingLevel
    count: int
    claims: list[Claim]


class SourceGroup(BaseModel):
    source: str | None = Field(description="None: the article's own voice")
    count: int
    claims: list[Claim]


class ArticleSummary(BaseModel):
    document: DocumentInfo
    text: str
    claims: list[Claim]
    by_level: list[LevelGroup]
    by_source: list[SourceGroup]


class Mention(BaseModel):
    """One article's version of a claim reported across articles."""

    document_id: str
    title: str
    claim: Claim


class SharedClaim(BaseModel):
    """A claim that several articles report, each at its own level."""

    text: str
    mentions: list[Mention]
    articles: int = Field(description="how many articles report it (its corroboration)")
    levels: list[HedgingLevel] = Field(description="the distinct levels, firmest first")
    level_differs: bool


class Summary(BaseModel):
    date: str
    articles: list[ArticleSummary]
    claims: int
    by_level: list[LevelGroup]
    by_source: list[SourceGroup]
    shared: list[SharedClaim]
    corroboration: Corroboration
    overview: str
    overview_engine: str = Field(description="'llm' or 'template'")
    language: str
    notices: list[str] = Field(default_factory=list)

    @property
    def level_shifts(self) -> list[SharedClaim]:
        return [claim for claim in self.shared if claim.level_differs]


# Grouping -----------------------------------------------------------------------------


def by_level(claims: Iterable[Claim]) -> list[LevelGroup]:
    """Claims grouped by level, firmest level first, each group in reading order."""
    claims = list(claims)
    groups = []
    for level in FIRMEST_FIRST:
        members = [c for c in claims if c.hedging is level]
        if members:
            groups.append(LevelGroup(level=level, count=len(members), claims=members))
    return groups


def by_source(claims: Iterable[Claim]) -> list[SourceGroup]:
    """Claims grouped by who the article credits: most claims first, its own voice first on ties."""
    groups: dict[str | None, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.source, []).append(claim)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0] is not None, kv[0] or ""))
    return [SourceGroup(source=s, count=len(members), claims=members) for s, members in ordered]


def _numbers(text: str) -> set[str]:
    return {n.replace(",", ".").rstrip(".") for n in _NUMBER.findall(text)}


def _figures(text: str) -> set[str]:
    """The numbers of a text other than years, which many unrelated claims share."""
    return {n for n in _numbers(text) if not _YEAR.fullmatch(n)}


def compatible_numbers(a: Claim, b: Claim) -> bool:
    """Claims that both quote numbers are the same claim only if they share one."""
    first, second = _numbers(a.quote), _numbers(b.quote)
    return not (first and second) or bool(first & second)


class Corroboration(BaseModel):
    """When two claims of different articles count as the same claim."""

    threshold: float = Field(description="cosine similarity enough with a shared figure")
    paraphrase: float = Field(description="cosine similarity enough on its own")

    def same(self, a: Claim, b: Claim, similarity: float) -> bool:
        if a.document_id == b.document_id or not compatible_numbers(a, b):
            return False
        if similarity >= self.paraphrase:
            return True
        return similarity >= self.threshold and bool(_figures(a.quote) & _figures(b.quote))


def shared_claims(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    titles: dict[str, str],
    rule: Corroboration,
) -> list[SharedClaim]:
    """Claims reported by more than one article, by complete-linkage clustering.

    Pairs that `rule` calls the same claim are joined most similar first; two groups merge
    only when every pair across them qualifies, so no article appears twice in a group.
    """
    similarity = vectors @ vectors.T if len(claims) else np.zeros((0, 0))

    def qualifies(i: int, j: int) -> bool:
        return rule.same(claims[i], claims[j], float(similarity[i, j]))

    candidates = np.argwhere(similarity >= min(rule.threshold, rule.paraphrase))
    pairs = [(int(i), int(j)) for i, j in candidates if i < j and qualifies(int(i), int(j))]
    pairs.sort(key=lambda p: -similarity[p])
    groups = {i: [i] for i in range(len(claims))}
    group_of = list(range(len(claims)))
    for i, j in pairs:
        first, second = groups[group_of[i]], groups[group_of[j]]
        if first is second or not all(qualifies(a, b) for a in first for b in second):
            continue
        first.extend(second)
        del groups[group_of[j]]
        for member in second:
            group_of[member] = group_of[i]
    shared = [
        _shared([claims[i] for i in group], titles) for group in groups.values() if len(group) > 1
    ]
    return sorted(shared, key=lambda s: (not s.level_differs, -s.articles, s.text))


def _shared(members: list[Claim], titles: dict[str, str]) -> SharedClaim:
    members = sorted(members, key=lambda c: -c.hedging.rank)  # the firmest version leads
    levels = [level for level in FIRMEST_FIRST if any(c.hedging is level for c in members)]
    return SharedClaim(
        text=members[0].text,
        mentions=[
            Mention(document_id=c.document_id, title=titles.get(c.document_id, ""), claim=c)
            for c in members
        ],
        articles=len({c.document_id for c in members}),
        levels=levels,
        level_differs=len(levels) > 1,
    )


# Building -----------------------------------------------------------------------------


def summarize(
    store: Store,
    settings: Settings,
    document_ids: list[str] | None = None,
    overview: Overview | None = None,
) -> Summary:
    """The summary of some stored documents (all of them by default).

    `overview` writes the overview from the grouped claims; without one, it is templated.
    """
    infos = [store.info(d) for d in document_ids] if document_ids else store.list_documents()
    if not infos:
        raise NotFoundError(EMPTY_STORE)
    articles = []
    for info in infos:
        claims = store.get_claims(info.id)
        articles.append(
            ArticleSummary(
                document=info,
                text=store.get_document(info.id).text,
                claims=claims,
                by_level=by_level(claims),
                by_source=by_source(claims),
            )
        )
    every_claim = [c for article in articles for c in article.claims]
    vectors = store.claim_vectors(every_claim)
    titles = {info.id: info.title for info in infos}
    rule = Corroboration(
        threshold=settings.corroboration_threshold,
        paraphrase=settings.corroboration_paraphrase,
    )
    summary = Summary(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        articles=articles,
        claims=len(every_claim),
        by_level=by_level(every_claim),
        by_source=by_source(every_claim),
        shared=shared_claims(every_claim, vectors, titles, rule),
        corroboration=rule,
        overview="",
        overview_engine="template",
        language=_majority_language(infos),
        notices=[
            f"no claims stored for {a.document.id} ({a.document.title[:40]}): run "
            f"'claimscope extract --doc {a.document.id}'"
            for a in articles
            if not a.claims
        ],
    )
    if overview is None:
        return summary.model_copy(update={"overview": templated_overview(summary)})
    return summary.model_copy(update={"overview": overview(summary), "overview_engine": "llm"})


def _majority_language(infos: Sequence[DocumentInfo]) -> str:
    languages = [info.language for info in infos]
    return max(sorted(set(languages)), key=languages.count) if languages else "en"


# Overviews ----------------------------------------------------------------------------


def templated_overview(summary: Summary) -> str:
    """A few sentences built from the groups, every claim framed by its level."""
    words = phrases(summary.language)
    counts = ", ".join(f"{g.count} {g.level.value}" for g in summary.by_level)
    lines = [
        words.overview_counts.format(
            articles=len(summary.articles), claims=summary.claims, counts=counts or "—"
        )
    ]
    weakest = [
        g for g in summary.by_level if g.level in (HedgingLevel.UNCONFIRMED, HedgingLevel.RUMORED)
    ]
    for group in weakest:
        for claim in group.claims[:3]:
            lines.append(f"- {words.hedge(claim.hedging, claim.source)} «{claim.quote}»")
    for shared in summary.shared[:5]:
        levels = " → ".join(level.value for level in reversed(shared.levels))
        template = words.overview_shift if shared.level_differs else words.overview_shared
        lines.append(template.format(text=shared.text, articles=shared.articles, levels=levels))
    return "\n".join(lines)


def llm_overview(settings: Settings, model: BaseChatModel | None = None) -> Overview:
    """An overview written by the configured LLM from the grouped claims."""

    def write(summary: Summary) -> str:
        prompt = ChatPromptTemplate.from_messages(
            [
                ("system", prompt_text("overview-system.md")),
                ("human", prompt_text("overview-user.md")),
            ],
            template_format="jinja2",
        )
        messages = prompt.format_messages(
            language=language_name(summary.language),
            articles=[
                {"title": fenced(a.document.title), "claims": claims_for_prompt(a.claims)}
                for a in summary.articles
            ],
            shared=[
                {
                    "text": fenced(s.text),
                    "mentions": [f"{fenced(m.title)}: {m.claim.hedging.value}" for m in s.mentions],
                }
                for s in summary.shared
            ],
        )
        reply = (model or chat_model(settings)).invoke(messages)
        return reply.text.strip()

    return write


# Rendering ----------------------------------------------------------------------------


def article_pieces(article: ArticleSummary) -> list[Piece]:
    return highlight(article.text, article.claims)


def render_markdown(summary: Summary) -> str:
    return environment().get_template("summary.md.j2").render(summary=summary)


def render_html(summary: Summary) -> str:
    return (
        environment()
        .get_template("summary.html.j2")
        .render(
            summary=summary, pieces={a.document.id: article_pieces(a) for a in summary.articles}
        )
    )
