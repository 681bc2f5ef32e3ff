"""Shared fixtures. Every test gets its own data directory and a clean environment:
no developer's .env, API key or base URL leaks in, and the network is blocked
(pytest-socket, see pyproject.toml) unless a test's marker allows loopback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.language_models import BaseChatModel

from claimscope.settings import Settings, StructuredOutputMethod

ROOT = Path(__file__).resolve().parents[1]
DEMO_ARTICLE = ROOT / "examples" / "microsoft-openai-stargate.it.txt"
PROJECT_GOLD = ROOT / "eval" / "gold"
SHARED_CORPUS_GOLD = ROOT.parent / "shared" / "corpus" / "gold"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("CLAIMSCOPE_", "OPENAI_", "LANGCHAIN_", "LANGSMITH_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CLAIMSCOPE_DATA_DIR", str(tmp_path / "data"))
    # langchain-openai probes TCP keepalive options on a throwaway socket whenever a chat
    # model is built; the tests script the transport, so the probe has nothing to tune.
    monkeypatch.setenv("LANGCHAIN_OPENAI_TCP_KEEPALIVE", "0")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def demo_text() -> str:
    return DEMO_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def shared_corpus_gold() -> Path:
    if not SHARED_CORPUS_GOLD.is_dir():
        pytest.skip(
            f"development corpus not found at {SHARED_CORPUS_GOLD} (only on the developers' machines)"
        )
    return SHARED_CORPUS_GOLD


LLM_TEST_URL = "http://llm.test/v1"


@pytest.fixture
def llm_settings(tmp_path: Path) -> Settings:
    """An LLM configured at a server no test reaches: a scripted model stands in for it."""
    return Settings(
        data_dir=tmp_path / "data",
        openai_base_url=LLM_TEST_URL,
        structured_output=StructuredOutputMethod.FUNCTION_CALLING,
    )


@pytest.fixture
def cli_llm(monkeypatch: pytest.MonkeyPatch) -> Callable[[BaseChatModel], None]:
    """Installs a scripted model as the LLM that the CLI's commands configure and call."""

    def install(model: BaseChatModel) -> None:
        monkeypatch.setattr("claimscope.extract.llm.chat_model", lambda _settings: model)
        monkeypatch.setenv("OPENAI_BASE_URL", LLM_TEST_URL)
        monkeypatch.setenv("CLAIMSCOPE_STRUCTURED_OUTPUT", "function_calling")

    return install
