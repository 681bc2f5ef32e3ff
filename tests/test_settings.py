"""The settings as a newcomer gets them: `.env.example` copied to `.env`, unedited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimscope.extract import resolve_engine
from claimscope.settings import EngineChoice, Settings
from conftest import ROOT


@pytest.fixture
def shipped_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example file as `.env` of the working directory, a fresh home, no variables."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("CLAIMSCOPE_DATA_DIR")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    return home


def test_the_example_env_file_as_shipped_is_like_no_env_file(shipped_env: Path) -> None:
    settings = Settings()
    assert settings.data_dir == shipped_env / ".claimscope"
    assert settings.openai_api_key is None and settings.openai_base_url is None
    assert settings.chroma_host is None
    assert not settings.llm_configured
    assert resolve_engine(settings) is EngineChoice.OFFLINE
    assert settings == Settings(_env_file=None)


def test_tilde_in_the_environment_is_the_home_directory(
    shipped_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMSCOPE_DATA_DIR", "~/stores/news")
    assert Settings().data_dir == shipped_env / "stores" / "news"


def test_an_empty_variable_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "")
    monkeypatch.setenv("CLAIMSCOPE_CHROMA_PORT", "")
    settings = Settings()
    assert settings.openai_api_key is None and settings.chroma_port == 8000
