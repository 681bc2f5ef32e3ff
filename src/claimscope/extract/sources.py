"""Naming the source a cue credits, as the guide wants it written.

The entity, not the channel ("Microsoft" for "il blog di Microsoft"), by the shortest
full name the article uses ("Ed Zitron" for a later "Zitron"), without articles; an
anaphor ("the company", "la stessa azienda", "it") is the entity last credited or named.
"""

from __future__ import annotations

import re
from collections import Counter, deque

from claimscope.extract.cues import NAME_PATTERN, Lexicon
from claimscope.lexicons import every_language

ANONYMOUS = "anonymous"

_NAMES = re.compile(NAME_PATTERN)
_POSSESSIVE = re.compile(r"[’']s\b")
# Two names credited together; every language's conjunctions, as names cross languages.
_CONJUNCTION = re.compile(
    rf"\s+(?:{'|'.join(map(re.escape, every_language('name_conjunctions')))})\s+"
)
_RECENT_NAMES = 64
# An anaphor credited within this many sentences is what a later pronoun refers to.
_PRONOUN_REACH = 2


def _initials(name: str) -> str:
    words = name.split()
    return "".join(word[0] for word in words) if len(words) > 1 else ""


class SourceBook:
    """The names an article has used so far, to name each credited source."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # Bounded memories, so a huge article costs no more per sentence than a short one.
        self.recent: deque[str] = deque(maxlen=_RECENT_NAMES)
        self.credited: deque[tuple[int, str]] = deque(maxlen=_RECENT_NAMES)
        self.counts: Counter[str] = Counter()
        self.by_last_word: dict[str, set[str]] = {}
        self.first_seen: dict[str, int] = {}
        self.sentence_index = 0
        self.persons: set[str] = set()

    def observe(self, text: str) -> None:
        """Remember the names of one sentence (call once per sentence, in order)."""
        self.sentence_index += 1
        for match in _NAMES.finditer(text):
            parts = [
                p for piece in _POSSESSIVE.split(match.group()) for p in _CONJUNCTION.split(piece)
            ]
            after_role = self._after_role(text[: match.start()])
            for part in parts:
                for name in self._person_or_entity(part):
                    self._remember(name)
                    if after_role:
                        self.persons.add(name)

    def _remember(self, name: str) -> None:
        self.recent.append(name)
        if name not in self.first_seen:
            self.first_seen[name] = len(self.first_seen)
            words = name.split()
            capitalised = [word for word in words if word[:1].isupper()]
            # Lower-case words inside a name are its joiners ("Corriere dello Sport").
            if len(capitalised) > 1 and capitalised[0] == words[0]:
                self.by_last_word.setdefault(words[-1], set()).add(name)
                if len(capitalised) == 2:
                    self.by_last_word.setdefault(words[0], set()).add(name)
        self.counts[name] += 1

    def _person_or_entity(self, raw: str) -> list[str]:
        """A name like "OpenAI CEO Sam Altman" holds an entity and a person: both count."""
        words = raw.split()
        while words and words[0] in self.lexicon.not_names:
            words = words[1:]
        # A date's day or a year left once the month is dropped ("March 3") names nobody.
        if not words or all(word in self.lexicon.not_names or word.isdigit() for word in words):
            return []
        text = " ".join(words)
        for role in self.lexicon.roles:
            if text.startswith(f"{role} ") and text[len(role) + 1 :][:1].isupper():
                self.persons.add(text[len(role) + 1 :])
                return [text[len(role) + 1 :]]
            before, found, after = text.partition(f" {role} ")
            if found and after[:1].isupper():
                self.persons.add(after)
                return [before, after]
        return [text]

    def credit(self, raw: str | None) -> str | None:
        """The name of the source `raw` (as captured by a cue), and remember it as credited."""
        if raw is None:
            return None
        name = self.name(raw)
        if name:
            self.credited.append((self.sentence_index, name))
        return name

    def name(self, raw: str) -> str | None:
        raw = raw.strip(" ,:;")
        for alias, entity in self.lexicon.aliases.items():
            if re.search(rf"\b{re.escape(alias)}\b", raw):
                return entity
        if self.lexicon.references.match(raw):
            return self._antecedent(raw)
        if self.lexicon.is_anonymous(raw):
            return None
        parts = [self._full_name(part) for part in _CONJUNCTION.split(raw)]
        named = [part for part in parts if part]
        if not named:
            return None
        joiner = " e " if self.lexicon.language == "it" else " and "
        return joiner.join(named)

    def _full_name(self, raw: str) -> str | None:
        names = self._person_or_entity(raw)
        if not names:
            return None
        short = names[-1]
        if short.isupper() and 1 < len(short) <= 5:
            spelled = [name for name in self.first_seen if _initials(name) == short]
            if spelled:
                return spelled[0]
        # A surname or short title stands for the full name used before it ("Zitron" for
        # "Ed Zitron"), never for a longer name that came later ("OpenAI" is not "Azure OpenAI").
        first_use = self.first_seen.get(short, len(self.first_seen))
        longer = sorted(
            name for name in self.by_last_word.get(short, ()) if self.first_seen[name] < first_use
        )
        if longer and len(short.split()) == 1:
            return min(longer, key=len)
        return short

    def first_name(self, text: str, *, initial_too: bool = False) -> str | None:
        """The first name in `text`. A capitalised first word counts only when the
        article has used it as a name before ("Tali voci", "L'investimento" are no names)."""
        for match in _NAMES.finditer(text):
            names = self._person_or_entity(_POSSESSIVE.split(match.group())[0])
            at_start = not text[: match.start()].strip()
            if names and (initial_too or not at_start or names[0] in self.counts):
                return names[0]
        return None

    def names_in(self, text: str) -> list[str]:
        """The sources named in `text`, as `name` would credit them."""
        found = [self.name(match.group()) for match in _NAMES.finditer(text)]
        return [name for name in found if name]

    def last_person(self, text: str) -> str | None:
        """Who "he" or "she" is: the last person named in `text` (after a role, or known
        as a person), else the person the article named last."""
        for match in reversed(list(_NAMES.finditer(text))):
            for name in reversed(self._person_or_entity(match.group())):
                if name in self.persons or self._after_role(text[: match.start()]):
                    return name
        return next((name for name in reversed(self.recent) if name in self.persons), None)

    def last_credited_or_named(self) -> str | None:
        """Who a cue without a source of its own ("sul proprio blog") speaks for."""
        return self.credited[-1][1] if self.credited else self._antecedent("it")

    def _after_role(self, text: str) -> bool:
        """Whether `text` ends in a role ("il direttore tecnico,", "co-founder")."""
        tail = text.rstrip(" ,").lower()
        return any(tail.endswith(role.lower()) for role in self.lexicon.roles)

    def last_organisation(self) -> str | None:
        """The organisation the article named last, more than once (no person)."""
        for name in reversed(self.recent):
            if self.counts[name] > 1 and name not in self.persons:
                return self._full_name(name)
        return None

    def mark_person(self, name: str) -> None:
        self.persons.add(name)

    def _antecedent(self, anaphor: str) -> str | None:
        """The entity an anaphor points at. "The company" is the organisation named last
        more than once; another anaphor is the source credited last if recent, else the
        most recent name the article has used more than once."""
        if self.lexicon.organisation_anaphor.search(anaphor):
            organisation = self.last_organisation()
            if organisation:
                return organisation
        recent = [
            name
            for index, name in self.credited
            if self.sentence_index - index <= _PRONOUN_REACH or " " in anaphor
        ]
        if recent:
            return recent[-1]
        repeated = [name for name in reversed(self.recent) if self.counts[name] > 1]
        if repeated:
            return self._full_name(repeated[0])
        return self.recent[-1] if self.recent else None
