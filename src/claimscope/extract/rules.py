"""The offline rules engine: claims, hedging levels, cues and sources without a model.

Paragraph by paragraph (memory stays bounded on huge inputs): sentences, clauses, cues
from the language's lexicon, then the labelling guide's rules for how far a level
carries: a source frame within its paragraph, a back-reference ("tali voci", "the
report") across paragraphs, a non-confirmation to every claim of the report it refers
to, and a sentence that only says where the preceding information comes from.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from claimscope.extract import Progress
from claimscope.extract.addressed import addresses_someone
from claimscope.extract.clauses import Clause, content_words, split_clauses, verbless_fragment
from claimscope.extract.cues import (
    LEVEL_OF_KIND,
    NAME_PATTERN,
    Cue,
    CueKind,
    Lexicon,
    load_lexicon,
)
from claimscope.extract.sources import ANONYMOUS, SourceBook
from claimscope.lexicons import every_language
from claimscope.models import Claim, Document, ExtractionReport, HedgingLevel, Span
from claimscope.text import SUPPORTED_LANGUAGES, split_sentences

# A wire dateline on its own ("ROMA, 7 dic (Adnkronos", "LONDON (AFP", "Dec 7 (Reuters"):
# where and when the report was filed, a statement about the reporting, not a claim.
_DATELINE = re.compile(
    r"(?:[A-ZÀ-Ý][\w'’.-]*(?:[ /][A-ZÀ-Ý][\w'’.-]*){0,3},?\s*)?"
    r"(?:\d{1,2}\s+[^\W\d]{3,9}\.?|[^\W\d]{3,9}\.?\s+\d{1,2})?(?:,?\s*\d{4})?"
    r"\s*\(\s*\w[\w.&' -]{0,25}\)?"
)
# Paragraphs longer than this are cut at a sentence end so no step sees a huge string.
MAX_BLOCK_CHARS = 20_000
_HEADING_MAX_WORDS = 25
_MIN_CONTENT_WORDS = 2
# Characters before a cue in which an anaphor ("dall'azienda, che") names its speaker.
_NEAR = 40

# Cues that set the level of the clause they stand in (frames reach further).
_LOCAL_KINDS = (CueKind.UNCONFIRMED, CueKind.RUMORED, CueKind.CONDITIONAL, CueKind.HEDGED)
# Cues that say whose word a claim is.
_CREDIT_KINDS = (CueKind.ATTRIBUTION, CueKind.ANONYMOUS, CueKind.RELAY, CueKind.ORIGIN)
_LEVEL_OF_CUE = {kind: LEVEL_OF_KIND[kind] for kind in _LOCAL_KINDS}
# The guide's order of precedence (HedgingLevel.rank, looked up once).
_PRECEDENCE = {level: level.rank for level in HedgingLevel}
_NAME_BEFORE = re.compile(rf"({NAME_PATTERN}),\s*$")


@dataclass(eq=False)
class Frame:
    """Who a stretch of text credits, and how firmly (attributed or rumored)."""

    level: HedgingLevel
    source: str
    cues: list[Cue]
    drafts: list[Draft] = field(default_factory=list)


@dataclass(eq=False)
class Draft:
    """A claim being built: its clause, its own cues, the frame it sits in."""

    clause: Clause
    cues: list[Cue]
    frame: Frame | None = None
    reported: bool = False
    derived: bool = False
    """Whether its frame was carried from an earlier sentence rather than set in its own."""
    later_cues: list[Cue] = field(default_factory=list)

    def set_frame(self, frame: Frame | None) -> None:
        self.frame = frame
        if frame is not None:
            frame.drafts.append(self)


@dataclass
class _Article:
    """What the engine remembers while it reads one article."""

    lexicon: Lexicon
    book: SourceBook
    drafts: list[Draft] = field(default_factory=list)
    last_rumor: Frame | None = None
    last_frame: Frame | None = None
    # Reports not yet covered by a non-confirmation: "tali voci" refers to these.
    open_rumors: list[Frame] = field(default_factory=list)
    open_reported: list[Draft] = field(default_factory=list)
    leaky: set[str] = field(default_factory=set)
    frames_by_source: dict[str, list[Frame]] = field(default_factory=dict)


T = TypeVar("T")

# How many open reports, and reports per source, a later sentence may still refer to. An
# article has a handful; the bound keeps the work per sentence flat on a book-length input.
_REPORT_MEMORY = 64


def _remember(memory: list[T], *items: T) -> None:
    memory.extend(items)
    del memory[:-_REPORT_MEMORY]


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the blank-line-separated blocks of `text`, none over MAX_BLOCK_CHARS."""
    for block in re.finditer(r"\S[^\n]*(?:\n(?!\s*\n)[^\n]*)*", text):
        start, end = block.start(), block.end()
        while end - start > MAX_BLOCK_CHARS:
            window = text[start : start + MAX_BLOCK_CHARS]
            cut = max(window.rfind(". "), window.rfind("\n"))
            cut = cut + 1 if cut > 0 else MAX_BLOCK_CHARS
            yield start, start + cut
            start += cut
        yield start, start + len(text[start:end].rstrip())


def is_heading(block: str) -> bool:
    """A title or subheading: one short line that does not end a sentence (closing quotes
    aside), or a question."""
    stripped = block.strip()
    unquoted = stripped.rstrip("\"'»”’)")
    if unquoted.endswith("?"):
        return True
    return (
        "\n" not in stripped
        and not re.search(r"[.!…]$", unquoted)
        and len(stripped.split()) <= _HEADING_MAX_WORDS
    )


def _within(cues: list[Cue], start: int, end: int) -> list[Cue]:
    return [cue for cue in cues if start <= cue.start and cue.end <= end]


def _residual(clause: Clause, cues: list[Cue]) -> str:
    """The clause text with its cues blanked out."""
    chars = list(clause.text)
    for cue in _within(cues, clause.start, clause.end):
        for index in range(cue.start - clause.start, cue.end - clause.start):
            chars[index] = " "
    return "".join(chars)


class RulesExtractor:
    """Deterministic, offline claim extraction for Italian and English."""

    name = "rules"

    def extract(self, document: Document, progress: Progress | None = None) -> ExtractionReport:
        started = time.perf_counter()
        language = document.language if document.language in SUPPORTED_LANGUAGES else "en"
        article = _Article(lexicon=load_lexicon(language), book=SourceBook(load_lexicon(language)))
        blocks = list(paragraphs(document.text))
        for index, (start, end) in enumerate(blocks):
            self._read_paragraph(document.text, start, end, article)
            if progress:
                progress(index + 1, len(blocks))
        claims = [
            _to_claim(draft, number, document, article.lexicon)
            for number, draft in enumerate(article.drafts, start=1)
        ]
        return ExtractionReport(
            document_id=document.id,
            engine=self.name,
            claims=claims,
            seconds=time.perf_counter() - started,
        )

    def _read_paragraph(self, text: str, start: int, end: int, article: _Article) -> None:
        block = text[start:end]
        if is_heading(block):
            article.book.observe(block)
            return
        active: Frame | None = None
        previous: list[Draft] = []
        paragraph_drafts: list[Draft] = []
        # A denial before the report it denies ("X had denied... Reuters reported that...")
        # reaches the hearsay that follows it in its paragraph.
        pending_denials: list[Cue] = []
        for sentence in split_sentences(block, article.lexicon.language):
            span = Span(text=sentence.text, start=start + sentence.start, end=start + sentence.end)
            if span.text.rstrip("»”\"') ").endswith("?") or addresses_someone(
                span.text, article.lexicon
            ):
                article.book.observe(span.text)
                continue
            cues = article.lexicon.find(span.text, span.start)
            frame = self._frame_of(cues, span, article)
            article.book.observe(span.text)
            origin = [cue for cue in cues if cue.kind is CueKind.ORIGIN]
            if origin and frame:
                for draft in paragraph_drafts:
                    if draft.frame is None:
                        draft.set_frame(frame)
            derived = frame is None
            if frame is None:
                frame = self._carried(cues, span, active, previous, article)
            active = frame
            drafts = self._drafts_of(span, cues, frame, article)
            for draft in drafts:
                draft.derived = derived
                if draft.reported and _hearsay(draft):
                    draft.later_cues.extend(pending_denials)
            pending_denials += self._apply_non_confirmation(span, cues, drafts, previous, article)
            self._inherit_derived(cues, drafts, previous)
            article.drafts.extend(drafts)
            _remember(article.open_reported, *(d for d in drafts if d.reported and not d.frame))
            paragraph_drafts.extend(drafts)
            previous = drafts or previous

    def _frame_of(self, cues: list[Cue], sentence: Span, article: _Article) -> Frame | None:
        """The source frame a sentence sets up itself, if any.

        A named source is attributed, or rumored when the sentence calls its material a
        leak or hearsay (and then stays rumored for the rest of the article). Unnamed
        sources are rumored, credited to the outlet that relays them if one is named;
        "the same people", "the source" continue the unnamed sources met before.
        """
        kinds = {cue.kind for cue in cues}
        if {CueKind.ANONYMOUS, CueKind.REFERENCE} <= kinds and article.last_rumor:
            return article.last_rumor
        rumors = [c for c in cues if c.kind in (CueKind.RUMORED, CueKind.ANONYMOUS)]
        relays = [c for c in cues if c.kind is CueKind.RELAY and c.source]
        named, credit_cue = self._credited(cues, sentence, article)
        if credit_cue and article.last_frame and _cites_the_report(credit_cue, cues):
            return article.last_frame
        # "Secondo quanto riporta l'agenzia": an anaphor for the outlet of the last report
        # continues that report, rumored if it was.
        if (
            named
            and credit_cue
            and credit_cue.source
            and article.lexicon.references.match(credit_cue.source.strip())
            and article.last_frame
            and article.last_frame.source == named
        ):
            return article.last_frame
        if (
            named
            and credit_cue
            and _ANONYMOUS_CARRIER.search(sentence.text[: credit_cue.start - sentence.start])
        ):
            named = None
            rumors.append(credit_cue)
            kinds.add(CueKind.ANONYMOUS)
        if named and credit_cue:
            if rumors:
                article.leaky.add(named)
            level = HedgingLevel.RUMORED if named in article.leaky else HedgingLevel.ATTRIBUTED
            frame = Frame(level, named, [credit_cue, *rumors])
        elif CueKind.ANONYMOUS in kinds or (rumors and relays):
            # Unnamed sources, or hearsay a named outlet relays ("indiscrezioni raccolte
            # dal Messaggero"): rumored, credited to the outlet when there is one.
            relay = article.book.credit(relays[0].source) if relays else None
            frame = Frame(HedgingLevel.RUMORED, relay or ANONYMOUS, rumors)
        else:
            return None
        if frame.level is HedgingLevel.RUMORED:
            article.last_rumor = frame
            _remember(article.open_rumors, frame)
        article.last_frame = frame
        _remember(article.frames_by_source.setdefault(frame.source, []), frame)
        return frame

    def _credited(
        self, cues: list[Cue], sentence: Span, article: _Article
    ) -> tuple[str | None, Cue | None]:
        """The first named source a sentence credits (an origin statement first). A cue
        without a source of its own ("over claims that", "sul proprio blog") credits the
        sentence's first name before it, else the source credited last."""
        crediting = [c for c in cues if c.kind in (CueKind.ORIGIN, CueKind.ATTRIBUTION)]
        for cue in sorted(crediting, key=lambda c: (c.kind is not CueKind.ORIGIN, not c.source)):
            before = sentence.text[: cue.start - sentence.start]
            raw = _inserted_name(cue.text, article.book) or self._subject_for(cue, before, article)
            raw = raw or article.book.first_name(before)
            # "...dall'azienda, che si è limitata a parlare di": the organisation speaks.
            if not raw and article.lexicon.organisation_anaphor.search(before[-_NEAR:]):
                raw = article.book.last_organisation()
            raw = raw or article.book.last_credited_or_named()
            named = article.book.credit(raw)
            if named:
                return named, cue
        return None, None

    def _subject_for(self, cue: Cue, before: str, article: _Article) -> str | None:
        """The cue's source; "the company" after its own sentence's subject ("Orsa will
        close a plant, the company said") is that subject, if an organisation; "she" is
        the person named last."""
        source = cue.source
        lexicon = article.lexicon
        if source and source.lower() in lexicon.personal_pronouns:
            return article.book.last_person(before) or source
        if (
            source
            and lexicon.references.match(source)
            and lexicon.organisation_anaphor.search(source)
        ):
            subject = _initial_name(before, article.book) or article.book.first_name(before)
            if subject and subject not in article.book.persons:
                return subject
        return source

    def _carried(
        self,
        cues: list[Cue],
        sentence: Span,
        active: Frame | None,
        previous: list[Draft],
        article: _Article,
    ) -> Frame | None:
        """The frame a sentence without its own continues, by the guide's carry rules.

        A back-reference ("tali voci", "the report") reaches across paragraphs. Within
        a paragraph, a sentence that keeps the report's distance (a reportative
        conditional, a hedge, a quotation) continues it. "Reportedly" or a quotation
        opening a paragraph continues the report that closed the one before (news
        quotes a speaker over several paragraphs, crediting them once).
        """
        kinds = {cue.kind for cue in cues}
        references = [cue for cue in cues if cue.kind is CueKind.REFERENCE]
        if references:
            # What a non-confirmation refers back to is what needed confirming: a rumor.
            rumor_words = CueKind.UNCONFIRMED in kinds or any(
                article.lexicon.is_anonymous(c.text) for c in references
            )
            return (article.last_rumor if rumor_words else article.last_frame) or active
        distance = {CueKind.REPORTATIVE, CueKind.HEDGED, CueKind.PROSPECTIVE} & kinds
        first_word = sentence.text.split(maxsplit=1)[0].lower() if sentence.text else ""
        continues = first_word in article.lexicon.anaphoric_openers
        quotation = sentence.text[:1] in '"«“'
        if active and (distance or continues or quotation):
            return active
        if (
            not previous
            and (CueKind.REPORTATIVE in kinds or quotation)
            and article.last_frame
            and article.drafts
            and article.drafts[-1].frame is article.last_frame
        ):
            return article.last_frame
        return None

    def _drafts_of(
        self, sentence: Span, cues: list[Cue], frame: Frame | None, article: _Article
    ) -> list[Draft]:
        drafts = []
        clauses = split_clauses(sentence.text, sentence.start, article.lexicon, cues)
        owns = [_within(cues, clause.start, clause.end) for clause in clauses]
        for number, (clause, own) in enumerate(zip(clauses, owns, strict=True)):
            last = all(
                _opens_with_credit(later, later_own)
                for later, later_own in zip(clauses[number + 1 :], owns[number + 1 :], strict=True)
            )
            if not self._is_claim(clause, own, cues, article.lexicon, last):
                continue
            reported = _keeps_distance(own)
            # A non-restrictive relative clause is background, outside its host's frame.
            outside = clause.relative and frame is not None and frame.cues[0] not in own
            clause_frame = None if outside else frame
            draft = Draft(clause, own, reported=reported or bool(clause_frame))
            draft.set_frame(clause_frame)
            drafts.append(draft)
        return drafts

    def _is_claim(
        self, clause: Clause, own: list[Cue], cues: list[Cue], lexicon: Lexicon, last: bool
    ) -> bool:
        kinds = {cue.kind for cue in own}
        if {CueKind.NOT_CLAIM, CueKind.ORIGIN} & kinds:
            return False
        # "X ha smentito di aver ricevuto l'offerta" is about a report (a cue of its claims);
        # "X denied rumors that..." brings a claim of its own.
        if CueKind.UNCONFIRMED in kinds and CueKind.RUMORED not in kinds:
            return False
        if _ends_in_speaker(clause, own, last) or verbless_fragment(clause.text, lexicon):
            return False
        if _DATELINE.fullmatch(clause.text):
            return False
        # A future verb ("resterà", "will cut") is what the claim says, not a frame around it.
        framing = [cue for cue in cues if cue.kind is not CueKind.PROSPECTIVE]
        return len(content_words(_residual(clause, framing), lexicon)) >= _MIN_CONTENT_WORDS

    def _apply_non_confirmation(
        self,
        sentence: Span,
        cues: list[Cue],
        drafts: list[Draft],
        previous: list[Draft],
        article: _Article,
    ) -> list[Cue]:
        """A statement that a report is unconfirmed, or a denial, reaches every claim of
        that report, wherever it stands. Returns the statements that found no report."""
        statements = [
            cue
            for cue in cues
            if cue.kind is CueKind.UNCONFIRMED
            and not any(d.clause.start <= cue.start < d.clause.end for d in drafts)
        ]
        if not statements:
            return []
        references = [c for c in cues if c.kind is CueKind.REFERENCE]
        targets = self._unconfirmed_report(
            sentence, statements, references, drafts, previous, article
        )
        # A denial covers the claims it names; a non-confirmation, its whole report. A
        # denial that names a source also covers what that source keeps at a distance (a
        # reportative conditional, hearsay): "smentisce quanto riportato dal Corriere".
        # A denial of the report as a whole ("ha smentito la notizia") covers all of it.
        if not references and any(article.lexicon.is_denial(cue.text) for cue in statements):
            after = sentence.text[statements[-1].end - sentence.start :]
            named = [
                d for d in _named_report(sentence, statements, article) if _keeps_distance(d.cues)
            ]
            sharing = _sharing_words(targets, after, article.lexicon)
            targets = [d for d in targets if d in sharing or d in named] or targets
        for draft in {id(d): d for d in targets}.values():
            draft.later_cues.extend(statements + references)
        return [] if targets else statements

    def _unconfirmed_report(
        self,
        sentence: Span,
        statements: list[Cue],
        references: list[Cue],
        drafts: list[Draft],
        previous: list[Draft],
        article: _Article,
    ) -> list[Draft]:
        """The claims a non-confirmation or denial is about, in this order: the hearsay
        in its own sentence ("a post, which has not been verified, claims..."); the report
        of a source it names ("contestiamo le conclusioni della Commissione"); the claim
        of the sentence before after "this figure"; the rumors not yet denied; the report
        of the sentence before; the last rumor."""
        # "X denied a report by Y that…": the report its own sentence credits after it.
        own = [
            d
            for d in drafts
            if d.reported
            and (_hearsay(d) or (d.frame is not None and _denied_report(statements, d.frame)))
        ]
        if own and not references:
            return own
        earlier = self._earlier_report(sentence, statements, references, previous, article)
        return [d for d in earlier if d not in drafts]

    def _earlier_report(
        self,
        sentence: Span,
        statements: list[Cue],
        references: list[Cue],
        previous: list[Draft],
        article: _Article,
    ) -> list[Draft]:
        """The report before the statement's sentence that it is about."""
        named = _named_report(sentence, statements, article)
        if named:
            return named
        before = [d for d in previous if d.reported]
        if before and article.lexicon.singular_demonstrative.search(sentence.text):
            return before
        open_reports = [d for frame in article.open_rumors for d in frame.drafts]
        open_reports += article.open_reported
        if open_reports:
            article.open_rumors, article.open_reported = [], []
            return open_reports
        if references and article.last_frame:
            return article.last_frame.drafts
        frames = {id(d.frame): d.frame for d in before if d.frame}
        before += [d for frame in frames.values() for d in frame.drafts]
        if before:
            return before
        if article.last_rumor:
            return article.last_rumor.drafts
        # "Neither side has confirmed the terms": the report last credited, whole.
        denial = any(article.lexicon.is_denial(cue.text) for cue in statements)
        return article.last_frame.drafts if article.last_frame and not denial else []

    def _inherit_derived(self, cues: list[Cue], drafts: list[Draft], previous: list[Draft]) -> None:
        """'Ciò significa che…' restates the preceding claim: no firmer than it."""
        if not any(cue.kind is CueKind.DERIVED for cue in cues) or not previous:
            return
        basis = previous[-1]
        for draft in drafts:
            if draft.frame is None:
                draft.set_frame(basis.frame)
                draft.later_cues.extend(basis.later_cues)


def _keeps_distance(cues: list[Cue]) -> bool:
    """Whether a claim's own cues keep their distance: a reportative conditional, hearsay."""
    return any(cue.kind in (CueKind.REPORTATIVE, CueKind.RUMORED) for cue in cues)


def _named_report(sentence: Span, statements: list[Cue], article: _Article) -> list[Draft]:
    """The claims credited to a source that a statement names after itself."""
    after = sentence.text[statements[0].end - sentence.start :]
    return [
        d
        for name in article.book.names_in(after)
        for frame in article.frames_by_source.get(name, [])
        for d in frame.drafts
    ]


_STEM = 5


def _stems(text: str, lexicon: Lexicon) -> set[str]:
    return {word.lower()[:_STEM] for word in content_words(text, lexicon) if word[:1].islower()}


def _sharing_words(drafts: list[Draft], denied: str, lexicon: Lexicon) -> list[Draft]:
    """The claims a denial names by their words ("ha smentito di aver ricevuto
    un'offerta": the claims about the offer); empty when it names none."""
    stems = _stems(denied, lexicon)
    return [d for d in drafts if stems & _stems(d.clause.text, lexicon)] if stems else []


# Words a reporting frame may trail after its verb ("ha spiegato al nostro giornale").
_FRAME_TAIL_WORDS = 4
_CLOSING_QUOTES = ('"', "»", "”", "’")


def _opens_with_credit(clause: Clause, own: list[Cue]) -> bool:
    """A clause that only says whose word it is ("citing people familiar with the matter"),
    after the words it credits; `own` are the cues inside it."""
    first = min(own, key=lambda cue: cue.start, default=None)
    return first is not None and first.start == clause.start and first.kind in _CREDIT_KINDS


def _ends_in_speaker(clause: Clause, own: list[Cue], last: bool) -> bool:
    """A clause like "Il direttore tecnico, Paolo Mereu, ha spiegato" introduces a quote."""
    for cue in own:
        if cue.kind is not CueKind.ATTRIBUTION or not cue.source:
            continue
        tail = clause.text[cue.end - clause.start :].split()
        before = clause.text[: cue.start - clause.start].rstrip()
        # After a quotation ('"…," it said') or after what was said, closing its sentence
        # ("The bank will cut 300 jobs, Reuters said."), the speaker closes the claim.
        quoted = before.rstrip(" ,").endswith(_CLOSING_QUOTES)
        closing = last and "," in before
        # A frame's tail is a circumstance ("al nostro giornale", "in a statement"); one that
        # opens with a name or holds a figure is what was said ("Hill said Alfa will sell").
        frame_tail = len(tail) <= _FRAME_TAIL_WORDS and not (
            tail and (tail[0][:1].isupper() or any(char.isdigit() for char in "".join(tail)))
        )
        if cue.text.startswith(cue.source) and frame_tail and not (quoted or closing):
            return True
    return False


# "the anonymous workplace app Blind claims": a named carrier of anonymous posts (every
# language's words, like the cross-language lists of clauses.py).
_ANONYMOUS_CARRIER = re.compile(
    rf"\b(?:{'|'.join(every_language('anonymous_words'))})\b[^,.;]{{0,30}}$", re.IGNORECASE
)


def _cites_the_report(credit: Cue, cues: list[Cue]) -> bool:
    """'The report says': the source is the report already met, not a new one."""
    if not credit.source or not credit.text.lower().startswith(credit.source.lower()):
        return False
    return any(
        cue.kind is CueKind.REFERENCE and credit.start <= cue.start < credit.end for cue in cues
    )


def _denied_report(statements: list[Cue], frame: Frame) -> bool:
    """Whether the frame's report is the object of a denial ("denied a report by X that")."""
    return any(0 <= frame.cues[0].start - cue.end <= 1 for cue in statements)


def _hearsay(draft: Draft) -> bool:
    return draft.frame is None or draft.frame.level is HedgingLevel.RUMORED


# After a one-word name, an apposition closed by a comma ("Orsa, the miner, said"): not a
# participle clause opening the sentence ("Interpellata, l'azienda ha confermato").
_APPOSITION_AFTER = re.compile(r",\s+[^,]{1,60},")


def _initial_name(text: str, book: SourceBook) -> str | None:
    """A sentence's first words as a name not met before, when they look like one: two
    capitalised words ("Orsa Mining"; "Alle 9.30" is a time) or one before an apposition
    ("Orsa, the miner, ...")."""
    name = book.first_name(text, initial_too=True)
    if not name or not text.startswith(name):
        return None
    words = name.split()
    if len(words) > 1 and words[1][:1].isupper():
        return name
    if len(words) == 1 and _APPOSITION_AFTER.match(text, len(name)):
        return name
    return None


_INSERTION = re.compile(r",\s+([^,]+),(?:\s|$)")


def _inserted_name(cue_text: str, book: SourceBook) -> str | None:
    """In "L'assessore all'Industria, Gavino Serra, afferma" the inserted name speaks."""
    inserted = _INSERTION.search(cue_text)
    if inserted and book.first_name(inserted.group(1), initial_too=True) == inserted.group(1):
        book.mark_person(inserted.group(1))
        return inserted.group(1)
    return None


def _level_and_source(draft: Draft) -> tuple[HedgingLevel, str | None, list[Cue]]:
    levels = [_LEVEL_OF_CUE[c.kind] for c in draft.cues if c.kind in _LEVEL_OF_CUE]
    cues = [c for c in draft.cues if c.kind in _LEVEL_OF_CUE or c.kind is CueKind.REPORTATIVE]
    source: str | None = None
    kinds = {c.kind for c in draft.cues}
    if draft.frame:
        # A hypothesis built on an earlier report is conditional, with that report's source.
        if not (draft.derived and CueKind.CONDITIONAL in kinds):
            levels.append(draft.frame.level)
        cues = [*draft.frame.cues, *cues]
        source = draft.frame.source
    # In "qualora..., slitterebbe" the conditional mood is the hypothesis, not hearsay.
    if CueKind.REPORTATIVE in kinds and CueKind.CONDITIONAL not in kinds and draft.frame is None:
        levels.append(HedgingLevel.RUMORED)
    if draft.later_cues:
        levels.append(HedgingLevel.UNCONFIRMED)
        cues += draft.later_cues
    level = min(levels, key=_PRECEDENCE.__getitem__, default=HedgingLevel.ASSERTED)
    if source is None and level in (HedgingLevel.RUMORED, HedgingLevel.UNCONFIRMED):
        source = ANONYMOUS
    if level is HedgingLevel.ASSERTED:
        source = None
    unique = {(c.start, c.end): c for c in cues}
    return level, source, sorted(unique.values(), key=lambda c: c.start)


# A clause's opening pronoun that stands for the name before it ("che", "which").
_LEADING_PRONOUN = re.compile(
    rf"^(?:{'|'.join(map(re.escape, every_language('subject_relatives')))})\s+", re.IGNORECASE
)


# Auxiliaries, modals and common verbs that open a finite clause ("ha", "è", "has").
_VERB_OPENERS = frozenset(word.casefold() for word in every_language("clause_openers"))
_OPENING_WORD = re.compile(r"[\w'’]+")
# A subject longer than this is not looked for: the host does not open on "Name + verb".
_SUBJECT_WORDS = 6


def _subject(host: str) -> str | None:
    """The words before the first verb of `host` and after any comma ("Acme" in "Secondo
    Reuters, Acme ha chiuso…"), when there are one to six of them."""
    for word in list(_OPENING_WORD.finditer(host))[: _SUBJECT_WORDS + 1]:
        if word.group().casefold() in _VERB_OPENERS:
            return host[: word.start()].rsplit(",", 1)[-1].strip() or None
    return None


def restated(clause: Clause, text: str, host: Clause | None = None) -> str:
    """The clause as a stand-alone sentence: a leading relative pronoun gives way to the
    name it stands for when that name comes right before it ("Microsoft, che ha
    investito" is "Microsoft ha investito"), else it is dropped; a clause that opens on a
    verb after `host`, the clause it was coordinated with, takes the host's subject ("…, e
    ha assunto 200 persone" is "Il gruppo Acme ha assunto 200 persone")."""
    pronoun = _LEADING_PRONOUN.match(clause.text)
    if pronoun is None:
        opening = _OPENING_WORD.match(clause.text)
        subject = _subject(host.text) if host is not None else None
        if subject and opening and opening.group().casefold() in _VERB_OPENERS:
            return f"{subject[:1].upper()}{subject[1:]} {clause.text}"
        return clause.text[:1].upper() + clause.text[1:]
    rest = clause.text[pronoun.end() :].strip()
    antecedent = _NAME_BEFORE.search(text, max(0, clause.start - _NEAR), clause.start)
    if antecedent:
        return f"{antecedent.group(1)} {rest}"
    return rest[:1].upper() + rest[1:] if rest else clause.text


def _to_claim(draft: Draft, number: int, document: Document, lexicon: Lexicon) -> Claim:
    level, source, cues = _level_and_source(draft)
    return Claim(
        id=f"c{number:02d}",
        text=restated(draft.clause, document.text),
        quote=draft.clause.text,
        start=draft.clause.start,
        end=draft.clause.end,
        hedging=level,
        cues=[cue.text for cue in cues],
        cue_spans=[Span(text=cue.text, start=cue.start, end=cue.end) for cue in cues],
        source=source,
        document_id=document.id,
        engine=RulesExtractor.name,
    )
