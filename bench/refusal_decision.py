"""Can a small learned decision refuse better than the relevance threshold?

`ask` answers "not in the articles" offline when the best passage's relevance is under
CLAIMSCOPE_ANSWER_MIN_RELEVANCE (its default is the threshold compared here) or the question
names something no article holds. This measures, for every question of the development sets
(eval/gold, eval/qa-corpus, eval/qa-story-dev, eval/qa-story-corpus, eval/qa-story-2,
eval/qa-story-4, and the off-topic probes of eval/qa-off-topic asked over each of their
article folders), what `ask` offline retrieves and four signals:

- relevance: what the threshold reads (best cosine of a passage's closest view or a claim);
- article coverage: the share of the question's content words that some article holds
  (an off-topic question's "scudetto" or "carbonara" are in none);
- passage overlap: the largest share of them that one retrieved passage holds;
- standout: the best passage's fused ranking score, a sum of standardised similarities (how
  far it stands out from the other passages).

A logistic regression (standardised signals, balanced classes) learns answerable against
off-topic on every set but one; its boundary is then put halfway between the lowest
answerable question and the highest off-topic one below it (the issue puts "no answerable
question refused" first). The set left out is scored with it and with the threshold, for
every subset of the signals. Held-out sets are never read here. eval/README.md
("Refusals: a learned decision?") records the output.

    .venv/bin/python bench/refusal_decision.py                     # needs ../shared/corpus
    .venv/bin/python bench/refusal_decision.py --signals /tmp/s.json  # keep what was measured
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from claimscope.eval.qa_harness import build_store
from claimscope.eval.questions import load_dataset
from claimscope.models import RetrievedItem
from claimscope.qa import Answerer
from claimscope.qa.answerability import Vocabulary
from claimscope.qa.stemming import content_words, stems_in_all_languages
from claimscope.settings import EngineChoice, Settings
from claimscope.store import Store

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "eval"
OFF_TOPIC = EVAL / "qa-off-topic"
# (name, article folder) → the development question sets asked over it (None: its own).
DEVELOPMENT: dict[tuple[str, Path], list[Path | None]] = {
    ("eval/gold", EVAL / "gold"): [None, OFF_TOPIC],
    ("eval/story", EVAL / "story"): [EVAL / "qa-story-dev", OFF_TOPIC],
    ("corpus", ROOT.parent / "shared" / "corpus" / "gold"): [
        EVAL / "qa-corpus",
        EVAL / "qa-story-corpus",
        OFF_TOPIC,
    ],
    ("eval/story-2", EVAL / "story-2"): [EVAL / "qa-story-2", OFF_TOPIC],
    ("eval/story-4", EVAL / "story-4"): [EVAL / "qa-story-4", OFF_TOPIC],
}
# eval/qa-corpus's off-topic questions (football, cooking, a novel, a capital); its other
# unanswerable questions ask about the articles' own companies.
CORPUS_OFF_TOPIC = {"corpus-none-29", "corpus-none-30", "corpus-none-31", "corpus-none-32"}
THRESHOLD = Settings.model_fields["answer_min_relevance"].default
SIGNALS = ("relevance", "article_coverage", "passage_overlap", "standout")
KINDS = ("answerable", "same-topic", "off-topic")


@dataclass(frozen=True)
class Asked:
    group: str
    id: str
    kind: str
    """answerable, same-topic (unanswerable, about the articles) or off-topic"""
    signals: dict[str, float]
    unknown_terms: bool
    """refused whatever the decision: it names something or quotes a figure no article holds"""


def signals(
    question: str, relevance: float, items: Sequence[RetrievedItem], vocabulary: Vocabulary
) -> dict[str, float]:
    words = content_words(question) or [question.casefold()]
    wanted = [stems_in_all_languages([word]) for word in words]
    held = [stems_in_all_languages(content_words(item.quote)) for item in items]
    return {
        "relevance": relevance,
        "article_coverage": sum(map(vocabulary.holds, words)) / len(words),
        "passage_overlap": max(
            (sum(bool(w & h) for w in wanted) / len(words) for h in held), default=0.0
        ),
        "standout": max((item.score for item in items), default=0.0),
    }


def kind_of(question_id: str, answerable: bool, questions: Path | None) -> str:
    if answerable:
        return "answerable"
    off = questions == OFF_TOPIC or question_id in CORPUS_OFF_TOPIC
    return "off-topic" if off else "same-topic"


def asked_questions() -> Iterator[Asked]:
    for (name, articles), question_sets in DEVELOPMENT.items():
        with tempfile.TemporaryDirectory(prefix="claimscope-refusal-") as folder:
            settings = Settings(data_dir=Path(folder))
            store = Store.open(settings)
            dataset = load_dataset(articles, question_sets[0])
            build_store(dataset, settings, store, EngineChoice.OFFLINE, None)
            answerer = Answerer(store, settings)
            vocabulary = answerer.gate.vocabulary
            for questions in question_sets:
                group = f"{(questions or articles).name}@{name}"
                for located in load_dataset(articles, questions).questions:
                    text = located.question.question
                    answer = answerer.ask(text)
                    yield Asked(
                        group=group,
                        id=located.question.id,
                        kind=kind_of(located.question.id, bool(located.spans), questions),
                        signals=signals(text, answer.relevance, answer.retrieved, vocabulary),
                        unknown_terms=bool(vocabulary.unknown_terms(text)),
                    )


Decision = Callable[[Asked], bool]


def fitted(training: list[Asked], names: Sequence[str]) -> Decision:
    """The learned decision on `names`: True means refuse."""
    used = [a for a in training if a.kind != "same-topic"]
    x = np.array([[a.signals[n] for n in names] for a in used])
    y = np.array([a.kind == "answerable" for a in used])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    model = LogisticRegression(class_weight="balanced").fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    odds = x @ weights
    lowest = odds[y].min()
    below = odds[~y][odds[~y] < lowest]
    boundary = (lowest + below.max()) / 2 if below.size else lowest - 1e-3

    def refuses(asked: Asked) -> bool:
        value = np.array([asked.signals[n] for n in names]) @ weights
        return asked.unknown_terms or bool(value < boundary)

    return refuses


def threshold(asked: Asked) -> bool:
    return asked.unknown_terms or asked.signals["relevance"] < THRESHOLD


def refused(asked: list[Asked], decide: Decision) -> dict[str, tuple[int, int]]:
    return {
        kind: (sum(map(decide, of_kind)), len(of_kind))
        for kind in KINDS
        if (of_kind := [a for a in asked if a.kind == kind])
    }


def shown(counts: dict[str, tuple[int, int]]) -> str:
    return ", ".join(f"{kind} {n}/{total}" for kind, (n, total) in counts.items())


def left_out(asked: list[Asked], names: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Each set scored by the decision fitted on the others, summed."""
    total = {kind: (0, 0) for kind in KINDS}
    for group in dict.fromkeys(a.group for a in asked):
        decide = fitted([a for a in asked if a.group != group], names)
        for kind, (n, of) in refused([a for a in asked if a.group == group], decide).items():
            total[kind] = (total[kind][0] + n, total[kind][1] + of)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--signals", type=Path, help="JSON of the measured signals: read if present, else written"
    )
    options = parser.parse_args()
    if options.signals and options.signals.is_file():
        rows = json.loads(options.signals.read_text(encoding="utf-8"))
        asked = [Asked(**row) for row in rows]
    else:
        asked = list(asked_questions())
        if options.signals:
            options.signals.write_text(json.dumps([asdict(a) for a in asked]), encoding="utf-8")

    print(f"refused, each set scored once left out (learned) | threshold {THRESHOLD}:")
    for group in dict.fromkeys(a.group for a in asked):
        decide = fitted([a for a in asked if a.group != group], SIGNALS)
        mine = [a for a in asked if a.group == group]
        print(f"  {group:<26} {shown(refused(mine, decide))} | {shown(refused(mine, threshold))}")
    print(f"\nthreshold {THRESHOLD} on every set: {shown(refused(asked, threshold))}")
    print("learned, leaving each set out, by signals used:")
    for size in range(1, len(SIGNALS) + 1):
        for names in itertools.combinations(SIGNALS, size):
            print(f"  {' + '.join(names):<62} {shown(left_out(asked, names))}")
    print(f"learned on every set, scored on them: {shown(refused(asked, fitted(asked, SIGNALS)))}")


if __name__ == "__main__":
    main()
