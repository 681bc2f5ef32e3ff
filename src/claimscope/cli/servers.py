"""The commands that serve until stopped: the web page, and llama.cpp for the llm engine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimscope.cli.output import error_console, reports_errors, settings_from
from claimscope.terminal import labelled

commands = typer.Typer()
llm_commands = typer.Typer(
    help="A local LLM for the llm engine: llama.cpp's OpenAI-compatible server.",
    no_args_is_help=True,
)


@commands.command()
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


@llm_commands.command("serve")
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
