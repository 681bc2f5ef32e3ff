"""How each hedging level is shown to a reader, in the terminal and on the web page.

(Answers word the levels in the reader's language: the language packs' [phrases].)
"""

from __future__ import annotations

from dataclasses import dataclass

from claimscope.models import HedgingLevel


@dataclass(frozen=True)
class LevelLook:
    tag: str
    """A short visible tag, so that a level is told by text as well as by colour."""
    meaning: str
    """What the level says about the claim, in a few words."""
    terminal_style: str
    """The rich style of the level in the CLI's tables."""


LEVEL_LOOKS = {
    HedgingLevel.UNCONFIRMED: LevelLook(
        "UNC", "the text says it is not confirmed, disputed or denied", "red"
    ),
    HedgingLevel.RUMORED: LevelLook("RUM", "from unnamed sources or hearsay", "dark_orange"),
    HedgingLevel.CONDITIONAL: LevelLook("CND", "holds only under a stated condition", "magenta"),
    HedgingLevel.HEDGED: LevelLook("HDG", "softened: may, likely, is expected to", "yellow"),
    HedgingLevel.ATTRIBUTED: LevelLook("ATT", "credited to a named source", "cyan"),
    HedgingLevel.ASSERTED: LevelLook("ASR", "stated by the article in its own voice", "green"),
}
