"""The `claimscope` command: a thin layer over the library API.

Only this module turns ClaimscopeError into a one-line message and an exit code.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from claimscope.errors import ClaimscopeError, EvalError, InputError, NotFoundError
from claimscope.eval.scores import QA_SCORES
from claimscope.extract import extract_document, get_extractor
from claimscope.models import Answer, Claim, DocumentInfo, ExtractionReport
from claimscope.presentation import LEVEL_LOOKS
from claimscope.settings import (
    EngineChoice,
    RetrievalMode,
    RetrievalSources,
    Settings,
    load_settings,
)
from claimscope.terminal import labelled, literal, printable, shortened

if TYPE_CHECKING:
    from claimscope.ingest import IngestReport
    from claimscope.qa_eval import QAEvalReport
    from claimscope.store import Store

app = typer.Typer(
    help="Find the checkable claims in news articles, how firmly each is stated, and the quote that proves it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
# Markup off: article text reaches these consoles, and styles come as rich Text objects.
console = Console(markup=False)
error_console = Console(stderr=True, markup=False)

P = ParamSpec("P")
R = TypeVar("R")

EMPTY_STORE = "the store holds no articles: add some with 'claimscope ingest PATH'"
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
            error_console.print(
                labelled("error:", "bold red", str(error)), highlight=False, soft_wrap=True
            )
            raise typer.Exit(error.exit_code) from None

    return wrapper


def settings_from(ctx: typer.Context, **overrides: Any) -> Settings:
    data_dir = (ctx.obj or {}).get("data_dir")
    return load_settings(data_dir=data_dir, **overrides)


def open_store(settings: Settings) -> Store:
    # Imported here: Chroma takes a quarter of a second to import, which `--help` need not pay.
    from claimscope.store import Store

    return Store.open(settings)


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
    """A rich progress bar on stderr; yields a callback to advance it with a label."""
    if not enabled:
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


# Outside a terminal, a long ingest says how far it is at most this often (seconds).
PLAIN_PROGRESS_SECONDS = 10.0


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


DOCUMENT_COLUMNS = ("id", "title", "lang", "chunks", "chars", "source")
ID_COLUMNS = ("id", "document")


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


@app.command()
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
            help="Only store; skip the rules engine's claims that give passages their level.",
        ),
    ] = False,
) -> None:
    """Store articles: normalise, chunk, embed, and find their claims with the rules engine
    (run 'claimscope extract --engine llm' for an LLM's). Inputs that cannot be read are
    reported and the others stored (exit code 2 if any failed)."""
    from claimscope.ingest import expand_inputs, ingest_each
    from claimscope.intake import add_claims

    settings = settings_from(ctx)
    # Only on a terminal: piped or captured, a transient bar would leave a stray blank line.
    with progress_bar(
        "ingesting",
        total=len(expand_inputs(paths)),
        enabled=not as_json and error_console.is_terminal,
    ) as advance:
        report = ingest_each(paths, settings, advance, plain_progress())
        if not no_extract:
            add_claims(open_store(settings), settings, report.results)
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
        error_console.print(
            labelled("error:", "bold red", failure), highlight=False, soft_wrap=True
        )
    if report.failed:
        raise typer.Exit(InputError.exit_code)


@app.command()
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


@app.command()
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


@app.command()
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
    store = open_store(settings_from(ctx))
    if store.is_empty():
        raise NotFoundError(EMPTY_STORE)
    document_ids = [store.resolve(d) for d in doc] if doc else None
    hits = store.search(query, limit=limit, document_ids=document_ids)
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


@app.command()
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
    from claimscope.ingest import ingest as ingest_paths

    if not paths and not doc:
        raise InputError("give articles to extract from, or --doc DOC_ID for stored ones")
    settings = settings_from(ctx)
    store = open_store(settings)
    document_ids = (
        [r.document.id for r in ingest_paths(paths, settings=settings, store=store)]
        if paths
        else []
    )
    document_ids += [store.resolve(d) for d in doc or []]
    extractor = get_extractor(settings, engine)
    reports = []
    for document_id in document_ids:
        document = store.get_document(document_id)
        with extraction_progress(document.title, enabled=not as_json) as advance:
            report = extract_document(document, settings, extractor=extractor, progress=advance)
        store.save_claims(report)
        reports.append(report)
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


def print_notices(notices: list[str]) -> None:
    for notice in notices:
        error_console.print(labelled("notice:", "yellow", notice), highlight=False)


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


@app.command("eval")
@reports_errors
def eval_(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder of NAME.txt + NAME.jsonl gold (default: eval/gold)."),
    ] = None,
    engine: EngineOption = None,
    predictions: Annotated[
        Path | None,
        typer.Option("--predictions", help="Score saved NAME.jsonl claims instead of an engine."),
    ] = None,
    json_path: JsonFileOption = None,
    report: ReportOption = None,
    check_gold: Annotated[
        Path | None,
        typer.Option("--check-gold", help="Only validate the gold of this folder."),
    ] = None,
    compare_paths: Annotated[
        tuple[Path, Path] | None,
        typer.Option("--compare", help="Compare two --json results: A.json B.json."),
    ] = None,
) -> None:
    """Score claim extraction against hand-labelled gold (eval/README.md says how)."""
    # Imported here: scipy and matplotlib would slow every other command's start.
    from claimscope.eval.compare import compare
    from claimscope.eval.gold import check_gold as validate_gold
    from claimscope.eval.harness import evaluate
    from claimscope.eval.report import write_report
    from claimscope.eval.results import load_result, save_result
    from claimscope.eval.tables import comparison_table, result_tables

    settings = settings_from(ctx)
    if check_gold:
        check = validate_gold(check_gold, settings)
        for problem in check.problems:
            error_console.print(str(problem), highlight=False, markup=False, soft_wrap=True)
        if check.problems:
            raise typer.Exit(EvalError.exit_code)
        console.print(f"ok: {check.files} files, {check.claims} claims", highlight=False)
        return
    if compare_paths:
        a, b = compare_paths
        console.print(comparison_table(compare(load_result(a), load_result(b)), str(a), str(b)))
        return
    with progress_bar("scoring", total=None) as advance:
        result = evaluate(settings, data, engine, predictions, progress=advance)
    for table in result_tables(result):
        console.print(table)
    print_notices(result.notices)
    if json_path:
        save_result(result, json_path)
    if report:
        write_report(result, report)


@app.command()
@reports_errors
def web(
    ctx: typer.Context,
    host: Annotated[
        str | None,
        typer.Option("--host", help="Interface to listen on (CLAIMSCOPE_WEB_HOST, 127.0.0.1)."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port", min=0, max=65535, help="Port (CLAIMSCOPE_WEB_PORT, 8787; 0 = any free)."
        ),
    ] = None,
) -> None:
    """Serve the local web page: articles with highlighted claims, ask, summary, eval."""
    from claimscope.web.security import is_loopback
    from claimscope.web.server import serve

    settings = settings_from(ctx, web_host=host, web_port=port)
    if not is_loopback(settings.web_host):
        error_console.print(
            labelled(
                "warning:",
                "yellow",
                f"listening on {settings.web_host}: anyone who can reach this "
                "machine can read and change your store (there is no login)",
            ),
            highlight=False,
        )
    serve(
        settings,
        on_ready=lambda address: typer.echo(f"claimscope web on {address} (Ctrl-C stops it)"),
    )


llm_app = typer.Typer(
    help="A local LLM for the llm engine: llama.cpp's OpenAI-compatible server.",
    no_args_is_help=True,
)
app.add_typer(llm_app, name="llm")


@llm_app.command("serve")
@reports_errors
def llm_serve(
    ctx: typer.Context,
    model: Annotated[
        Path | None,
        typer.Option("--model", help="A GGUF model file (default: the bundled tiny SmolLM2)."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="Port (CLAIMSCOPE_LOCAL_LLM_PORT, 8080)."),
    ] = None,
) -> None:
    """Serve a GGUF model on 127.0.0.1 with llama.cpp until Ctrl-C, SIGTERM or SIGHUP."""
    from claimscope.localllm import local_server, serve_until_stopped

    server = local_server(settings_from(ctx, local_llm_port=port), model)

    def announce() -> None:
        typer.echo(
            f"llama.cpp serves {server.model.name} as '{server.alias}' on {server.base_url} "
            f"(log: {server.log_path}; Ctrl-C stops it)\n"
            "In another shell:\n"
            f"  export OPENAI_BASE_URL={server.base_url}\n"
            f"  export CLAIMSCOPE_LLM_MODEL={server.alias}\n"
            "  claimscope extract --engine llm ARTICLE.txt"
        )
        if model is None:
            typer.echo(
                "The bundled model is a toy that proves the plumbing, not a fact-checker.\n"
                "On a slow CPU its first call reads the whole prompt for minutes: "
                "export CLAIMSCOPE_LLM_TIMEOUT=900"
            )

    error_console.print(f"starting llama.cpp with {server.model.name} …", highlight=False)
    # A stop signal is a requested, clean stop: exit code 0 once the child is gone.
    stopped_by = serve_until_stopped(server, on_ready=announce)
    typer.echo(f"llama.cpp server stopped ({stopped_by.name})")


# Questions and summaries ----------------------------------------------------------------

DocOption = Annotated[
    list[str] | None, typer.Option("--doc", help="Only within these documents (id or prefix).")
]
AnswerEngineOption = Annotated[
    EngineChoice | None,
    typer.Option(
        "--engine", help="llm, or offline/rules (extractive), or auto (LLM when configured)."
    ),
]
CHAT_EXITS = frozenset({"exit", "quit", ":q"})


@app.command()
@reports_errors
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="A question about the stored articles.")],
    doc: DocOption = None,
    engine: AnswerEngineOption = None,
    as_json: JsonOption = False,
) -> None:
    """Answer from the stored articles, citing quotes that keep the articles' hedges."""
    from claimscope.qa import Answerer

    answer = Answerer.open(settings_from(ctx), doc or [], engine).ask(question)
    if as_json:
        print_json(answer)
    else:
        show_answer(answer)


@app.command()
@reports_errors
def chat(ctx: typer.Context, doc: DocOption = None, engine: AnswerEngineOption = None) -> None:
    """Ask questions one after another; follow-ups see the earlier turns ('exit' ends)."""
    from rich.prompt import Prompt

    from claimscope.qa import Answerer, Turn

    answerer = Answerer.open(settings_from(ctx), doc or [], engine)
    console.print("Ask about the stored articles; 'exit' or Ctrl-D ends.", style="dim")
    history: list[Turn] = []
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
            answer = answerer.ask(question, history)
        except InputError as error:  # a bad question ends the turn, not the session
            error_console.print(
                labelled("error:", "bold red", str(error)), highlight=False, soft_wrap=True
            )
            continue
        show_answer(answer)
        history.append(Turn(question=question, answer=answer.text))


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


@app.command()
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
    from claimscope.extract import resolve_engine
    from claimscope.summary import llm_overview, render_html, render_markdown, summarize

    settings = settings_from(ctx)
    store = open_store(settings)
    document_ids = [store.resolve(d) for d in doc or []]
    use_llm = resolve_engine(settings, engine) is EngineChoice.LLM
    result = summarize(store, settings, document_ids, llm_overview(settings) if use_llm else None)
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


@app.command("eval-qa")
@reports_errors
def eval_qa(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder of NAME.txt + NAME.qa.jsonl (default: eval/gold)."),
    ] = None,
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            help="Ask the *.qa.jsonl of this folder instead, about the articles of --data.",
        ),
    ] = None,
    engine: Annotated[
        EngineChoice | None,
        typer.Option("--engine", help="Extraction engine; llm also answers with the LLM."),
    ] = None,
    claims: Annotated[
        EngineChoice | None,
        typer.Option("--claims", help="Extract the stored claims with this engine instead."),
    ] = None,
    retrieval: Annotated[
        RetrievalMode | None, typer.Option("--retrieval", help="lexical, dense or hybrid.")
    ] = None,
    sources: Annotated[
        RetrievalSources | None, typer.Option("--sources", help="chunks, claims or both.")
    ] = None,
    chunk_size: Annotated[
        int | None, typer.Option("--chunk-size", min=100, help="Characters per chunk.")
    ] = None,
    compare: Annotated[
        bool, typer.Option("--compare", help="Also score every retrieval mode and source.")
    ] = False,
    json_path: JsonFileOption = None,
    report: ReportOption = None,
) -> None:
    """Score retrieval, no-answer detection, citations and hedges on a question set."""
    from claimscope.eval.harness import default_data_dir
    from claimscope.qa_eval import evaluate_qa, render_html, report_json, write_text

    settings = settings_from(
        ctx, retrieval=retrieval, retrieval_sources=sources, chunk_size=chunk_size
    )
    with progress_bar("eval-qa", total=None, enabled=error_console.is_terminal) as advance:
        result = evaluate_qa(
            data or default_data_dir(), settings, engine, compare, advance, questions, claims
        )
    console.print(qa_table(result))
    if json_path:
        write_text(json_path, report_json(result))
    if report:
        write_text(report, render_html(result))


def qa_table(result: QAEvalReport) -> Table:
    table = Table(
        title=f"QA on {result.data}: {result.questions} questions, answers {result.answer_engine}, "
        f"retrieval {result.retrieval.value} over {result.sources.value}"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    for score in QA_SCORES:
        table.add_row(score.label, score.text(getattr(result, score.field)))
    return table
