"""Recall of a saved `claimscope eval-qa --json` result, split by the question's language and
whether some answering article is in that language (the issue's targets are set on Italian
questions over Italian articles; a question whose answers are all in the other language is
the hardest case for the multilingual embeddings).

    .venv/bin/python bench/qa_by_language.py RESULT.json ARTICLES QUESTIONS

An article's language is read from its name's prefix ("it-", "en-"), as the project's
question sets name them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from claimscope.eval.questions import load_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("result", type=Path, help="the --json file of eval-qa")
    parser.add_argument("articles", type=Path, help="the --data folder it was run on")
    parser.add_argument("questions", type=Path, help="the --questions folder it was run on")
    options = parser.parse_args()
    ranks = {
        row["id"]: row["rank"]
        for row in json.loads(options.result.read_text(encoding="utf-8"))["results"]
    }
    dataset = load_dataset(options.articles, options.questions)
    groups: dict[str, list[int | None]] = {}
    for located in dataset.questions:
        if not located.answerable:
            continue
        language = located.question.lang
        own = any(span.article.startswith(f"{language}-") for span in located.spans)
        where = "an answer in its language" if own else "answers only in the other language"
        groups.setdefault(f"{language} question, {where}", []).append(ranks[located.question.id])
    for group, found in sorted(groups.items()):
        at_1 = sum(rank == 1 for rank in found) / len(found)
        at_5 = sum(rank is not None and rank <= 5 for rank in found) / len(found)
        print(f"{group:<55} n {len(found):3}  recall@1 {at_1:.2f}  recall@5 {at_5:.2f}")


if __name__ == "__main__":
    main()
