"""Speed of `claimscope extract` on a 2,000-character article: engine "offline" against "rules".

Usage: .venv/bin/python bench/offline_speed.py [--repeat N] [ARTICLE]
Default article: the demo article cut at its last paragraph end before 2,000 characters
(1,951 characters, Italian). For each engine the extractor is built as `claimscope extract`
builds it (`get_extractor`), then the article is extracted once more to load whatever loads
lazily (the e5 model of the judgment stage), and only then N extractions are timed
(`extract_document`, the call the command makes). Ingest and the store are not counted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimscope.extract import Extractor, extract_document, get_extractor
from claimscope.ingest import RawInput, load_document
from claimscope.models import Document
from claimscope.settings import EngineChoice, Settings

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "microsoft-openai-stargate.it.txt"
TARGET_CHARS = 2000
ENGINES = (EngineChoice.OFFLINE, EngineChoice.RULES)


def cut_at_paragraph(text: str, limit: int) -> str:
    """`text` up to its last paragraph end within `limit` characters (all of it if shorter)."""
    if len(text) <= limit:
        return text
    end = text.rfind("\n\n", 0, limit + 1)
    return text[:end] if end > 0 else text[:limit]


def article(path: Path | None) -> Document:
    source = path or DEMO
    text = source.read_text(encoding="utf-8")
    if path is None:
        text = cut_at_paragraph(text, TARGET_CHARS)
    return load_document(RawInput(str(source), text.encode("utf-8"), "text/plain"))


def seconds(action: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call (CPU shows the process's own cost on shared cores)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(engine: EngineChoice, document: Document, settings: Settings, repeat: int) -> list[str]:
    """The table row of one engine: load, first extraction, then the median of `repeat`."""
    built: list[Extractor] = []
    load, _ = seconds(lambda: built.append(get_extractor(settings, engine)))
    extractor = built[0]
    first, _ = seconds(lambda: extract_document(document, settings, extractor=extractor))
    runs = [
        seconds(lambda: extract_document(document, settings, extractor=extractor))
        for _ in range(repeat)
    ]
    walls = sorted(wall for wall, _ in runs)
    claims = len(extract_document(document, settings, extractor=extractor).claims)
    return [
        engine.value,
        str(claims),
        f"{load:.2f}",
        f"{first:.2f}",
        f"{statistics.median(walls) * 1000:.0f}",
        f"{statistics.median(cpu for _, cpu in runs) * 1000:.0f}",
        f"{walls[0] * 1000:.0f}–{walls[-1] * 1000:.0f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if args.repeat < 1:
        raise SystemExit("--repeat must be at least 1")
    document = article(args.article)
    settings = Settings()
    table = Table(
        title=f"{Path(document.source_path).name}: {len(document.text)} characters, "
        f"{args.repeat} timed extractions per engine"
    )
    columns = ("engine", "claims", "load s", "first s", "median ms", "median CPU ms", "range ms")
    for column in columns:
        table.add_column(column, justify="left" if column == "engine" else "right")
    for engine in ENGINES:
        table.add_row(*measure(engine, document, settings, args.repeat))
    Console().print(table)


if __name__ == "__main__":
    main()
