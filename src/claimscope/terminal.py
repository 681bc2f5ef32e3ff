"""Text from articles and users as a terminal shows it: literally, never as rich markup
and never as control sequences.

An article can hold `[/b]` (rich markup that crashes the renderer), ESC sequences (colours,
OSC 8 hyperlinks that point elsewhere than they read) or bidi overrides (U+202E shows
"txt.exe" as "exe.txt"); none of them may reach the terminal as such.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls except tab and newline, DEL, and the bidi controls that reorder text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"
ELLIPSIS = "…"


def printable(text: str) -> str:
    """`text` with every control character replaced by U+FFFD, visible and inert."""
    return _UNSAFE.sub(REPLACEMENT, text)


def literal(text: str, style: str = "") -> Text:
    """`text` as a rich Text: never parsed as markup, control characters made inert."""
    return Text(printable(text), style=style)


def labelled(label: str, style: str, message: str) -> Text:
    """`label` in `style`, then `message` literally: "error: …", "notice: …"."""
    return Text.assemble((label, style), " ", printable(message))


def shortened(text: str, width: int) -> str:
    """At most `width` characters, cut at a word boundary with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + ELLIPSIS
