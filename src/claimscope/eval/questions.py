"""The QA eval's data set: question files read, validated, their answering quotes located.

A data set is a folder of NAME.txt articles, their NAME.qa.jsonl questions and any other
*.qa.jsonl (questions the articles do not answer); the questions may live in a folder of
their own, about the articles of another.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from claimscope.errors import EvalError
from claimscope.eval.gold import QUESTIONS_SUFFIX
from claimscope.models import HedgingLevel


class OtherAnswer(BaseModel):
    """A span of another article of the same folder that answers the question too (many
    outlets tell one story)."""

    article: str = Field(description="the NAME of that article (NAME.txt in the data folder)")
    quote: str


class QAQuestion(BaseModel):
    """One line of a question file."""

    id: str
    question: str
    answer_quotes: list[str]
    hedging: HedgingLevel | None
    lang: str
    other_answers: list[OtherAnswer] = Field(default_factory=list)


class QuestionSpan(BaseModel):
    """An answering quote located in its article."""

    article: str
    start: int
    end: int


class LocatedQuestion(BaseModel):
    question: QAQuestion
    article: str | None = Field(description="the NAME of the article that answers it, if any")
    spans: list[QuestionSpan] = Field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return bool(self.spans)


class QADataset(BaseModel):
    folder: str
    articles: list[str] = Field(description="paths of the NAME.txt files")
    questions: list[LocatedQuestion]


def load_dataset(folder: Path, questions_folder: Path | None = None) -> QADataset:
    """The articles of `folder` and every question of `questions_folder` (by default
    `folder` itself), its answering quotes located in the article of the same NAME in
    `folder`: a held-out question set can live apart from the articles it asks about."""
    asked = questions_folder or folder
    for needed in dict.fromkeys((folder, asked)):
        if not needed.is_dir():
            raise EvalError(f"{needed}: no such data folder")
    files = sorted(asked.glob(f"*{QUESTIONS_SUFFIX}"))
    if not files:
        raise EvalError(f"{asked}: holds no *{QUESTIONS_SUFFIX} question files")
    questions = [q for path in files for q in _questions(path, folder)]
    seen: set[str] = set()
    for located in questions:
        if located.question.id in seen:
            raise EvalError(f"{asked}: question id {located.question.id!r} is used twice")
        seen.add(located.question.id)
    articles = sorted(str(p) for p in folder.glob("*.txt"))
    label = str(folder) if asked == folder else f"{asked} (articles of {folder})"
    return QADataset(folder=label, articles=articles, questions=questions)


def _questions(path: Path, articles: Path) -> list[LocatedQuestion]:
    name = path.name.removesuffix(QUESTIONS_SUFFIX)
    texts = _ArticleTexts(articles)
    located = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            question = QAQuestion.model_validate_json(line)
        except ValidationError as error:
            raise EvalError(f"{path}:{number}: {error.errors()[0]['msg']}") from None
        where = f"{path}:{number}"
        answers = [(name, quote) for quote in question.answer_quotes]
        answers += [(other.article, other.quote) for other in question.other_answers]
        spans = [texts.span(where, article, quote) for article, quote in answers]
        located.append(
            LocatedQuestion(question=question, article=name if spans else None, spans=spans)
        )
    return located


class _ArticleTexts:
    """The articles of a data folder, read once each, to locate answering quotes in."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._texts: dict[str, str | None] = {}

    def text(self, name: str) -> str | None:
        if name not in self._texts:
            path = self._folder / f"{name}.txt"
            self._texts[name] = path.read_text(encoding="utf-8") if path.is_file() else None
        return self._texts[name]

    def span(self, where: str, article: str, quote: str) -> QuestionSpan:
        text = self.text(article)
        if text is None:
            raise EvalError(
                f"{where}: has answer quotes but there is no article {self._folder / article}.txt"
            )
        start = text.find(quote)
        if start < 0:
            raise EvalError(f"{where}: answer quote {quote[:60]!r} is not in article {article}")
        return QuestionSpan(article=article, start=start, end=start + len(quote))
