"""The rules engine on one very large article: CPU time, claims and peak memory by size.

The article is the project's own gold articles (eval/gold/*.txt) repeated, each copy's
paragraphs numbered so that no two are the same, up to each size in megabytes. Peak
memory is the process's maximum resident set size, measured in a fresh child process
per size so that one size's peak does not hide the next one's.

    .venv/bin/python bench/large_article.py              # 1, 10 and 50 MB
    .venv/bin/python bench/large_article.py --mb 2 8
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from pathlib import Path

from claimscope.extract.rules import RulesExtractor
from claimscope.models import Document

ROOT = Path(__file__).resolve().parents[1]
MEGABYTE = 1_000_000


def synthetic_article(megabytes: float) -> str:
    """Gold articles repeated to `megabytes` of UTF-8, every paragraph numbered."""
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "eval" / "gold").glob("it-*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    target = int(megabytes * MEGABYTE)
    parts: list[str] = []
    size = 0
    number = 0
    while size < target:
        paragraph = f"{number}. {paragraphs[number % len(paragraphs)]}\n\n"
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8"))
        number += 1
    return "".join(parts)


def run(megabytes: float) -> tuple[int, int, float, float]:
    """Characters, claims, CPU seconds and peak resident megabytes for one size."""
    text = synthetic_article(megabytes)
    document = Document(
        id="large", title="large", source_path="large.txt", language="it", text=text
    )
    started = time.process_time()
    report = RulesExtractor().extract(document, None)
    seconds = time.process_time() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return len(text), len(report.claims), seconds, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 10, 50])
    options = parser.parse_args()
    print(f"{'MB':>5} {'characters':>12} {'claims':>8} {'CPU s':>8} {'peak RSS MB':>12}")
    context = multiprocessing.get_context("spawn")
    for megabytes in options.mb:
        with context.Pool(1) as pool:
            characters, claims, seconds, peak = pool.apply(run, (megabytes,))
        print(f"{megabytes:>5g} {characters:>12,} {claims:>8,} {seconds:>8.1f} {peak:>12.0f}")


if __name__ == "__main__":
    main()
