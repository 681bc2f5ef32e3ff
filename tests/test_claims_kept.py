"""A new extraction run replaces a document's claims only when it produced something usable:
an LLM run whose every quote is ungrounded, or that failed, keeps what was stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from langchain_core.language_models import BaseChatModel
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.extract.llm import LLMExtractor
from claimscope.settings import Settings
from claimscope.store import Store
from claimscope.web.app import create_app
from fakes import claim, claims_reply, scripted

ARTICLE = (
    "Acme e Beta\n\n"
    "Acme ha comprato Beta per 3 milioni di euro, ha detto l'azienda martedì.\n\n"
    "Secondo fonti anonime, Acme chiuderà la fabbrica di Torino.\n"
)
INVENTED = claim("Microsoft ha comprato OpenAI")  # not in the article: ungrounded


def test_an_llm_run_that_grounds_nothing_keeps_the_rules_claims(
    tmp_path: Path, cli_llm: Callable[[BaseChatModel], None]
) -> None:
    path = tmp_path / "acme.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["extract", "--engine", "rules", "--json", str(path)])
    assert first.exit_code == 0, first.output
    (report,) = json.loads(first.stdout)
    rules_claims = len(report["claims"])
    assert rules_claims > 0
    cli_llm(scripted(*[claims_reply(INVENTED)] * 5))
    second = runner.invoke(app, ["extract", "--engine", "llm", "--doc", report["document_id"]])
    assert second.exit_code == 4, second.output
    assert f"the {rules_claims} claims stored before are kept" in second.stderr
    assert "ungrounded" in second.stderr
    kept = runner.invoke(app, ["extract", "--engine", "rules", "--json", str(path)])
    assert len(json.loads(kept.stdout)[0]["claims"]) == rules_claims


def test_a_failed_llm_run_on_upload_stores_nothing(llm_settings: Settings) -> None:
    model = scripted(*[claims_reply(INVENTED)] * 5)
    client = TestClient(
        create_app(llm_settings, extractor=LLMExtractor(llm_settings, model=model)),
        base_url="http://127.0.0.1",
    )
    response = client.post("/documents", data={"text": ARTICLE}, follow_redirects=False)
    assert response.status_code == 502
    assert "nothing was stored" in response.text
    assert Store.open(llm_settings).list_documents() == []
