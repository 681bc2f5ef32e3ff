"""Text helpers that every prompt shares: article text fenced, a language named, claims
listed. The prompts themselves are files in prompts/ (`claimscope.llm.prompt_text`)."""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.lexicons import load_pack, supported_languages
from claimscope.models import Claim

FENCES = ("<<<", ">>>")
# Stand-ins for fence markers inside an article, so that it cannot close its own fence.
FENCE_STAND_INS = ("‹‹‹", "›››")


def fenced(text: str) -> str:
    """The text with fence markers replaced, so an article cannot end its own fence."""
    for marker, stand_in in zip(FENCES, FENCE_STAND_INS, strict=True):
        text = text.replace(marker, stand_in)
    return text


def language_name(code: str) -> str:
    """The language's English name, as the prompts name it (its pack's `name`)."""
    return load_pack(code).name if code in supported_languages() else code


def claims_for_prompt(claims: Sequence[Claim]) -> list[dict[str, str]]:
    """Claims as the prompts list them: fenced quote, level, and who says it."""
    return [
        {
            "quote": fenced(c.quote),
            "hedging": c.hedging.value,
            "source": fenced(c.source) if c.source else "the article itself",
        }
        for c in claims
    ]
