"""Answer a question from the stored articles with citations that keep the articles' hedges.

Every statement of an answer cites numbered quotes, and every quote is checked in
plain code after generation: a number that maps to no passage, or a quote that is not
in its document, is removed and reported. A statement that rests on a rumoured or
unconfirmed claim and does not say so gets the hedge phrase of its level in front.
Offline (no LLM configured) the answer is extractive: the best-matching claims and
sentences, each with its level, its source and a hedge phrase.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from pydantic import BaseModel, Field

from claimscope.answerability import Vocabulary
from claimscope.errors import InputError, NotFoundError
from claimscope.extract import resolve_engine
from claimscope.extract.cues import CueKind, load_lexicon
from claimscope.extract.grounding import Grounder
from claimscope.figures import disagree
from claimscope.followups import carried_over, is_follow_up
from claimscope.llm import StructuredLLM, chat_model, prompt_text
from claimscope.models import Answer, Citation, Claim, Document, HedgingLevel, RetrievedItem, Span
from claimscope.phrases import phrases
from claimscope.prompting import claims_for_prompt, fenced, language_name
from claimscope.retrieval import Retriever, claim_key, is_stopword, tokens
from claimscope.settings import EngineChoice, Settings
from claimscope.store import Store
from claimscope.text import SUPPORTED_LANGUAGES, detect_language, split_sentences

# The extractive answer quotes at most this many passages, one an article.
EXTRACTIVE_STATEMENTS = 3
# A passage scoring less than this share of the best passage's fused score is left out of an
# extractive answer: it is seldom another outlet's version of the answer (eval/README.md,
# "Same-story questions", measured on the development sets).
ANSWER_SHARE = 0.6

# Cue kinds that show a reader the distance a level asks for (statements citing a level
# must carry one of them). Attributed claims need a reporting frame, not a hedge.
_DISTANCE_CUES = {
    HedgingLevel.UNCONFIRMED: {CueKind.UNCONFIRMED},
    HedgingLevel.RUMORED: {CueKind.RUMORED, CueKind.UNCONFIRMED},
    HedgingLevel.CONDITIONAL: {CueKind.CONDITIONAL},
    HedgingLevel.HEDGED: {CueKind.HEDGED, CueKind.CONDITIONAL},
    HedgingLevel.ATTRIBUTED: {CueKind.ATTRIBUTION, CueKind.REPORTATIVE, CueKind.ORIGIN},
}
# The levels whose hedge is added in code when the model leaves it out.
ENFORCED_LEVELS = (HedgingLevel.UNCONFIRMED, HedgingLevel.RUMORED)


class DraftCitation(BaseModel):
    """One citation as the model gives it."""

    passage: int = Field(description="the number of the passage that supports the statement")
    quote: str = Field(
        description="the words of that passage that support the statement, copied exactly"
    )


class DraftStatement(BaseModel):
    text: str = Field(
        description="one sentence of the answer, in the question's language, keeping the passage's hedge"
    )
    citations: list[DraftCitation]


class DraftAnswer(BaseModel):
    """The model's answer before its citations are checked."""

    answerable: bool = Field(description="false when the passages do not answer the question")
    statements: list[DraftStatement]


class StandaloneQuestion(BaseModel):
    """A follow-up rewritten by the model so that it needs no earlier turn."""

    question: str = Field(description="the last question, standing on its own, same language")


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a chat, given to the model as history."""

    question: str
    answer: str


@dataclass
class _Evidence:
    """A retrieved item as shown to the model (numbered) and the claims inside it."""

    number: int
    item: RetrievedItem
    claims: list[Claim]


@dataclass
class _Checked:
    statements: list[tuple[str, list[Citation]]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def question_language(question: str, fallback: str) -> str:
    """it or en: short questions fool language identification, so others mean `fallback`."""
    language = detect_language(question)
    return language if language in SUPPORTED_LANGUAGES else fallback


class Answerer:
    """Answers questions over some stored documents (all by default), offline or with an LLM."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        document_ids: list[str] | None = None,
        use_llm: bool = False,
        model: BaseChatModel | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.retriever = Retriever(store, settings, document_ids)
        self.use_llm = use_llm
        self._model = model
        # One answerer serves one chat, during which the stored documents do not change.
        self._documents: dict[str, Document] = {}

    @classmethod
    def open(
        cls,
        settings: Settings,
        documents: Sequence[str] = (),
        engine: EngineChoice | None = None,
        model: BaseChatModel | None = None,
    ) -> Answerer:
        """An answerer over the store the settings point at, within `documents` (ids or
        unambiguous prefixes); the LLM answers when the engine resolves to llm."""
        store = Store.open(settings)
        document_ids = [store.resolve(d) for d in documents] or None
        use_llm = resolve_engine(settings, engine) is EngineChoice.LLM
        return cls(store, settings, document_ids, use_llm=use_llm, model=model)

    @cached_property
    def _llm(self) -> StructuredLLM[DraftAnswer]:
        return StructuredLLM(self.settings, DraftAnswer, self._model or chat_model(self.settings))

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """The answer to `question`; `history` holds the earlier turns of a chat."""
        question = self._checked_question(question)
        if not self.retriever.scope:
            raise NotFoundError(
                "the store holds no articles: add some with 'claimscope ingest PATH'"
            )
        return self.answer(question, self._retrieve(question, history), history)

    def answer(
        self, question: str, items: list[RetrievedItem], history: Sequence[Turn] = ()
    ) -> Answer:
        """The answer to `question` from items already retrieved for it."""
        score = self.relevance(question, items)
        language = question_language(question, self._document_language(items))
        if score < self.settings.answer_min_relevance or not items:
            return self._no_answer(question, language, items, score)
        unknown = self.vocabulary.unknown_terms(question)
        if unknown:
            answer = self._no_answer(question, language, items, score)
            notice = f"in none of the articles searched: {', '.join(unknown)}"
            return answer.model_copy(update={"notices": [notice]})
        if self.use_llm:
            return self._generated(question, language, items, score, history)
        return self._extractive(question, language, items, score)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The words and figures of the articles in scope."""
        return Vocabulary(self.retriever.chunk_texts)

    def relevance(self, question: str, items: Sequence[RetrievedItem]) -> float:
        """How close the best evidence is: the best cosine similarity of the items and of the
        claims they hold (a short claim matches a question better than its whole chunk),
        or the best BM25 score when dense retrieval is off."""
        dense = [item.dense for item in items if item.dense is not None]
        if not dense:
            return max((item.lexical or 0.0 for item in items), default=0.0)
        scores = self.retriever.claim_scores(question)
        held = [scores.get(claim_key(c), -1.0) for item in items for c in self._claims_within(item)]
        return max(dense + held)

    def _checked_question(self, question: str) -> str:
        question = question.strip()
        if not question:
            raise InputError("the question is empty")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise InputError(
                f"the question is {len(question):,} characters long; the limit is {limit:,} "
                "(CLAIMSCOPE_MAX_QUESTION_CHARS)"
            )
        return question

    def _retrieve(self, question: str, history: Sequence[Turn]) -> list[RetrievedItem]:
        """The best items for the question made whole: a follow-up ("E chi lo ha
        riportato?") is searched with what the conversation says it refers to."""
        language = question_language(question, "it")
        return self.retriever.retrieve(
            self.standalone(question, history, language), language, self.settings.answer_top_k
        )

    def standalone(self, question: str, history: Sequence[Turn], language: str) -> str:
        """The question as it would be asked without the conversation: rewritten by the LLM,
        or offline the follow-up joined to the last question that stood on its own."""
        if not history:
            return question
        if not self.use_llm:
            return carried_over(question, [t.question for t in history], language)
        if not is_follow_up(question, language):
            return question
        return (
            self._condenser.invoke(condense_messages(question, history)).question.strip()
            or question
        )

    @cached_property
    def _condenser(self) -> StructuredLLM[StandaloneQuestion]:
        return StructuredLLM(
            self.settings, StandaloneQuestion, self._model or chat_model(self.settings)
        )

    def _document_language(self, items: Sequence[RetrievedItem]) -> str:
        if not items:
            return "en"
        return self.retriever.language_of(items[0].document_id)

    def _document(self, document_id: str) -> Document:
        if document_id not in self._documents:
            self._documents[document_id] = self.store.get_document(document_id)
        return self._documents[document_id]

    def _no_answer(
        self, question: str, language: str, items: list[RetrievedItem], score: float
    ) -> Answer:
        return Answer(
            question=question,
            language=language,
            text=phrases(language).not_found,
            answered=False,
            engine="llm" if self.use_llm else "extractive",
            retrieved=items,
            relevance=score,
            model=self.settings.llm_model if self.use_llm else None,
        )

    # Offline ------------------------------------------------------------------------

    def _extractive(
        self, question: str, language: str, items: list[RetrievedItem], score: float
    ) -> Answer:
        words = phrases(language)
        lines = [words.extractive_intro]
        citations = []
        for number, (item, span) in enumerate(self._answering_spans(question, language, items), 1):
            citation = self._citation(number, item, span)
            citations.append(citation)
            assessed = bool(self.retriever.claims_of(item.document_id))
            lines.append(f"[{number}] {words.framed(citation, assessed)}")
        lines += disagreements(citations, language)
        return Answer(
            question=question,
            language=language,
            text="\n".join(lines),
            answered=True,
            engine="extractive",
            citations=citations,
            retrieved=items,
            relevance=score,
        )

    def _answering_spans(
        self, question: str, language: str, items: list[RetrievedItem]
    ) -> list[tuple[RetrievedItem, Span]]:
        """What the extractive answer quotes, best first: the best span of each article, then
        (when fewer articles answer) further spans of the same articles, at most
        EXTRACTIVE_STATEMENTS, leaving out those far behind the best."""
        ranked = self._candidate_spans(question, language, items)
        best = ranked[0][0] if ranked else 0.0
        close = [(item, span) for value, item, span in ranked if value >= best * ANSWER_SHARE]
        first_of_article = {item.document_id: (item, span) for item, span in reversed(close)}
        chosen = [entry for entry in close if entry in first_of_article.values()]
        for item, span in close:
            if len(chosen) >= EXTRACTIVE_STATEMENTS:
                break
            if not any(_overlaps(span, taken) for _, taken in chosen):
                chosen.append((item, span))
        return sorted(chosen[:EXTRACTIVE_STATEMENTS], key=lambda entry: close.index(entry))

    def _candidate_spans(
        self, question: str, language: str, items: list[RetrievedItem]
    ) -> list[tuple[float, RetrievedItem, Span]]:
        """What an extractive answer may quote, best first, with its score: a passage's own
        sentence (ranked by the passage's fused score); the claims of a chunk or claim item
        (each scored against the question), and for a chunk without claims the sentence that
        shares most words with the question."""
        wanted = set(tokens(question, language))
        claim_scores = self.retriever.claim_scores(question)
        scored: list[tuple[float, RetrievedItem, Span]] = []
        for rank, item in enumerate(items):
            fallback = item.dense if item.dense is not None else -rank
            if item.kind == "passage":
                start = item.start + item.quote.find(item.text)
                scored.append(
                    (
                        item.score,
                        item,
                        Span(text=item.text, start=start, end=start + len(item.text)),
                    )
                )
                continue
            if item.claim is not None:
                scored.append((fallback, item, item.claim.quote_span))
                continue
            held = [c for c in self._claims_within(item) if claim_key(c) in claim_scores]
            scored += [(claim_scores[claim_key(c)], item, c.quote_span) for c in held]
            if not held:
                scored.append((fallback, item, self._best_sentence(item, wanted)))
        scored.sort(key=lambda entry: -entry[0])
        return scored

    def _best_sentence(self, item: RetrievedItem, wanted: set[str]) -> Span:
        language = self.retriever.language_of(item.document_id)
        sentences = [
            Span(text=s.text, start=item.start + s.start, end=item.start + s.end)
            for s in split_sentences(item.quote, language)
        ]
        if not sentences:
            return Span(text=item.quote, start=item.start, end=item.end)
        return max(sentences, key=lambda s: len(wanted & set(tokens(s.text, language))))

    def _citation(self, number: int, item: RetrievedItem, span: Span) -> Citation:
        """The citation of `span`: its level and source are those of the claim it is, or of
        the claims it overlaps (the weakest level wins, as in the labelling guide)."""
        if item.claim is not None and item.claim.quote_span == span:
            inside = [item.claim]
        else:
            inside = [
                c
                for c in self.retriever.claims_of(item.document_id)
                if _overlaps(c.quote_span, span)
            ]
        level = HedgingLevel.strongest([c.hedging for c in inside]) if inside else None
        source = next((c.source for c in inside if c.hedging is level and c.source), None)
        return Citation(
            number=number,
            document_id=item.document_id,
            title=item.title,
            quote=span.text,
            start=span.start,
            end=span.end,
            hedging=level,
            source=source,
            claim_id=next((c.id for c in inside if c.hedging is level), None),
        )

    # With an LLM --------------------------------------------------------------------

    def _generated(
        self,
        question: str,
        language: str,
        items: list[RetrievedItem],
        score: float,
        history: Sequence[Turn],
    ) -> Answer:
        evidence = [
            _Evidence(number, item, self._claims_within(item))
            for number, item in enumerate(items, start=1)
        ]
        draft = self._llm.invoke(answer_messages(question, language, evidence, history))
        checked = self._check(draft, evidence, language)
        if not draft.answerable or not checked.statements:
            answer = self._no_answer(question, language, items, score)
            return answer.model_copy(
                update={
                    "removed_citations": checked.removed,
                    "proposed_citations": sum(len(s.citations) for s in draft.statements),
                    "notices": self._llm.notices,
                }
            )
        text = " ".join(
            f"{statement} {''.join(f'[{c.number}]' for c in cited)}"
            for statement, cited in checked.statements
        )
        return Answer(
            question=question,
            language=language,
            text=text,
            answered=True,
            engine="llm",
            citations=[c for _, cited in checked.statements for c in cited],
            retrieved=items,
            relevance=score,
            removed_citations=checked.removed,
            proposed_citations=sum(len(s.citations) for s in draft.statements),
            model=self.settings.llm_model,
            notices=[*self._llm.notices, *checked.notices],
        )

    def _claims_within(self, item: RetrievedItem) -> list[Claim]:
        if item.claim is not None:
            return [item.claim]
        claims = self.retriever.claims_of(item.document_id)
        return [c for c in claims if item.start <= c.start < item.end]

    def _check(self, draft: DraftAnswer, evidence: list[_Evidence], language: str) -> _Checked:
        """Keep the citations that point at a passage and quote its document; number them
        in order; drop statements left without one; restore missing hedges."""
        checked = _Checked()
        by_number = {e.number: e for e in evidence}
        next_number = 1
        for statement in draft.statements:
            cited: list[Citation] = []
            for draft_citation in statement.citations:
                span, problem = self._ground(draft_citation, by_number)
                if span is None:
                    checked.removed.append(problem)
                    continue
                citation = self._citation(next_number, by_number[draft_citation.passage].item, span)
                if any(
                    c.start == citation.start and c.document_id == citation.document_id
                    for c in cited
                ):
                    continue
                cited.append(citation)
                next_number += 1
            text = statement.text.strip()
            if not cited:
                checked.removed.append(f"statement without a valid citation removed: {text!r}")
                continue
            hedged = with_hedge(text, cited, language)
            if hedged != text:
                checked.notices.append(f"hedge restored in: {text!r}")
            checked.statements.append((hedged, cited))
        return checked

    def _ground(
        self, citation: DraftCitation, by_number: dict[int, _Evidence]
    ) -> tuple[Span | None, str]:
        evidence = by_number.get(citation.passage)
        if evidence is None:
            return None, f"citation [{citation.passage}] points at no passage"
        item = evidence.item
        if not citation.quote.strip():
            if item.claim is not None:
                return item.claim.quote_span, ""
            # A whole chunk would lend the statement the level of every claim in it.
            return None, f"citation [{citation.passage}] quotes nothing"
        grounder = Grounder(self._document(item.document_id).text)
        span = grounder.locate(citation.quote, near=(item.start, item.end))
        if span is None:
            return None, (
                f"citation [{citation.passage}]: quote {citation.quote[:80]!r} is not in "
                f"document {item.document_id}"
            )
        return span, ""


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


def carries_hedge(text: str, level: HedgingLevel, language: str) -> bool:
    """Whether `text` shows the distance `level` asks for (asserted asks for none)."""
    kinds = _DISTANCE_CUES.get(level)
    if not kinds:
        return True
    if language not in SUPPORTED_LANGUAGES:
        language = "en"
    own_phrase = phrases(language).hedge(level, None).rstrip(",").casefold()
    if level is not HedgingLevel.ATTRIBUTED and own_phrase in text.casefold():
        return True
    return any(cue.kind in kinds for cue in load_lexicon(language).find(text))


def with_hedge(text: str, cited: list[Citation], language: str) -> str:
    """`text` with its level's hedge phrase in front when it rests on a rumoured or
    unconfirmed claim and does not say so itself."""
    levels = [c.hedging for c in cited if c.hedging is not None]
    if not levels:
        return text
    level = HedgingLevel.strongest(levels)
    if level not in ENFORCED_LEVELS or carries_hedge(text, level, language):
        return text
    return f"{phrases(language).hedge(level, None)} {_lower_first(text, language)}"


def _lower_first(text: str, language: str) -> str:
    """The text with its first word in lower case when that word is a function word ("Il
    gruppo" → "il gruppo"); names ("Lanterna", "OpenAI") keep their capital."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if is_stopword(first, language) else text


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


# The prompt ---------------------------------------------------------------------------


@cache
def answer_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", prompt_text("answer-system.md")),
            MessagesPlaceholder("history"),
            ("human", prompt_text("answer-user.md")),
        ],
        template_format="jinja2",
    )


def answer_messages(
    question: str, language: str, evidence: list[_Evidence], history: Sequence[Turn]
) -> list[BaseMessage]:
    passages = [
        {
            "number": e.number,
            "title": fenced(e.item.title),
            "text": fenced(e.item.quote),
            "claims": claims_for_prompt(e.claims),
        }
        for e in evidence
    ]
    turns: list[BaseMessage] = []
    for turn in history:
        turns += [
            HumanMessage(fenced(turn.question)),
            AIMessage(without_citation_marks(turn.answer)),
        ]
    return answer_prompt().format_messages(
        question=fenced(question),
        language=language_name(language),
        passages=passages,
        history=turns,
    )


@cache
def condense_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", prompt_text("condense-system.md")),
            ("human", prompt_text("condense-user.md")),
        ],
        template_format="jinja2",
    )


def condense_messages(question: str, history: Sequence[Turn]) -> list[BaseMessage]:
    turns = [
        {"question": fenced(t.question), "answer": fenced(without_citation_marks(t.answer))}
        for t in history
    ]
    return condense_prompt().format_messages(question=fenced(question), turns=turns)


_CITATION_MARK = re.compile(r"\s*\[\d+\]")


def without_citation_marks(text: str) -> str:
    """The answer's text without its [n] markers (for history and for matching)."""
    return _CITATION_MARK.sub("", text)
