"""Article text that tries to act on the terminal: rich markup, ESC sequences, bidi overrides.
Every command shows it literally and keeps working for the whole store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimscope.cli import app
from claimscope.terminal import printable, shortened

OSC8_LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = (
    "Contoso headline [/b] [bold red]alarm[/]\n\n"
    f"La società Contoso ha detto martedì che taglierà 400 posti di lavoro {OSC8_LINK}.\n\n"
    "Il titolo \x1b[31mè crollato\x1b[0m del 12% secondo l'azienda \u202etxt.exe\u202c.\n"
)
UNSAFE = ("\x1b", "\u202e", "\u202c")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def hostile_id(tmp_path: Path) -> str:
    path = tmp_path / "contoso.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    result = run("ingest", str(path))
    assert result.exit_code == 0, result.output
    assert "[/b]" in result.stdout
    (stored,) = json.loads(run("docs", "--json").stdout)
    return str(stored["id"])


def assert_shown_literally(result: Result, as_json: bool) -> None:
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if as_json:  # data for programs: JSON escapes ESC, the text is otherwise the article's
        assert "\x1b" not in result.stdout and json.loads(result.stdout)
        return
    for character in UNSAFE:
        assert character not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("docs",),
        ("search", "quanti posti taglia Contoso"),
        ("extract", "--engine", "rules", "--doc", "{id}"),
        ("summary",),
        ("summary", "--format", "json"),
        ("ask", "--engine", "rules", "quanti posti taglierà Contoso?"),
    ],
)
def test_markup_and_control_characters_in_an_article_are_shown_literally(
    hostile_id: str, args: tuple[str, ...]
) -> None:
    result = run(*(arg.format(id=hostile_id) for arg in args))
    assert_shown_literally(result, as_json="json" in args)
    if args[0] == "docs":
        assert "[/b]" in result.stdout
    if args[0] == "search":
        assert "\ufffd]8;;http://evil.example/" in result.stdout


def test_printable_replaces_every_control_character_but_newline_and_tab() -> None:
    assert printable("a\x1b[31mb\tc\nd\u202ee\x9bf") == "a\ufffd[31mb\tc\nd\ufffde\ufffdf"


def test_shortened_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shortened("Microsoft compra una quota di OpenAI", 20) == "Microsoft compra…"
    assert shortened("breve", 20) == "breve"
