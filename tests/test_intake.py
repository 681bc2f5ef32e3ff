"""Claims from the first ingest: `ingest` alone gives every passage a level, `--no-extract`
stores only, and re-ingesting an unchanged article keeps the claims it has."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.models import Claim, HedgingLevel
from claimscope.service.articles import ingest_with_claims
from claimscope.settings import Settings
from claimscope.store import Store

ARTICLE = (
    "Lanterna e Borea: trattative in corso\n\n"
    "Il gruppo Lanterna ha chiuso il 2025 con ricavi per 410 milioni di euro. "
    "Secondo indiscrezioni riportate da Reuters, Lanterna starebbe valutando l'acquisto di "
    "Borea per 90 milioni. Le due società non hanno confermato.\n"
)


def run_json(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def write_article(tmp_path: Path) -> str:
    path = tmp_path / "lanterna.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return str(path)


def test_after_ingest_alone_ask_gives_each_passage_its_level_and_source(tmp_path: Path) -> None:
    run_json("ingest", write_article(tmp_path))
    answer = run_json("ask", "Lanterna vuole comprare Borea?")
    cited = [c for c in answer["citations"] if "Borea per 90 milioni" in c["quote"]]
    assert cited, answer["text"]
    assert all(c["hedging"] is not None for c in answer["citations"])
    assert cited[0]["hedging"] in {"rumored", "unconfirmed"}
    assert "non valutato" not in answer["text"]


def test_no_extract_stores_only(tmp_path: Path, settings: Settings) -> None:
    (stored,) = run_json("ingest", write_article(tmp_path), "--no-extract")
    assert Store.open(settings).get_claims(stored["document"]["id"]) == []


def test_reingesting_an_unchanged_article_keeps_its_claims(
    tmp_path: Path, settings: Settings
) -> None:
    path = write_article(tmp_path)
    store = Store.open(settings)
    (result,) = ingest_with_claims([path], settings, store)
    document_id = result.document.id
    kept = Claim(
        id="llm-1",
        text="Lanterna valuta Borea",
        quote="Il gruppo Lanterna",
        start=ARTICLE.index("Il gruppo Lanterna"),
        end=ARTICLE.index("Il gruppo Lanterna") + len("Il gruppo Lanterna"),
        hedging=HedgingLevel.ASSERTED,
        engine="llm",
        document_id=document_id,
    )
    store.replace_claims(document_id, [kept])
    (again,) = ingest_with_claims([path], settings, store)
    assert again.status == "unchanged"
    assert [c.id for c in store.get_claims(document_id)] == ["llm-1"]
