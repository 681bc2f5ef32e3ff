"""The `claimscope` command: a thin layer over the library API.

Only this module turns ClaimscopeError into a one-line message and an exit code.
"""

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
from rich.table import Table

from claimscope.errors import ClaimscopeError
from claimscope.ingest import ingest as ingest_paths
from claimscope.settings import Settings, load_settings
from claimscope.store import Store

app = typer.Typer(
    help="Find the checkable claims in news articles, how firmly each is stated, and the quote that proves it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
error_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@app.callback()
def main(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Where the store lives (CLAIMSCOPE_DATA_DIR).")
    ] = None,
) -> None:
    ctx.obj = {"data_dir": data_dir}


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn claimscope's errors into one line on stderr and the error's exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ClaimscopeError as error:
            error_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper


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
def progress_bar(description: str, total: int | None, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """A rich progress bar on stderr; yields a callback to advance it with a label."""
    if not enabled:
        yield lambda _label: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn())
    with Progress(*columns, console=error_console, transient=True) as progress:
        task = progress.add_task(description, total=total)

        def advance(label: str) -> None:
            progress.update(task, advance=1, description=f"{description} {label}")

        yield advance


@app.command()
@reports_errors
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .md, .html), folders of them, or - for stdin.")],
    as_json: JsonOption = False,
) -> None:
    """Store articles: normalise, chunk, embed."""
    settings = settings_from(ctx)
    with progress_bar("ingesting", total=None, enabled=not as_json) as advance:
        results = ingest_paths(paths, settings=settings, progress=advance)
    if as_json:
        print_json(results)
        return
    table = Table(title="Stored")
    for column in ("status", "id", "title", "lang", "chunks", "chars", "source"):
        table.add_column(column)
    for result in results:
        info = result.document
        table.add_row(result.status, info.id, info.title[:60], info.language, str(info.chunks), str(info.characters), info.source_path)
    console.print(table)


@app.command()
@reports_errors
def docs(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the stored documents."""
    documents = Store.open(settings_from(ctx)).list_documents()
    if as_json:
        print_json(documents)
        return
    if not documents:
        console.print("The store is empty: add articles with 'claimscope ingest PATH'.")
        return
    table = Table(title=f"{len(documents)} stored documents")
    for column in ("id", "title", "lang", "chunks", "chars", "source"):
        table.add_column(column)
    for info in documents:
        table.add_row(info.id, info.title[:60], info.language, str(info.chunks), str(info.characters), info.source_path)
    console.print(table)


@app.command()
@reports_errors
def forget(
    ctx: typer.Context,
    document_id: Annotated[str, typer.Argument(help="A document id (or an unambiguous prefix).")],
    as_json: JsonOption = False,
) -> None:
    """Remove a document, its chunks and its claims from the store."""
    info = Store.open(settings_from(ctx)).forget(document_id)
    if as_json:
        print_json(info)
    else:
        console.print(f"forgot {info.id} ({info.title})")


@app.command()
@reports_errors
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    limit: Annotated[int, typer.Option("--limit", "-k", min=1, max=100)] = 5,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only within these documents.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The chunks closest to a query, with scores and offsets."""
    store = Store.open(settings_from(ctx))
    document_ids = [store.resolve(d) for d in doc] if doc else None
    hits = store.search(query, limit=limit, document_ids=document_ids)
    if as_json:
        print_json(hits)
        return
    table = Table(title=f"top {len(hits)} chunks")
    for column in ("score", "document", "offsets", "text"):
        table.add_column(column)
    for hit in hits:
        chunk = hit.chunk
        table.add_row(f"{hit.score:.3f}", chunk.document_id, f"{chunk.start}-{chunk.end}", chunk.text[:160])
    console.print(table)
