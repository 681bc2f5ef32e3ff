"""The commands that read the stored articles back: ask, chat and summary."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from claimscope.cli.articles import open_store
from claimscope.cli.output import (
    DocOption,
    JsonOption,
    console,
    error_console,
    print_error,
    print_json,
    print_notices,
    reports_errors,
    settings_from,
)
from claimscope.errors import InputError
from claimscope.models import Answer
from claimscope.presentation import LEVEL_LOOKS
from claimscope.settings import EngineChoice
from claimscope.terminal import labelled, literal, printable, shortened

commands = typer.Typer()

AnswerEngineOption = Annotated[
    EngineChoice | None,
    typer.Option(
        "--engine", help="llm, or offline/rules (extractive), or auto (LLM when configured)."
    ),
]
CHAT_EXITS = frozenset({"exit", "quit", ":q"})


@commands.command()
@reports_errors
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="A question about the stored articles.")],
    doc: DocOption = None,
    engine: AnswerEngineOption = None,
    as_json: JsonOption = False,
) -> None:
    """Answer from the stored articles, citing quotes that keep the articles' hedges."""
    from claimscope.service import answers

    answer = answers.ask(settings_from(ctx), question, doc or [], engine)
    if as_json:
        print_json(answer)
    else:
        show_answer(answer)


@commands.command()
@reports_errors
def chat(ctx: typer.Context, doc: DocOption = None, engine: AnswerEngineOption = None) -> None:
    """Ask questions one after another; follow-ups see the earlier turns ('exit' ends)."""
    from rich.prompt import Prompt

    from claimscope.service.answers import Conversation

    conversation = Conversation(settings_from(ctx), doc or [], engine)
    console.print("Ask about the stored articles; 'exit' or Ctrl-D ends.", style="dim")
    while True:
        try:
            question = Prompt.ask(Text("?", style="bold"), console=console)
        except (EOFError, KeyboardInterrupt):
            break
        if question.strip().casefold() in CHAT_EXITS:
            break
        if not question.strip():
            continue
        try:
            answer = conversation.ask(question)
        except InputError as error:  # a bad question ends the turn, not the session
            print_error(error)
            continue
        show_answer(answer)


def show_answer(answer: Answer) -> None:
    console.print(literal(answer.text), highlight=False)
    if answer.citations:
        table = Table(show_lines=True)
        for column in ("#", "quote", "level", "source", "document"):
            table.add_column(column, overflow="fold")
        for citation in answer.citations:
            level = citation.hedging.value if citation.hedging else "not assessed"
            style = LEVEL_LOOKS[citation.hedging].terminal_style if citation.hedging else "dim"
            table.add_row(
                str(citation.number),
                literal(f"“{citation.quote}” [{citation.start}:{citation.end}]"),
                literal(level, style),
                literal(citation.source or ""),
                literal(f"{shortened(citation.title, 50)}\n{citation.document_id}"),
            )
        console.print(table)
    for removed in answer.removed_citations:
        error_console.print(labelled("removed:", "yellow", removed), highlight=False)
    print_notices(answer.notices)


class SummaryFormat(StrEnum):
    MD = "md"
    HTML = "html"
    JSON = "json"


@commands.command()
@reports_errors
def summary(
    ctx: typer.Context,
    doc: DocOption = None,
    output_format: Annotated[
        SummaryFormat, typer.Option("--format", help="md, html (one self-contained file) or json.")
    ] = SummaryFormat.MD,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    engine: AnswerEngineOption = None,
) -> None:
    """Claims by level and source, per article and across articles, with an overview."""
    from claimscope.service import reports
    from claimscope.summary import render_html, render_markdown

    settings = settings_from(ctx)
    result = reports.summary(open_store(settings), settings, doc or [], engine)
    if output_format is SummaryFormat.JSON:
        text = result.model_dump_json(indent=2)
    else:
        text = (render_html if output_format is SummaryFormat.HTML else render_markdown)(result)
    print_notices(result.notices)
    if out is None:
        # Claims quote articles, which may hold control sequences: inert on a terminal.
        typer.echo(printable(text))
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"{out}: cannot write ({error.strerror})") from error
    typer.echo(str(out.resolve()))
