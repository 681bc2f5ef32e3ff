"""Where the benchmarks find their texts: the development corpus, read from ../shared at
run time (never copied into the project), the demo article, and the retrieval questions."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_ARTICLES = ROOT.parent / "shared" / "corpus" / "articles"
DEMO_ARTICLE = ROOT / "examples" / "microsoft-openai-stargate.it.txt"
QUESTIONS = ROOT / "bench" / "retrieval_questions.jsonl"


@dataclass(frozen=True)
class Question:
    """A reader's question, the article it is about, and a substring of the answer sentence."""

    question: str
    answer: str
    article: str
    language: str


def corpus_present() -> bool:
    """Whether the development corpus is there; says so on stderr when it is not."""
    if SHARED_ARTICLES.is_dir():
        return True
    print(f"skipped: the development corpus is not at {SHARED_ARTICLES}", file=sys.stderr)
    return False


def articles() -> list[Path]:
    """The corpus articles, then the demo article."""
    return [*sorted(SHARED_ARTICLES.glob("*.txt")), DEMO_ARTICLE]


def questions() -> list[Question]:
    return [
        Question(**json.loads(line))
        for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
