"""The `claimscope` command: parsing and rendering over the service layer
(`claimscope.service`) and the library, one module a group of commands.

`output` holds what every command shares (consoles, one-line errors and exit codes, JSON,
progress); `articles` ingest, docs, forget, search and extract (`claims_view` draws the
claim table); `questions` ask, chat and summary; `evals` eval and eval-qa; `servers` web
and llm serve. Only this package turns ClaimscopeError into a message and an exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimscope.cli import articles, evals, questions, servers

app = typer.Typer(
    help="Find the checkable claims in news articles, how firmly each is stated, and the quote that proves it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Where the store lives (CLAIMSCOPE_DATA_DIR).")
    ] = None,
) -> None:
    ctx.obj = {"data_dir": data_dir}


for group in (articles, evals, servers, questions):
    app.add_typer(group.commands)
app.add_typer(servers.llm_commands, name="llm")

__all__ = ["app"]
