"""Read saved predictions: a folder of NAME.jsonl files named like the articles, one claim a line.

Two line formats are accepted: a claimscope Claim as `claimscope extract --out` writes it
(offsets given, and trusted only as far as grounding says), or a gold-format line without
offsets, whose quote is then located in the article (first verbatim occurrence). A quote
that is not in the article keeps empty offsets at 0: it can match only by its text and it
counts as ungrounded.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from claimscope.errors import EvalError
from claimscope.eval.gold import (
    CLAIMS_SUFFIX,
    GOLD_KEYS,
    LineError,
    gold_claim,
    locate,
    numbered_lines,
    parse_claim_line,
    validation_message,
)
from claimscope.models import Claim, Document

OFFSET_KEYS = frozenset({"start", "end"})


def claim_from_line(line: str, document: Document) -> Claim:
    value = parse_claim_line(line, required=GOLD_KEYS - {"cues", "source"})
    if value.keys() >= OFFSET_KEYS:
        try:
            return Claim.model_validate(value)
        except ValidationError as error:
            raise LineError(validation_message(error)) from error
    claim = gold_claim({"cues": [], "source": None, **value})
    start, end = locate(document.text, claim.quote) or (0, 0)
    return Claim(**claim.model_dump(), start=start, end=end, document_id=document.id)


def read_predictions(folder: Path, name: str, document: Document) -> list[Claim]:
    """The predicted claims for one article; none when the folder has no NAME.jsonl."""
    path = folder / f"{name}{CLAIMS_SUFFIX}"
    if not path.is_file():
        return []
    claims = []
    for number, line in numbered_lines(path):
        try:
            claims.append(claim_from_line(line, document))
        except LineError as error:
            raise EvalError(f"{path}:{number}: {error}") from error
    return claims
