"""claimscope against a real Chroma server on loopback (CLAIMSCOPE_CHROMA_HOST).

Run with: .venv/bin/pytest -m server --allow-hosts=127.0.0.1 tests/test_chroma_server.py
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from claimscope.cli import app

pytestmark = [
    pytest.mark.server,
    pytest.mark.enable_socket,
    pytest.mark.allow_hosts(["127.0.0.1"]),
]

CHROMA = str(Path(sys.executable).parent / "chroma")
ARTICLE = (
    "Heliox apre un data center in Sardegna\n\n"
    "Heliox costruirà un data center da 200 megawatt vicino a Cagliari, secondo il Comune.\n\n"
    "L'azienda non ha confermato la cifra dell'investimento.\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_heartbeat(port: int, server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"chroma run exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no Chroma heartbeat on port {port} after {seconds:.0f} s")


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen(
        [CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_heartbeat(port, server, seconds=120)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(port: int, *args: str) -> Result:
    env = {"CLAIMSCOPE_CHROMA_HOST": "127.0.0.1", "CLAIMSCOPE_CHROMA_PORT": str(port)}
    return CliRunner().invoke(app, list(args), env=env)


def run_json(port: int, *args: str) -> Any:
    result = run(port, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_search_and_forget_through_the_server(chroma_port: int, tmp_path: Path) -> None:
    path = tmp_path / "heliox.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (stored,) = run_json(chroma_port, "ingest", str(path))
    assert stored["status"] == "added"
    document_id = stored["document"]["id"]
    assert not (tmp_path / "data" / "chroma").exists()  # nothing went to the embedded store

    (again,) = run_json(chroma_port, "ingest", str(path))
    assert again["status"] == "unchanged"
    assert [d["id"] for d in run_json(chroma_port, "docs")] == [document_id]

    (best, *_) = run_json(chroma_port, "search", "Quanto è grande il data center?", "-k", "2")
    assert "200 megawatt" in best["chunk"]["text"]
    assert ARTICLE[best["chunk"]["start"] : best["chunk"]["end"]] == best["chunk"]["text"]

    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\x00")
    refused = run(chroma_port, "ingest", str(bad))
    assert refused.exit_code == 2 and "binary" in refused.stderr
    assert [d["id"] for d in run_json(chroma_port, "docs")] == [document_id]

    assert run_json(chroma_port, "forget", document_id)["id"] == document_id
    assert run_json(chroma_port, "docs") == []


def test_closed_port_is_one_clean_line() -> None:
    result = run(free_port(), "docs")  # the probe socket is closed again: nothing listens
    assert result.exit_code == 3
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: cannot reach the Chroma server at 127.0.0.1:")
