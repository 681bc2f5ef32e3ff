"""Reading and validating a data set, and reading saved predictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.errors import EvalError
from claimscope.eval.gold import check_gold, load_gold
from claimscope.eval.predictions import read_predictions
from claimscope.settings import Settings
from test_eval_support import ARTICLE, gold_line, write_article, write_claims


def test_gold_quotes_get_the_offsets_of_their_first_occurrence(
    tmp_path: Path, settings: Settings
) -> None:
    article = "Beta grew. Alpha said Beta grew. Alpha denied it."
    write_article(tmp_path, "a", article, [gold_line("c1", "Beta grew", cues=["Alpha said"])])
    (loaded,) = load_gold(tmp_path, settings)
    (claim,) = loaded.claims
    assert (claim.start, claim.end) == (0, 9)
    assert loaded.name == "a" and loaded.document.text == article


def test_every_problem_is_reported_with_its_file_and_line(
    tmp_path: Path, settings: Settings
) -> None:
    write_article(tmp_path, "a", ARTICLE, [])
    lines = [
        '{"id": "c1", "text": "t", "quote": "Alpha bought Beta", "hedging": "asserted", "cues": [], "source": null}',
        "",
        '{"id": "c2", "text": "t", "quote": "Alpha sold Beta", "hedging": "asserted", "cues": [], "source": null}',
        '{"id": "c3", "text": "t", "quote": "Alpha", "hedging": "certain", "cues": [], "source": null}',
        '{"id": "c1", "text": "t", "quote": "Alpha", "hedging": "asserted", "cues": [], "source": null}',
        '{"id": "c5", "text": "t", "quote": "Alpha"',
        '{"id": "c6", "text": "t", "quote": "Alpha", "hedging": "asserted", "cues": []}',
        '{"id": "c7", "text": "t", "quote": "Alpha", "hedging": "asserted", "cues": [], "source": null, "note": "x"}',
        '{"id": 8, "text": "t", "quote": "Alpha", "hedging": "asserted", "cues": "said", "source": null}',
        '{"id": "c9", "text": "t", "quote": "Alpha", "hedging": "hedged", "cues": ["perhaps"], "source": null}',
        '["c10"]',
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_claims(tmp_path / "orphan.jsonl", [])
    (tmp_path / "a.qa.jsonl").write_text('{"id": "q1", "question": "?"}\n', encoding="utf-8")

    check = check_gold(tmp_path, settings)

    found = [(Path(p.path).name, p.line, p.message) for p in check.problems]
    expected_starts = [
        ("a.jsonl", 3, "quote is not in the article verbatim: 'Alpha sold Beta'"),
        ("a.jsonl", 4, "unknown hedging level 'certain'"),
        ("a.jsonl", 5, "duplicate id 'c1' (first on line 1)"),
        ("a.jsonl", 6, "not valid JSON"),
        ("a.jsonl", 7, "missing key 'source'"),
        ("a.jsonl", 8, "unexpected key 'note'"),
        ("a.jsonl", 9, "'id': Input should be a valid string; 'cues': Input should be a valid"),
        ("a.jsonl", 10, "cue is not in the article verbatim: 'perhaps'"),
        ("a.jsonl", 11, "expected a JSON object, found list"),
        ("orphan.jsonl", None, "no article orphan.txt next to it"),
    ]
    assert len(found) == len(expected_starts)
    for (name, line, message), (want_name, want_line, want_start) in zip(
        found, expected_starts, strict=True
    ):
        assert (name, line) == (want_name, want_line)
        assert message.startswith(want_start), message
    assert str(check.problems[0]).startswith(f"{tmp_path / 'a.jsonl'}:3: quote")
    with pytest.raises(EvalError, match="10 problems in the gold"):
        load_gold(tmp_path, settings)


def test_valid_gold_checks_ok_and_an_empty_file_is_an_article_without_claims(
    tmp_path: Path, settings: Settings
) -> None:
    write_article(tmp_path, "a", ARTICLE, [gold_line("c1", "Alpha bought Beta")])
    write_article(tmp_path, "b", ARTICLE, [])
    check = check_gold(tmp_path, settings)
    assert (check.files, check.claims, check.problems) == (2, 1, [])


def test_a_folder_without_gold_is_an_error(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(EvalError, match="no labelled articles"):
        load_gold(tmp_path, settings)
    with pytest.raises(EvalError, match="no such data folder"):
        load_gold(tmp_path / "missing", settings)


def test_predictions_are_read_as_claims_or_as_gold_lines_without_offsets(
    tmp_path: Path, settings: Settings
) -> None:
    write_article(tmp_path / "gold", "a", ARTICLE, [])
    (article,) = load_gold(tmp_path / "gold", settings)
    placed = gold_line("p1", "Epsilon denied") | {"start": 0, "end": 5, "engine": "rules"}
    located = gold_line("p2", "Gamma may sell")
    not_there = {"id": "p3", "text": "t", "quote": "Omega", "hedging": "hedged"}
    write_claims(tmp_path / "pred" / "a.jsonl", [placed, located, not_there])

    first, second, third = read_predictions(tmp_path / "pred", "a", article.document)

    assert (first.start, first.end) == (0, 5)  # offsets as given, even wrong ones
    assert (second.start, second.end) == (ARTICLE.index("Gamma"), ARTICLE.index("Gamma") + 14)
    assert (third.start, third.end, third.cues, third.source) == (0, 0, [], None)
    assert read_predictions(tmp_path / "pred", "b", article.document) == []


def test_a_bad_prediction_line_names_file_and_line(tmp_path: Path, settings: Settings) -> None:
    write_article(tmp_path / "gold", "a", ARTICLE, [])
    (article,) = load_gold(tmp_path / "gold", settings)
    write_claims(tmp_path / "pred" / "a.jsonl", [gold_line("p1", "Alpha"), {"id": "p2"}])
    with pytest.raises(EvalError, match=r"a\.jsonl:2: missing key 'hedging', 'quote', 'text'"):
        read_predictions(tmp_path / "pred", "a", article.document)


def test_an_empty_article_and_a_gold_file_that_is_not_utf8_are_problems_not_crashes(
    tmp_path: Path, settings: Settings
) -> None:
    write_article(tmp_path, "empty", "  \n", [])
    write_article(tmp_path, "latin", ARTICLE, [])
    (tmp_path / "latin.jsonl").write_bytes(b'{"id": "c\xe9"}\n')
    found = [str(problem) for problem in check_gold(tmp_path, settings).problems]
    assert found == [
        f"{tmp_path / 'empty.txt'}: is empty",
        f"{tmp_path / 'latin.jsonl'}: is not UTF-8 text (byte 9)",  # 0-based
    ]
