"""Shared fixtures. Every test gets its own data directory and a clean environment:
no developer's .env, API key or base URL leaks in, and the network is blocked
(pytest-socket, see pyproject.toml) unless a test's marker allows loopback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimscope.settings import Settings

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
