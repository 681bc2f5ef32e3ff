"""How long a summary of 100 stored articles takes (grouping, cross-article matching,
templated overview, rendering).

Stores the articles of a data set (eval/gold by default) again and again, each copy with
a numbered first line so that its document id differs, until there are --articles of
them, with their claims by the rules engine; then times `summarize` and each rendering,
--rounds times, and prints the median. Building the store is timed apart.

    .venv/bin/python bench/summary_speed.py
    .venv/bin/python bench/summary_speed.py --articles 20
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

from claimscope.eval.harness import default_data_dir
from claimscope.extract import extract_document, get_extractor
from claimscope.ingest import chunk_document, load_document, read_input
from claimscope.settings import EngineChoice, Settings
from claimscope.store import Store
from claimscope.summary import Summary, render_html, render_markdown, summarize


def fill(store: Store, settings: Settings, articles: list[Path], count: int) -> int:
    """Store `count` numbered copies of the articles with their claims; the claim count."""
    extractor = get_extractor(settings, EngineChoice.RULES)
    claims = 0
    for number, path in enumerate(islice(cycle(articles), count), start=1):
        document = load_document(read_input(str(path), settings.max_file_bytes))
        text = f"Copia {number}\n\n{document.text}"
        copy = document.model_copy(
            update={
                "id": f"{document.id[:10]}{number:06d}",
                "text": text,
                "source_path": f"{path}#{number}",
            }
        )
        store.add_document(copy, chunk_document(copy, settings))
        report = extract_document(copy, settings, extractor=extractor)
        store.replace_claims(copy.id, report.claims)
        claims += len(report.claims)
    return claims


def median_seconds(action: Callable[[], object], rounds: int) -> float:
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    articles = sorted(options.data.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="claimscope-bench-summary-") as folder:
        settings = Settings(data_dir=Path(folder))
        store = Store.open(settings)
        started = time.perf_counter()
        claims = fill(store, settings, articles, options.articles)
        print(
            f"store: {options.articles} articles, {claims} claims "
            f"({time.perf_counter() - started:.1f}s to build)"
        )
        print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores")
        result: list[Summary] = []
        build = median_seconds(lambda: result.append(summarize(store, settings)), options.rounds)
        summary = result[-1]
        print(f"summarize: {build:.2f}s ({len(summary.shared)} claims shared across articles)")
        print(f"markdown:  {median_seconds(lambda: render_markdown(summary), options.rounds):.2f}s")
        print(f"html:      {median_seconds(lambda: render_html(summary), options.rounds):.2f}s")


if __name__ == "__main__":
    main()
