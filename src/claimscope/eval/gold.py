"""Read a data set (NAME.txt article + NAME.jsonl gold claims) and validate it.

Every problem is collected with its file and line, so a labeller sees all of them at once.
Gold quotes are verbatim by definition: they are located by exact match, first occurrence.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from claimscope.errors import EvalError, InputError
from claimscope.ingest import load_document, read_input
from claimscope.models import Claim, Document, GoldClaim, HedgingLevel
from claimscope.settings import Settings

GOLD_KEYS = frozenset(GoldClaim.model_fields)
ARTICLE_SUFFIX = ".txt"
CLAIMS_SUFFIX = ".jsonl"
# Question sets for the QA eval live beside the gold claims; they are not claims files.
QUESTIONS_SUFFIX = ".qa.jsonl"


class GoldProblem(BaseModel):
    path: str
    line: int | None = None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class GoldArticle(BaseModel):
    """One labelled article; its gold claims carry the offsets of their quotes."""

    name: str
    document: Document
    claims: list[Claim]


class GoldCheck(BaseModel):
    files: int
    claims: int
    problems: list[GoldProblem]


class LineError(ValueError):
    """One line of a claims file cannot be used; the message says why."""


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of the first verbatim occurrence of a non-empty quote."""
    start = text.find(quote) if quote else -1
    return None if start < 0 else (start, start + len(quote))


def parse_claim_line(line: str, required: frozenset[str] = GOLD_KEYS) -> dict[str, object]:
    """A JSON object with every required key, or LineError."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(value, dict):
        raise LineError(f"expected a JSON object, found {type(value).__name__}")
    missing = sorted(required - value.keys())
    if missing:
        raise LineError(f"missing key {', '.join(repr(key) for key in missing)}")
    return value


def gold_claim(value: dict[str, object]) -> GoldClaim:
    """Strict validation: wrong types and unknown keys or levels are errors, not coerced."""
    try:
        return GoldClaim.model_validate_json(json.dumps(value), strict=True)
    except ValidationError as error:
        raise LineError(validation_message(error)) from error


def validation_message(error: ValidationError) -> str:
    return "; ".join(_describe(details) for details in error.errors())


def _describe(error: ErrorDetails) -> str:
    field = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unexpected key '{field}'"
    if error["type"] == "enum":
        levels = ", ".join(level.value for level in HedgingLevel)
        return f"unknown hedging level {error['input']!r} (use one of {levels})"
    return f"'{field}': {error['msg']}"


def grounded_gold(claim: GoldClaim, document: Document) -> Claim:
    """The gold claim with its quote's offsets; LineError when a quote or cue is not verbatim."""
    span = locate(document.text, claim.quote)
    faults = [] if span else [f"quote is not in the article verbatim: {claim.quote!r}"]
    faults += [
        f"cue is not in the article verbatim: {cue!r}"
        for cue in claim.cues
        if locate(document.text, cue) is None
    ]
    if span is None or faults:
        raise LineError("; ".join(faults))
    return Claim(
        **claim.model_dump(), start=span[0], end=span[1], engine="gold", document_id=document.id
    )


def read_article(path: Path, settings: Settings) -> Document:
    """The article as a Document, read exactly as `claimscope ingest` reads it, not stored."""
    try:
        return load_document(read_input(str(path), settings.max_file_bytes))
    except InputError as error:
        raise EvalError(str(error)) from error


def numbered_lines(path: Path) -> list[tuple[int, str]]:
    """The non-blank lines of a JSON Lines file with their 1-based numbers."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvalError(f"{path}: cannot be read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise EvalError(f"{path}: is not UTF-8 text (byte {error.start})") from error
    return [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]


def _earlier_line(claim_id: object, line: int, first_line_of: dict[str, int]) -> int | None:
    """The line where this id was first seen, None if it is new (then it is remembered)."""
    if not isinstance(claim_id, str):
        return None
    earlier = first_line_of.get(claim_id)
    first_line_of.setdefault(claim_id, line)
    return earlier


def read_gold_claims(path: Path, document: Document) -> tuple[list[Claim], list[GoldProblem]]:
    """Every valid claim of a gold file, and a problem for every bad line."""
    claims: list[Claim] = []
    problems: list[GoldProblem] = []
    first_line_of: dict[str, int] = {}
    for number, line in numbered_lines(path):
        try:
            value = parse_claim_line(line)
            earlier = _earlier_line(value.get("id"), number, first_line_of)
            if earlier is not None:
                message = f"duplicate id {value['id']!r} (first on line {earlier})"
                problems.append(GoldProblem(path=str(path), line=number, message=message))
            claims.append(grounded_gold(gold_claim(value), document))
        except LineError as error:
            problems.append(GoldProblem(path=str(path), line=number, message=str(error)))
    return claims, problems


def claims_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.glob(f"*{CLAIMS_SUFFIX}")
        if not path.name.endswith(QUESTIONS_SUFFIX)
    )


def _file_problem(path: Path, error: EvalError) -> GoldProblem:
    """A problem with a whole file; the error's message names the file already."""
    return GoldProblem(path=str(path), message=str(error).removeprefix(f"{path}: "))


def _scan(folder: Path, settings: Settings) -> tuple[list[GoldArticle], list[GoldProblem]]:
    if not folder.is_dir():
        raise EvalError(f"{folder}: no such data folder")
    articles: list[GoldArticle] = []
    problems: list[GoldProblem] = []
    for claims_path in claims_files(folder):
        article_path = claims_path.with_suffix(ARTICLE_SUFFIX)
        if not article_path.is_file():
            problems.append(
                GoldProblem(
                    path=str(claims_path), message=f"no article {article_path.name} next to it"
                )
            )
            continue
        try:
            document = read_article(article_path, settings)
        except EvalError as error:
            problems.append(_file_problem(article_path, error))
            continue
        try:
            claims, file_problems = read_gold_claims(claims_path, document)
        except EvalError as error:
            problems.append(_file_problem(claims_path, error))
            continue
        problems.extend(file_problems)
        articles.append(GoldArticle(name=claims_path.stem, document=document, claims=claims))
    return articles, problems


def check_gold(folder: Path, settings: Settings) -> GoldCheck:
    """Validate a data set without stopping at the first problem."""
    articles, problems = _scan(folder, settings)
    return GoldCheck(
        files=len(articles),
        claims=sum(len(article.claims) for article in articles),
        problems=problems,
    )


def load_gold(folder: Path, settings: Settings) -> list[GoldArticle]:
    """The labelled articles of a data set; EvalError when any gold is invalid or none exists."""
    articles, problems = _scan(folder, settings)
    if problems:
        raise EvalError(
            f"{len(problems)} problems in the gold of {folder}, first: {problems[0]} "
            f"(list them all with 'claimscope eval --check-gold {folder}')"
        )
    if not articles:
        raise EvalError(f"{folder}: no labelled articles (NAME.txt with NAME{CLAIMS_SUFFIX})")
    return articles
