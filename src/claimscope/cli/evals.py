"""The commands that score claimscope against hand-labelled gold: eval and eval-qa."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimscope.cli.output import (
    EngineOption,
    JsonFileOption,
    ReportOption,
    console,
    error_console,
    print_notices,
    progress_bar,
    reports_errors,
    settings_from,
)
from claimscope.errors import EvalError
from claimscope.settings import EngineChoice, RetrievalMode, RetrievalSources

commands = typer.Typer()


@commands.command("eval")
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


@commands.command("eval-qa")
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
    from claimscope.eval.qa_harness import evaluate_qa
    from claimscope.eval.qa_report import qa_table, render_html, report_json, write_text

    settings = settings_from(
        ctx, retrieval=retrieval, retrieval_sources=sources, chunk_size=chunk_size
    )
    with progress_bar("eval-qa", total=None) as advance:
        result = evaluate_qa(
            data or default_data_dir(), settings, engine, compare, advance, questions, claims
        )
    console.print(qa_table(result))
    if json_path:
        write_text(json_path, report_json(result))
    if report:
        write_text(report, render_html(result))
