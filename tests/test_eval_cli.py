"""`claimscope eval` end to end through CliRunner, on a small data set in tmp_path."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.eval import harness
from claimscope.eval.scores import SCORE_NAMES
from claimscope.models import Claim, Document, ExtractionReport
from claimscope.settings import Settings
from test_eval_support import gold_line, write_article, write_claims

runner = CliRunner()

ENGLISH = (
    "Northwind Bank agreed to buy Harbor Credit for two billion dollars, the bank said on "
    "Monday. The deal may close by the end of the year, according to people familiar with "
    "the matter. Harbor Credit has not confirmed the talks."
)
ITALIAN = (
    "Secondo alcune indiscrezioni, la società starebbe valutando la cessione della rete. "
    "Il consiglio di amministrazione si riunirà a marzo per esaminare l'offerta."
)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    write_article(
        folder,
        "en-bank",
        ENGLISH,
        [
            gold_line(
                "c1",
                "Northwind Bank agreed to buy Harbor Credit",
                "unconfirmed",
                cues=["has not confirmed the talks"],
                source="Northwind Bank",
            ),
            gold_line(
                "c2", "The deal may close by the end of the year", "rumored", source="anonymous"
            ),
        ],
    )
    write_article(
        folder,
        "it-rete",
        ITALIAN,
        [gold_line("c1", "Il consiglio di amministrazione si riunirà a marzo")],
    )
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["eval", *args])
    return result.exit_code, result.stdout, result.stderr


def read_json(path: Path) -> dict[str, object]:
    value: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return value


def test_check_gold_says_ok_with_counts(dataset: Path) -> None:
    code, out, err = run("--check-gold", str(dataset))
    assert (code, out.strip(), err) == (0, "ok: 2 files, 3 claims", "")


def test_check_gold_lists_every_problem_with_file_and_line(dataset: Path) -> None:
    write_claims(
        dataset / "it-rete.jsonl",
        [
            gold_line("c1", "Il consiglio"),
            gold_line("c1", "la cessione della rete", "maybe"),
            gold_line("c3", "la cessione del ramo"),
        ],
    )
    code, out, err = run("--check-gold", str(dataset))
    assert code == 5 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{dataset / 'it-rete.jsonl'}:2: duplicate id 'c1'")
    assert lines[1].startswith(f"{dataset / 'it-rete.jsonl'}:2: unknown hedging level 'maybe'")
    assert lines[2].startswith(f"{dataset / 'it-rete.jsonl'}:3: quote is not in the article")


def test_gold_scored_against_itself_is_perfect_and_json_has_every_key(
    dataset: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "self.json"
    code, out, _ = run(
        "--data", str(dataset), "--predictions", str(dataset), "--json", str(out_path)
    )
    assert code == 0
    assert "micro" in out and "en-bank" in out
    result = read_json(out_path)
    micro, articles = result["micro"], result["articles"]
    assert isinstance(micro, dict) and isinstance(articles, dict)
    assert all(micro[name] == 1.0 for name in SCORE_NAMES)
    assert set(articles) == {"en-bank", "it-rete"}
    for article in articles.values():
        assert all(article[name] == 1.0 for name in SCORE_NAMES)
        assert {"calls", "prompt_tokens", "completion_tokens", "seconds", "confusion"} <= set(
            article
        )
    assert result["confusion"]["unconfirmed"]["unconfirmed"] == 1  # type: ignore[index]
    assert result["confusion"]["asserted"]["asserted"] == 1  # type: ignore[index]
    assert result["intervals"]["claim_f1"] == {"low": 1.0, "high": 1.0}  # type: ignore[index]
    assert result["engine"] == "predictions"
    assert {"model", "prompt_version", "bootstrap", "data"} <= set(result)


def test_an_empty_predictions_folder_recalls_nothing(dataset: Path, tmp_path: Path) -> None:
    (tmp_path / "none").mkdir()
    out_path = tmp_path / "none.json"
    code, _, err = run(
        "--data", str(dataset), "--predictions", str(tmp_path / "none"), "--json", str(out_path)
    )
    assert code == 0
    micro = read_json(out_path)["micro"]
    assert isinstance(micro, dict)
    assert (micro["claim_recall"], micro["claim_f1"], micro["predicted_claims"]) == (0.0, 0.0, 0)
    assert "no predictions" in err


def test_the_same_predictions_give_the_same_json_to_the_last_digit(
    dataset: Path, tmp_path: Path
) -> None:
    predictions = tmp_path / "pred"
    write_claims(
        predictions / "en-bank.jsonl", [gold_line("p1", "Northwind Bank agreed", "attributed")]
    )
    for name in ("a.json", "b.json"):
        run(
            "--data",
            str(dataset),
            "--predictions",
            str(predictions),
            "--json",
            str(tmp_path / name),
        )
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_report_is_one_html_file_with_an_embedded_png_and_escaped_text(
    dataset: Path, tmp_path: Path
) -> None:
    predictions = tmp_path / "pred"
    write_claims(
        predictions / "en-bank.jsonl",
        [
            gold_line("p1", "Northwind Bank agreed to buy Harbor Credit", "asserted"),
            gold_line("p2", "the bank said on Monday", text="<script>alert(1)</script>"),
        ],
    )
    report = tmp_path / "report.html"
    code, _, _ = run(
        "--data", str(dataset), "--predictions", str(predictions), "--report", str(report)
    )
    assert code == 0
    html = report.read_text(encoding="utf-8")
    png = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert png is not None
    assert base64.b64decode(png.group(1)).startswith(b"\x89PNG\r\n\x1a\n")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Missed gold claims" in html and "Spurious predictions" in html
    assert "Wrong levels" in html and "The deal may close by the end of the year" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing fetched from outside


def test_compare_prints_differences_with_both_intervals(dataset: Path, tmp_path: Path) -> None:
    (tmp_path / "none").mkdir()
    run("--data", str(dataset), "--predictions", str(dataset), "--json", str(tmp_path / "a.json"))
    run(
        "--data",
        str(dataset),
        "--predictions",
        str(tmp_path / "none"),
        "--json",
        str(tmp_path / "b.json"),
    )
    code, out, _ = run("--compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert code == 0
    recall_row = next(line for line in out.splitlines() if "claim_recall" in line)
    assert "1.000" in recall_row and "-1.000" in recall_row and "apart" in recall_row
    assert "1.000–1.000" in recall_row and "0.000–0.000" in recall_row


def test_compare_rejects_a_file_that_is_not_a_result(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    code, _, err = run("--compare", str(tmp_path / "a.json"), str(tmp_path / "a.json"))
    assert code == 5 and "not an eval result" in err and len(err.strip().splitlines()) == 1


def test_bad_inputs_are_one_line_errors(dataset: Path, tmp_path: Path) -> None:
    code, _, err = run("--data", str(tmp_path / "missing"), "--predictions", str(dataset))
    assert code == 5 and "no such data folder" in err
    code, _, err = run("--engine", "rules", "--predictions", str(dataset))
    assert code == 5 and "not both" in err
    write_claims(tmp_path / "pred" / "en-bank.jsonl", [{"id": "p1"}])
    code, _, err = run("--data", str(dataset), "--predictions", str(tmp_path / "pred"))
    assert code == 5 and f"{tmp_path / 'pred' / 'en-bank.jsonl'}:1: missing key" in err
    assert "Traceback" not in err
    # A folder without gold is found only once scoring starts: still one line, nothing else.
    (tmp_path / "empty").mkdir()
    code, out, err = run("--engine", "rules", "--data", str(tmp_path / "empty"))
    assert (code, out, err.count("\n")) == (5, "", 1) and err.startswith("error: ")


class ScriptedExtractor:
    """Returns the first clause of each article as a claim, at a fixed cost. Named like the
    rules engine so that the extraction facade does not add the LLM engine's cross-check."""

    name = "rules"

    def extract(self, document: Document, progress: object = None) -> ExtractionReport:
        quote = document.text.split(",")[0]
        claim = Claim(id="p1", text=quote, quote=quote, start=0, end=len(quote), hedging="asserted")
        return ExtractionReport(
            document_id=document.id,
            engine=self.name,
            model="tiny",
            prompt_version="v3",
            claims=[claim],
            ungrounded=["a quote the engine made up"],
            notices=["one chunk was too long"],
            calls=2,
            prompt_tokens=100,
            completion_tokens=20,
        )


def test_an_engine_run_records_engine_model_and_cost_per_article(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def scripted_extractor(settings: Settings, engine: object = None) -> ScriptedExtractor:
        return ScriptedExtractor()

    monkeypatch.setattr(harness, "get_extractor", scripted_extractor)
    out_path = tmp_path / "engine.json"
    code, out, err = run("--data", str(dataset), "--engine", "rules", "--json", str(out_path))
    assert code == 0, err
    assert "what rules cost" in out and "en-bank: one chunk was too long" in err
    result = read_json(out_path)
    assert (result["engine"], result["model"], result["prompt_version"]) == ("rules", "tiny", "v3")
    article = result["articles"]["en-bank"]  # type: ignore[index]
    assert (article["calls"], article["prompt_tokens"], article["completion_tokens"]) == (
        2,
        100,
        20,
    )
    assert article["seconds"] >= 0
    # One grounded claim and one dropped quote per article.
    assert article["grounding_rate"] == 0.5
    # "Northwind Bank agreed to buy Harbor Credit for two billion dollars" covers c1.
    assert (article["matched_claims"], article["claim_recall"]) == (1, 0.5)
