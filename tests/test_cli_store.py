"""The ingest, docs, forget and search commands: JSON shapes, bad input, concurrent writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import chromadb
import pytest
from typer.testing import CliRunner, Result

from claimscope.cli import app
from claimscope.ingest import chunk_document, load_document, read_input
from claimscope.settings import Settings
from fakes import refused_connection

GOOD = (
    "Orbital taglia 400 posti\n\n"
    "Il produttore di satelliti Orbital taglierà 400 posti di lavoro in Texas, ha detto "
    "l'azienda martedì.\n"
)
DOCUMENT_KEYS = {"id", "title", "source_path", "language", "chunks", "characters"}
CHUNK_KEYS = {
    "id",
    "document_id",
    "index",
    "text",
    "start",
    "end",
    "title",
    "source_path",
    "language",
}


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin, env=env)


def run_json(*args: str, stdin: str | None = None) -> Any:
    result = run(*args, "--json", stdin=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def good_id(tmp_path: Path) -> str:
    path = tmp_path / "orbital.txt"
    path.write_text(GOOD, encoding="utf-8")
    (stored,) = run_json("ingest", str(path))
    return str(stored["document"]["id"])


def assert_still_stored(document_id: str) -> None:
    assert [d["id"] for d in run_json("docs")] == [document_id]
    (hit,) = run_json("search", "quanti posti taglia Orbital", "-k", "1")
    assert hit["chunk"]["document_id"] == document_id


# JSON shapes --------------------------------------------------------------------------


def test_ingest_docs_search_forget_speak_json(tmp_path: Path) -> None:
    path = tmp_path / "orbital.txt"
    path.write_text(GOOD, encoding="utf-8")
    (stored,) = run_json("ingest", str(path))
    assert set(stored) == {"document", "status", "replaced_document_id"}
    assert set(stored["document"]) == DOCUMENT_KEYS
    assert stored["status"] == "added" and stored["replaced_document_id"] is None
    assert stored["document"]["source_path"] == str(path.resolve())
    assert stored["document"]["language"] == "it"
    document_id = stored["document"]["id"]

    (again,) = run_json("ingest", str(path))
    assert again["status"] == "unchanged"

    (listed,) = run_json("docs")
    assert listed == stored["document"]

    hits = run_json("search", "How many jobs will Orbital cut?", "-k", "3")
    assert len(hits) == 1  # the article is a single chunk
    assert set(hits[0]) == {"chunk", "score"}
    assert set(hits[0]["chunk"]) == CHUNK_KEYS
    chunk = hits[0]["chunk"]
    assert GOOD[chunk["start"] : chunk["end"]] == chunk["text"]
    assert isinstance(hits[0]["score"], float)

    scoped = run_json("search", "Orbital", "--doc", document_id[:6])
    assert [hit["chunk"]["document_id"] for hit in scoped] == [document_id]
    forgotten = run_json("forget", document_id[:8])
    assert forgotten == stored["document"]
    assert run_json("docs") == []
    assert run("search", "Orbital", "--json").exit_code == 3  # an empty store says so


def test_changed_file_is_reported_as_replaced(tmp_path: Path) -> None:
    path = tmp_path / "orbital.txt"
    path.write_text(GOOD, encoding="utf-8")
    (first,) = run_json("ingest", str(path))
    path.write_text(GOOD + "\nI sindacati hanno proclamato uno sciopero.\n", encoding="utf-8")
    (second,) = run_json("ingest", str(path))
    assert second["status"] == "replaced"
    assert second["replaced_document_id"] == first["document"]["id"]
    assert [d["id"] for d in run_json("docs")] == [second["document"]["id"]]


def test_standard_input_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text("# Acme\n\nAcme will buy Globex, people familiar said.\n")
    (folder / "b.txt").write_text("Globex\n\nGlobex declined to comment on the report.\n")
    from_folder = run_json("ingest", str(folder))
    from_stdin = run_json("ingest", "-", stdin=GOOD)
    assert [r["document"]["source_path"] for r in from_stdin] == ["<stdin>"]
    assert len(from_folder) == 2
    assert len(run_json("docs")) == 3


def test_tables_without_json(good_id: str) -> None:
    docs = run("docs")
    assert docs.exit_code == 0 and good_id in docs.stdout
    search = run("search", "Orbital")
    assert search.exit_code == 0 and "top 1 chunks" in search.stdout
    assert run("--data-dir", "elsewhere", "docs").stdout.startswith("The store is empty")


def test_ingest_writes_nothing_to_stderr_when_piped(tmp_path: Path) -> None:
    path = tmp_path / "orbital.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = run("ingest", str(path))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "added" in result.stdout


def test_a_long_ingest_outside_a_terminal_says_how_far_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimscope.cli.articles.PLAIN_PROGRESS_SECONDS", 0.0)
    path = tmp_path / "orbital.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = run("ingest", "--json", str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"ingesting {path.resolve()}: 1/1 chunks embedded (0s)"]


def test_a_folder_ingests_its_good_files_and_reports_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    _articles(folder, "Gamma", 2)
    (folder / "empty.txt").write_text("")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7")
    (folder / "notes.docx").write_bytes(b"PK")
    result = run("ingest", "--json", str(folder))
    assert result.exit_code == 2
    assert [r["status"] for r in json.loads(result.stdout)] == ["added", "added"]
    assert result.stderr.splitlines() == [
        f"skipped: {folder / 'notes.docx'}: unsupported file type '.docx' (use .txt, .md or .html)",
        f"skipped: {folder / 'scan.pdf'}: unsupported file type '.pdf' (use .txt, .md or .html)",
        f"error: {(folder / 'empty.txt').resolve()}: is empty",
    ]
    assert len(run_json("docs")) == 2


# Bad input ----------------------------------------------------------------------------


def _bad_file(tmp_path: Path, name: str, content: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(content)
    return ["ingest", str(path)]


def _sparse_50_mb(tmp_path: Path) -> list[str]:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return ["ingest", str(path)]


def _text_free_folder(tmp_path: Path) -> list[str]:
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "page.pdf").write_bytes(b"%PDF-1.7")
    return ["ingest", str(tmp_path / "scans")]


def _data_dir_is_a_file(tmp_path: Path) -> list[str]:
    (tmp_path / "occupied").write_text("a file where the data directory should be")
    return ["--data-dir", str(tmp_path / "occupied"), "ingest", str(tmp_path / "orbital.txt")]


def _symlink_loop(tmp_path: Path) -> list[str]:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    return ["ingest", str(tmp_path / "loop.txt")]


BAD_INPUTS = {
    "symlink loop": (
        _symlink_loop,
        2,
        "loop.txt: cannot be read (Too many levels of symbolic links)",
    ),
    "empty file": (lambda t: _bad_file(t, "empty.txt", b""), 2, "empty.txt: is empty"),
    "binary file": (
        lambda t: _bad_file(t, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00"),
        2,
        "looks like a binary file",
    ),
    "not UTF-8": (
        lambda t: _bad_file(t, "latin1.txt", "perché così".encode("latin-1")),
        2,
        "is not UTF-8 text (byte 5)",
    ),
    "missing path": (
        lambda t: ["ingest", str(t / "missing.txt")],
        2,
        "missing.txt: no such file or directory",
    ),
    "folder without text files": (
        _text_free_folder,
        2,
        "scans: folder holds no .txt, .md or .html files",
    ),
    "50 MB file": (_sparse_50_mb, 2, "52,428,800 bytes is over the 5,000,000-byte limit"),
    "unsupported type": (
        lambda t: _bad_file(t, "scan.pdf", b"%PDF"),
        2,
        "unsupported file type '.pdf'",
    ),
    "data dir is a file": (
        _data_dir_is_a_file,
        3,
        "cannot create the data directory",
    ),
    "forget unknown id": (lambda t: ["forget", "feedfacefeedface"], 3, "no stored document"),
    "blank query": (lambda t: ["search", "  "], 2, "the search query is empty"),
    "search an empty store": (
        lambda t: ["--data-dir", str(t / "new"), "search", "Orbital"],
        3,
        "the store holds no articles: add some with 'claimscope ingest PATH'",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_one_line_an_exit_code_and_loses_nothing(
    case: str, tmp_path: Path, good_id: str
) -> None:
    make_args, exit_code, message = BAD_INPUTS[case]
    result = run(*make_args(tmp_path))
    assert result.exit_code == exit_code, result.output
    assert isinstance(result.exception, SystemExit)  # no exception escaped the command
    assert "Traceback" not in result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and message in line
    assert_still_stored(good_id)


def test_unreachable_chroma_server_is_one_line(
    good_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The connection fails at the client here; the real closed port runs in the server tier.
    monkeypatch.setattr(chromadb, "HttpClient", refused_connection)
    result = run("docs", env={"CLAIMSCOPE_CHROMA_HOST": "127.0.0.1", "CLAIMSCOPE_CHROMA_PORT": "9"})
    assert result.exit_code == 3
    assert isinstance(result.exception, SystemExit)
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: cannot reach the Chroma server at 127.0.0.1:9")
    assert_still_stored(good_id)


# Real processes -------------------------------------------------------------------------

CLAIMSCOPE = str(Path(sys.executable).parent / "claimscope")


def _articles(folder: Path, prefix: str, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for number in range(count):
        path = folder / f"{prefix}-{number}.txt"
        path.write_text(
            f"{prefix} {number}: notizia\n\n"
            f"Secondo fonti vicine al dossier, la società {prefix}{number} comprerà "
            f"{number + 2} concorrenti entro l'anno.\n\nL'azienda non ha commentato.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.mark.slow
def test_two_processes_ingesting_at_once_both_land(tmp_path: Path) -> None:
    first = _articles(tmp_path / "first", "Alfa", 3)
    second = _articles(tmp_path / "second", "Beta", 3)
    env = {**os.environ, "CLAIMSCOPE_DATA_DIR": str(tmp_path / "data")}
    processes = [
        subprocess.Popen(
            [CLAIMSCOPE, "ingest", "--json", str(path.parent)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (first[0], second[0])
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (_stdout, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
    settings = Settings(data_dir=tmp_path / "data")
    expected = {}
    for path in first + second:
        document = load_document(read_input(str(path), 10_000))
        expected[document.id] = len(chunk_document(document, settings))
    listed = run_json("docs")
    assert {d["id"]: d["chunks"] for d in listed} == expected
    # Every chunk of both writers is in the vector index, not only in the metadata.
    hits = run_json("search", "chi comprerà i concorrenti?", "-k", "100")
    found: dict[str, int] = {}
    for hit in hits:
        found[hit["chunk"]["document_id"]] = found.get(hit["chunk"]["document_id"], 0) + 1
    assert found == expected


@pytest.mark.slow
def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    # Chroma's first-open migrations race ("table collections already exists"); CI hit
    # it with two writers. Six openers make the race likely enough to catch a regression.
    opener = "from claimscope.settings import Settings; from claimscope import Store; Store.open(Settings())"
    env = {**os.environ, "CLAIMSCOPE_DATA_DIR": str(tmp_path / "data")}
    processes = [
        subprocess.Popen([sys.executable, "-c", opener], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    errors = [process.communicate(timeout=300)[1] for process in processes]
    assert [process.returncode for process in processes] == [0] * 6, errors


@pytest.mark.slow
def test_a_real_process_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    done = subprocess.run(
        [CLAIMSCOPE, "ingest", str(binary)],
        env={**os.environ, "CLAIMSCOPE_DATA_DIR": str(tmp_path / "data")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"error: {binary.resolve()}: looks like a binary file, not text"
    ]
