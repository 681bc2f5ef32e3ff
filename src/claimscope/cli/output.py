"""What every command shares: the consoles, one-line errors with their exit codes, the
settings, JSON on stdout, progress on stderr, and the options several commands take."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from claimscope.errors import ClaimscopeError
from claimscope.settings import EngineChoice, Settings, load_settings
from claimscope.terminal import labelled, printable

# Markup off: article text reaches these consoles, and styles come as rich Text objects.
console = Console(markup=False)
error_console = Console(stderr=True, markup=False)

P = ParamSpec("P")
R = TypeVar("R")

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
EngineOption = Annotated[
    EngineChoice | None,
    typer.Option("--engine", help="llm, offline, rules or auto (default: CLAIMSCOPE_ENGINE)."),
]
JsonFileOption = Annotated[
    Path | None, typer.Option("--json", help="Write the full result as JSON to this file.")
]
ReportOption = Annotated[
    Path | None, typer.Option("--report", help="Write a self-contained HTML report.")
]
DocOption = Annotated[
    list[str] | None, typer.Option("--doc", help="Only within these documents (id or prefix).")
]


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn claimscope's errors into one line on stderr and the error's exit code.

    Only the CLI turns ClaimscopeError into a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ClaimscopeError as error:
            print_error(error)
            raise typer.Exit(error.exit_code) from None

    return wrapper


def print_error(error: ClaimscopeError | str) -> None:
    error_console.print(labelled("error:", "bold red", str(error)), highlight=False, soft_wrap=True)


def print_notices(notices: list[str]) -> None:
    for notice in notices:
        error_console.print(labelled("notice:", "yellow", notice), highlight=False)


def settings_from(ctx: typer.Context, **overrides: Any) -> Settings:
    data_dir = (ctx.obj or {}).get("data_dir")
    return load_settings(data_dir=data_dir, **overrides)


def print_json(value: Any) -> None:
    """JSON on stdout, for pipes: pydantic models and lists of them are dumped as JSON."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


@contextmanager
def progress_bar(
    description: str, total: int | None, enabled: bool = True
) -> Iterator[Callable[[str], None]]:
    """A rich progress bar on stderr, on a terminal only (piped or captured, a transient
    bar leaves a stray blank line before an error); yields a callback to advance it."""
    if not enabled or not error_console.is_terminal:
        yield lambda _label: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=error_console, transient=True) as progress:
        task = progress.add_task(description, total=total)

        def advance(label: str) -> None:
            progress.update(task, advance=1, description=f"{description} {printable(label)}")

        yield advance
