"""The claims of an extraction run as the terminal shows them: a table that fits the
terminal's width, then one line of what the run did and cost."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from claimscope.cli.output import console, print_notices
from claimscope.models import Claim, ExtractionReport
from claimscope.presentation import LEVEL_LOOKS
from claimscope.terminal import literal

# Shares of the terminal's width that the text columns of the claim table get.
# (The source column, a short name, takes the width it needs.)
CLAIM_COLUMN_RATIOS = {"claim": 3, "cue": 2, "quote": 4}


def restates_quote(claim: Claim) -> bool:
    """The claim's text is its quote (up to case, spacing and end punctuation)."""

    def plain(text: str) -> str:
        return " ".join(text.split()).strip(" .;:,").casefold()

    return plain(claim.text) == plain(claim.quote)


def show_report(report: ExtractionReport) -> None:
    """The claims in a table that fits the terminal: the level and id never wrap, and the
    claim column is left out when every claim is its quote word for word."""
    with_claim = not all(restates_quote(claim) for claim in report.claims)
    table = Table(
        title=f"{len(report.claims)} claims in {report.document_id} (engine: {report.engine})",
        show_lines=True,
        expand=True,
    )
    table.add_column("#", no_wrap=True)
    if with_claim:
        table.add_column("claim", ratio=CLAIM_COLUMN_RATIOS["claim"], overflow="fold")
    table.add_column("level", no_wrap=True)
    table.add_column("cue", ratio=CLAIM_COLUMN_RATIOS["cue"], overflow="fold")
    table.add_column("source", overflow="fold")
    table.add_column("quote", ratio=CLAIM_COLUMN_RATIOS["quote"], overflow="fold")
    for claim in report.claims:
        quote = f"“{claim.quote}” [{claim.start}:{claim.end}]"
        flags = "".join(f"\n⚑ {flag}" for flag in claim.flags)
        cells: list[str | Text] = [
            claim.id,
            literal("= quote" if restates_quote(claim) else claim.text),
            literal(claim.hedging.value, LEVEL_LOOKS[claim.hedging].terminal_style),
            literal("; ".join(claim.cues)),
            literal(claim.source or ""),
            literal(quote + flags),
        ]
        table.add_row(*(cells if with_claim else cells[:1] + cells[2:]))
    console.print(table)
    console.print(summary_line(report))
    print_notices(report.notices)


def summary_line(report: ExtractionReport) -> str:
    parts = [f"engine {report.engine}", f"{len(report.claims)} claims"]
    if report.ungrounded:
        parts.append(f"{len(report.ungrounded)} ungrounded quotes dropped")
    if report.failed_chunks:
        parts.append(f"{len(report.failed_chunks)} chunks failed")
    if report.calls:
        parts.append(
            f"{report.calls} LLM calls, {report.prompt_tokens}+{report.completion_tokens} tokens"
        )
    if report.model:
        parts.append(f"model {report.model}, prompt {report.prompt_version}")
    parts.append(f"{report.seconds:.2f}s")
    return " · ".join(parts)
