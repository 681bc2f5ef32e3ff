"""Claim F1, hedging accuracy and source accuracy by language, from a saved eval result.

    claimscope eval --engine offline --data ../shared/corpus/holdout --json holdout.json
    .venv/bin/python bench/eval_by_language.py holdout.json

Pools the per-article counts of `claimscope eval --json` by each article's language (detected
from its text in the result's data folder, as ingest does). Too few articles make a
per-language macro-F1 meaningless, so it is not given.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from claimscope.text import detect_language


def pooled(result: dict[str, object], data: Path) -> dict[str, dict[str, float]]:
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    articles = result["articles"]
    assert isinstance(articles, dict)
    for name, article in articles.items():
        language = detect_language((data / f"{name}.txt").read_text(encoding="utf-8"))
        row = totals[language]
        matched = article["matched_claims"]
        row["gold"] += article["gold_claims"]
        row["predicted"] += article["predicted_claims"]
        row["matched"] += matched
        confusion = article["confusion"]
        row["right_level"] += sum(confusion[level][level] for level in confusion)
        row["right_source"] += round((article["source_accuracy"] or 0.0) * matched)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("result", type=Path, help="a `claimscope eval --json` file")
    args = parser.parse_args()
    result = json.loads(args.result.read_text(encoding="utf-8"))
    data = Path(result["data"])
    if not data.is_absolute():
        data = Path.cwd() / data
    for language, row in sorted(pooled(result, data).items()):
        precision = row["matched"] / row["predicted"] if row["predicted"] else 0.0
        recall = row["matched"] / row["gold"] if row["gold"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        matched = row["matched"] or 1.0
        print(
            f"{language}: claim F1 {f1:.3f}, hedging accuracy {row['right_level'] / matched:.3f},"
            f" source accuracy {row['right_source'] / matched:.3f}"
            f" ({int(row['matched'])} matched claims)"
        )


if __name__ == "__main__":
    main()
