"""The commands that put articles in the store and show what it holds: ingest, docs,
forget, search and extract (the claim table is `claims_view`'s)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from claimscope.cli.claims_view import show_report
from claimscope.cli.output import (
    EngineOption,
    JsonOption,
    console,
    error_console,
    print_error,
    print_json,
    progress_bar,
    reports_errors,
    settings_from,
)
from claimscope.errors import InputError
from claimscope.models import Claim, DocumentInfo
from claimscope.settings import Settings
from claimscope.terminal import labelled, literal, printable, shortened

if TYPE_CHECKING:
    from claimscope.ingest import IngestReport
    from claimscope.store import Store

commands = typer.Typer()

# Outside a terminal, a long ingest says how far it is at most this often (seconds).
PLAIN_PROGRESS_SECONDS = 10.0

DOCUMENT_COLUMNS = ("id", "title", "lang", "chunks", "chars", "source")
ID_COLUMNS = ("id", "document")


def open_store(settings: Settings) -> Store:
    # Imported here: Chroma takes a quarter of a second to import, which `--help` need not pay.
    from claimscope.store import Store

    return Store.open(settings)


def plain_progress() -> Callable[[str, int, int], None] | None:
    """Where no progress bar shows (stderr is a file or a pipe), a plain line on stderr
    at most every PLAIN_PROGRESS_SECONDS, so a long ingest is seen to move and a short
    one prints nothing."""
    if error_console.is_terminal:
        return None
    started = last = time.monotonic()

    def report(source: str, done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < PLAIN_PROGRESS_SECONDS and done < total:
            return
        if now - started < PLAIN_PROGRESS_SECONDS:
            return
        last = now
        error_console.print(
            literal(f"ingesting {source}: {done}/{total} chunks embedded ({now - started:.0f}s)"),
            highlight=False,
            soft_wrap=True,
        )

    return report


def listing(title: str, columns: tuple[str, ...]) -> Table:
    """A table whose document ids are never cut: they are what `forget` and `--doc` take."""
    table = Table(title=title)
    for column in columns:
        if column in ID_COLUMNS:
            table.add_column(column, no_wrap=True, min_width=16)
        else:
            table.add_column(column)
    return table


def document_cells(info: DocumentInfo) -> tuple[str | Text, ...]:
    return (
        info.id,
        literal(shortened(info.title, 60)),
        info.language,
        str(info.chunks),
        str(info.characters),
        literal(info.source_path),
    )


@commands.command()
@reports_errors
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt, .md, .html), folders of them, web pages (https://...) or - for stdin."
        ),
    ],
    as_json: JsonOption = False,
    no_extract: Annotated[
        bool,
        typer.Option(
            "--no-extract",
            help="Only store; skip the offline engine's claims that give passages their level.",
        ),
    ] = False,
) -> None:
    """Store articles: normalise, chunk, embed, and find their claims with the offline engine
    (run 'claimscope extract --engine llm' for an LLM's). Inputs that cannot be read are
    reported and the others stored (exit code 2 if any failed)."""
    from claimscope.ingest import expand_inputs
    from claimscope.service.articles import ingest_articles

    settings = settings_from(ctx)
    with progress_bar("ingesting", total=len(expand_inputs(paths)), enabled=not as_json) as advance:
        report = ingest_articles(paths, settings, not no_extract, advance, plain_progress())
    show_ingest_report(report, as_json)


def show_ingest_report(report: IngestReport, as_json: bool) -> None:
    """The stored documents on stdout; what was skipped or failed on stderr, one line each."""
    if as_json:
        print_json(report.results)
    elif report.results:
        table = listing("Stored", ("status", *DOCUMENT_COLUMNS))
        for result in report.results:
            table.add_row(result.status, *document_cells(result.document))
        console.print(table)
    for skipped in report.skipped:
        error_console.print(
            labelled("skipped:", "yellow", skipped), highlight=False, soft_wrap=True
        )
    for failure in report.failed:
        print_error(failure)
    if report.failed:
        raise typer.Exit(InputError.exit_code)


@commands.command()
@reports_errors
def docs(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the stored documents."""
    documents = open_store(settings_from(ctx)).list_documents()
    if as_json:
        print_json(documents)
        return
    if not documents:
        console.print("The store is empty: add articles with 'claimscope ingest PATH'.")
        return
    table = listing(f"{len(documents)} stored documents", DOCUMENT_COLUMNS)
    for info in documents:
        table.add_row(*document_cells(info))
    console.print(table)


@commands.command()
@reports_errors
def forget(
    ctx: typer.Context,
    document_id: Annotated[str, typer.Argument(help="A document id (or an unambiguous prefix).")],
    as_json: JsonOption = False,
) -> None:
    """Remove a document, its chunks and its claims from the store."""
    info = open_store(settings_from(ctx)).forget(document_id)
    if as_json:
        print_json(info)
    else:
        console.print(literal(f"forgot {info.id} ({info.title})"))


@commands.command()
@reports_errors
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    limit: Annotated[int, typer.Option("--limit", "-k", min=1, max=100)] = 5,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", help="Only within these documents.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The chunks closest to a query, with scores and offsets."""
    from claimscope.service import articles

    hits = articles.search(open_store(settings_from(ctx)), query, limit, doc or [])
    if as_json:
        print_json(hits)
        return
    table = listing(f"top {len(hits)} chunks", ("score", "document", "offsets", "text"))
    for hit in hits:
        chunk = hit.chunk
        table.add_row(
            f"{hit.score:.3f}",
            chunk.document_id,
            f"{chunk.start}-{chunk.end}",
            literal(shortened(chunk.text, 160)),
        )
    console.print(table)


@commands.command()
@reports_errors
def extract(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Articles to ingest and extract (or - for stdin).")
    ] = None,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", help="Extract from stored documents instead.")
    ] = None,
    engine: EngineOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the claims as JSON Lines to this file.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Every checkable claim, how firmly it is stated, its cue, source and verbatim quote."""
    from claimscope.extract import get_extractor
    from claimscope.service.articles import documents_to_extract, extract_stored

    if not paths and not doc:
        raise InputError("give articles to extract from, or --doc DOC_ID for stored ones")
    settings = settings_from(ctx)
    store = open_store(settings)
    documents = documents_to_extract(store, settings, paths or [], doc or [])
    extractor = get_extractor(settings, engine)
    reports = []
    for document in documents:
        with extraction_progress(document.title, enabled=not as_json) as advance:
            reports.append(extract_stored(store, settings, document, extractor, advance))
    if out:
        write_jsonl(out, [claim for report in reports for claim in report.claims])
    if as_json:
        print_json(reports)
        return
    for report in reports:
        show_report(report)


@contextmanager
def extraction_progress(title: str, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    if not enabled:
        yield lambda _done, _total: None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("extracting {task.description}", markup=False),
        BarColumn(),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    ) as progress:
        task = progress.add_task(printable(shortened(title, 40)), total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def write_jsonl(path: Path, claims: list[Claim]) -> None:
    try:
        with path.open("w", encoding="utf-8") as handle:
            for claim in claims:
                handle.write(claim.model_dump_json() + "\n")
    except OSError as error:
        raise InputError(f"{path}: cannot write ({error.strerror})") from error
