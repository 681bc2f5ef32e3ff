"""Speed of the rules engine: articles and characters per second over real articles.

Usage: .venv/bin/python bench/rules_speed.py [--repeat N] [FOLDER ...]
Default folders: /work/shared/corpus/articles (when present) and examples/. Every
article is extracted N times (default 200, so the run is long enough to time); the
table shows each article and the total. Lexicons are loaded once before timing, as in
a long-running process.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimscope.extract.cues import load_lexicon
from claimscope.extract.rules import RulesExtractor
from claimscope.ingest import RawInput, load_document
from claimscope.models import Document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDERS = [ROOT.parent / "shared" / "corpus" / "articles", ROOT / "examples"]


def articles(folders: list[Path]) -> list[Document]:
    paths = sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.txt"))
    return [load_document(RawInput(str(p), p.read_bytes(), "text/plain")) for p in paths]


def timed(extractor: RulesExtractor, document: Document, repeat: int) -> tuple[float, float]:
    """Wall and CPU seconds for `repeat` extractions (CPU time shows the engine's own cost
    when other processes share the cores)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        extractor.extract(document)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    documents = articles(args.folders)
    if not documents:
        raise SystemExit(f"no .txt articles in {', '.join(map(str, args.folders))}")
    for language in {d.language for d in documents}:
        load_lexicon(language)
    extractor = RulesExtractor()
    table = Table(title=f"rules engine, each article extracted {args.repeat} times")
    columns = ("article", "lang", "chars", "claims", "ms wall", "ms CPU", "articles/s", "chars/s")
    for column in columns:
        table.add_column(column, justify="left" if column == "article" else "right")
    total_wall = total_cpu = total_chars = 0.0
    for document in documents:
        wall, cpu = timed(extractor, document, args.repeat)
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        total_chars += len(document.text) * args.repeat
        table.add_row(
            Path(document.source_path).name,
            document.language,
            str(len(document.text)),
            str(len(extractor.extract(document).claims)),
            *_rates(wall, cpu, args.repeat, len(document.text) * args.repeat),
        )
    runs = len(documents) * args.repeat
    table.add_row(
        "all",
        "",
        f"{total_chars / args.repeat:.0f}",
        "",
        *_rates(total_wall, total_cpu, runs, total_chars),
        style="bold",
    )
    Console().print(table)
    print(
        f"1000 articles of this size: {total_wall / runs * 1000:.1f} s wall, "
        f"{total_cpu / runs * 1000:.1f} s CPU (one core)"
    )


def _rates(wall: float, cpu: float, runs: int, chars: float) -> tuple[str, str, str, str]:
    """ms per article (wall, CPU), then articles and characters per CPU second."""
    return (
        f"{wall / runs * 1000:.2f}",
        f"{cpu / runs * 1000:.2f}",
        f"{runs / cpu:.0f}",
        f"{chars / cpu:,.0f}",
    )


if __name__ == "__main__":
    main()
