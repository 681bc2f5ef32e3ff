"""The demo article against the LLM named in the real environment (marker `live`).

conftest.py clears OPENAI_* from the environment of every test, so the variables are read
here, when the module is imported, and handed to the test's settings explicitly.
Run with: pytest -m live --force-enable-socket tests/test_llm_live.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from claimscope.extract.llm import LLMExtractor
from claimscope.ingest import load_document, read_input
from claimscope.settings import Settings

LIVE_KEY = os.environ.get("OPENAI_API_KEY")
LIVE_BASE_URL = os.environ.get("OPENAI_BASE_URL")
LIVE_MODEL = os.environ.get("CLAIMSCOPE_LLM_MODEL")
DEMO = Path(__file__).resolve().parents[1] / "examples" / "microsoft-openai-stargate.it.txt"

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not (LIVE_KEY or LIVE_BASE_URL), reason="set OPENAI_API_KEY or OPENAI_BASE_URL to run"
    ),
]


def test_the_demo_article_is_extracted_and_grounded(tmp_path: Path) -> None:
    overrides = {"llm_model": LIVE_MODEL} if LIVE_MODEL else {}
    settings = Settings(
        data_dir=tmp_path / "data",
        openai_api_key=SecretStr(LIVE_KEY) if LIVE_KEY else None,
        openai_base_url=LIVE_BASE_URL,
        **overrides,
    )
    document = load_document(read_input(str(DEMO), settings.max_file_bytes))

    report = LLMExtractor(settings).extract(document)

    assert report.claims, report.notices
    for claim in report.claims:
        assert document.text[claim.start : claim.end] == claim.quote
    assert report.calls + report.cached_calls >= 1
    assert not report.failed_chunks, report.failed_chunks
