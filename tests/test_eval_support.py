"""Helpers for the eval tests (this module holds no tests): claims placed in a small
article by their quote, and data-set folders written to disk."""

from __future__ import annotations

import json
from pathlib import Path

from claimscope.models import Claim, HedgingLevel

ARTICLE = (
    "Alpha bought Beta for ten million euros. "
    "Gamma may sell Delta next year, according to Reuters. "
    "Epsilon denied the report. "
    "If regulators agree, the deal closes in May."
)


def claim_at(
    quote: str,
    level: str = "asserted",
    source: str | None = None,
    text: str | None = None,
    claim_id: str = "c",
    article: str = ARTICLE,
) -> Claim:
    """A claim whose quote stands at its first occurrence in the article."""
    start = article.index(quote)
    return Claim(
        id=claim_id,
        text=text if text is not None else quote,
        quote=quote,
        start=start,
        end=start + len(quote),
        hedging=HedgingLevel(level),
        source=source,
    )


def gold_line(
    claim_id: str, quote: str, level: str = "asserted", **fields: object
) -> dict[str, object]:
    """A gold-format record; `fields` override text, cues or source."""
    record: dict[str, object] = {
        "id": claim_id,
        "text": quote,
        "quote": quote,
        "hedging": level,
        "cues": [],
        "source": None,
    }
    record.update(fields)
    return record


def write_article(folder: Path, name: str, article: str, records: list[dict[str, object]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(article, encoding="utf-8")
    write_claims(folder / f"{name}.jsonl", records)


def write_claims(path: Path, records: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
