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


def timed(extractor: RulesExtractor, document: Document, repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        extractor.extract(document)
    return time.perf_counter() - started


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
    for column in ("article", "lang", "chars", "claims", "ms/article", "articles/s", "chars/s"):
        table.add_column(column, justify="left" if column == "article" else "right")
    total_seconds = total_chars = 0.0
    for document in documents:
        seconds = timed(extractor, document, args.repeat)
        per_article = seconds / args.repeat
        total_seconds += seconds
        total_chars += len(document.text) * args.repeat
        table.add_row(
            Path(document.source_path).name,
            document.language,
            str(len(document.text)),
            str(len(extractor.extract(document).claims)),
            f"{per_article * 1000:.2f}",
            f"{1 / per_article:.0f}",
            f"{len(document.text) / per_article:,.0f}",
        )
    runs = len(documents) * args.repeat
    table.add_row(
        "all",
        "",
        f"{total_chars / args.repeat:.0f}",
        "",
        f"{total_seconds / runs * 1000:.2f}",
        f"{runs / total_seconds:.0f}",
        f"{total_chars / total_seconds:,.0f}",
        style="bold",
    )
    Console().print(table)
    print(f"1000 articles of this size: {total_seconds / runs * 1000:.1f} s")


if __name__ == "__main__":
    main()
