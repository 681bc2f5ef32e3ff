"""What the CLI's tables look like at 80 columns (the width of a captured terminal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimscope.cli import app
from claimscope.cli.claims_view import restates_quote
from claimscope.cli.output import console
from claimscope.models import Claim, HedgingLevel
from conftest import DEMO_ARTICLE

LONG_TITLE = (
    "Microsoft e OpenAI rinegoziano la partnership: diritto di prelazione sul cloud e via "
    "libera a Stargate con Oracle e SoftBank"
)


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def column_widths(table: str) -> dict[str, int]:
    header = next(line for line in table.splitlines() if line.startswith("┃"))
    cells = header.strip("┃").split("┃")
    return {cell.strip(): len(cell) for cell in cells}


def test_the_claim_table_fits_80_columns_without_a_duplicate_column() -> None:
    shown = run("extract", "--engine", "rules", str(DEMO_ARTICLE)).stdout
    assert max(len(line) for line in shown.splitlines()) <= 80
    widths = column_widths(shown)
    assert "claim" not in widths  # the rules engine's claims are their quotes
    assert widths["quote"] >= 28 and widths["level"] >= len(" conditional ")
    assert "Micros\n" not in shown and "│ oft " not in shown


def test_a_claim_that_restates_its_quote_is_told_apart() -> None:
    def made(text: str) -> Claim:
        quote = "aver firmato un nuovo accordo."
        return Claim(
            id="c1", text=text, quote=quote, start=0, end=len(quote), hedging=HedgingLevel.ASSERTED
        )

    assert restates_quote(made("Aver firmato un nuovo accordo"))
    assert not restates_quote(made("Microsoft ha firmato un nuovo accordo con OpenAI"))


def test_long_titles_are_cut_at_a_word_with_an_ellipsis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "width", 240)  # wide enough that nothing wraps
    path = tmp_path / "long.txt"
    body = "Microsoft ha firmato un accordo con OpenAI che le conferisce il diritto di prelazione."
    path.write_text(f"{LONG_TITLE}\n\n{body}\n", encoding="utf-8")
    run("ingest", str(path))
    assert "│ Microsoft e OpenAI rinegoziano la partnership: diritto di… " in run("docs").stdout
    searched = run("search", "accordo").stdout
    assert "│ Microsoft ha firmato un accordo… " in searched
