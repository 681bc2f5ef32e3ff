"""Reading, checking, normalising and chunking articles (the library API, no CLI)."""

from __future__ import annotations

import io
import itertools
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from claimscope.errors import ConfigError, InputError
from claimscope.ingest import (
    PROSE_SEPARATORS,
    RawInput,
    chunk_document,
    document_id,
    expand_inputs,
    ingest,
    load_document,
    read_input,
)
from claimscope.lexicons import every_language
from claimscope.models import Document
from claimscope.settings import Settings
from claimscope.store import Store

ENGLISH = (
    "Acme agrees to buy Globex\n\n"
    "Acme said on Monday that it will buy Globex for $2 billion. "
    "The deal, according to two people familiar with the talks, could close in March.\n"
)

ARTICLE_HTML = """<!doctype html>
<html lang="it"><head><title>Telvia compra FibraNet | Il Quotidiano</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/economia">Economia</a></li>
<li><a href="/abbonati">Abbonati ora al Quotidiano</a></li></ul></nav>
<article>
<h1>Telvia compra FibraNet per 3 miliardi</h1>
<p>Telvia ha annunciato ieri l'acquisto di FibraNet per 3 miliardi di euro, secondo una nota
della società diffusa dopo la chiusura della Borsa di Milano.</p>
<p>Secondo fonti vicine al dossier, l'Antitrust potrebbe chiedere la cessione di una parte
della rete in Lombardia prima di dare il via libera all'operazione.</p>
<p>L'amministratore delegato ha detto che i clienti non vedranno aumenti delle tariffe nel
corso del prossimo anno e che gli investimenti sulla fibra continueranno.</p>
</article>
<footer><p>Copyright 2026 Il Quotidiano Srl - Partita IVA 01234567890 - Tutti i diritti
riservati</p><a href="/privacy">Informativa sulla privacy</a></footer>
</body></html>
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path) -> Document:
    return load_document(read_input(str(path), 5_000_000))


# Inputs ------------------------------------------------------------------------------


def test_txt_file_becomes_a_document_with_the_exact_text(tmp_path: Path, demo_text: str) -> None:
    path = write(tmp_path / "demo.txt", demo_text)
    document = load_document(read_input(str(path), 5_000_000))
    assert document.text == demo_text
    assert document.source_path == str(path.resolve())
    assert document.language == "it"
    assert document.content_type == "text/plain"
    assert document.title.startswith("Fino a poco tempo fa")


def test_markdown_title_drops_the_heading_marks(tmp_path: Path) -> None:
    path = write(tmp_path / "news.md", "# Acme buys Globex\n\nAcme said it will buy Globex.\n")
    document = load_document(read_input(str(path), 5_000_000))
    assert document.title == "Acme buys Globex"
    assert document.content_type == "text/markdown"
    assert document.language == "en"


def test_folder_expands_to_its_text_files_only(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "nested").mkdir(parents=True)
    write(folder / "b.txt", "B")
    write(folder / "nested" / "a.md", "A")
    write(folder / "page.HTML", "<p>x</p>")
    write(folder / "notes.pdf", "not text")
    expanded = expand_inputs([str(folder), "-"])
    assert [Path(name).name for name in expanded] == ["b.txt", "a.md", "page.HTML", "-"]


def test_standard_input_is_read_as_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Secondo indiscrezioni, Acme comprerà Globex.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    document = load_document(read_input("-", 5_000_000))
    assert document.text == text
    assert document.source_path == "<stdin>"
    assert document.language == "it"


def test_html_keeps_the_article_body_and_drops_navigation_and_footer(tmp_path: Path) -> None:
    document = load_document(read_input(str(write(tmp_path / "page.html", ARTICLE_HTML)), 10**6))
    assert document.content_type == "text/html"
    assert "Telvia ha annunciato ieri" in document.text
    assert "l'Antitrust potrebbe chiedere" in document.text
    for boilerplate in ("Abbonati ora", "Economia", "Copyright", "Partita IVA", "privacy"):
        assert boilerplate not in document.text
    assert "Telvia compra FibraNet" in document.title
    assert document.language == "it"


def test_html_without_lxml_html_clean_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a stock pip 23 that did not resolve trafilatura's lxml[html_clean] extra.
    for name in [m for m in sys.modules if m.split(".")[0] in ("trafilatura", "justext")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.delitem(sys.modules, "lxml.html.clean", raising=False)
    monkeypatch.setitem(sys.modules, "lxml_html_clean", None)
    path = write(tmp_path / "page.html", ARTICLE_HTML)
    with pytest.raises(ConfigError, match="reading HTML needs trafilatura and lxml_html_clean"):
        load_document(read_input(str(path), 10**6))


def test_html_without_an_article_body_is_refused(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Il Quotidiano</title></head><body><nav><ul><li><a href='/'>Home</a>"
        "</li><li><a href='/e'>Economia</a></li></ul></nav><footer>Copyright 2026</footer>"
        "</body></html>"
    )
    path = write(tmp_path / "empty.html", page)
    with pytest.raises(InputError, match="no article text"):
        load_document(read_input(str(path), 10**6))


def test_crlf_line_ends_and_byte_order_mark_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("\ufeffTitolo\r\n\r\nUna frase.\r\n".encode())
    assert load_document(read_input(str(path), 1000)).text == "Titolo\n\nUna frase.\n"


# Normalisation and ids ------------------------------------------------------------------


def test_nfd_input_gets_the_nfc_document_id_and_keeps_its_own_text(tmp_path: Path) -> None:
    nfc = "Perché l'Antitrust è intervenuta? Così disse il ministro.\n"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    from_nfc = load_document(read_input(str(write(tmp_path / "nfc.txt", nfc)), 1000))
    from_nfd = load_document(read_input(str(write(tmp_path / "nfd.txt", nfd)), 1000))
    assert from_nfd.id == from_nfc.id
    assert from_nfd.text == nfd
    for chunk in chunk_document(from_nfd, Settings()):
        assert from_nfd.text[chunk.start : chunk.end] == chunk.text


def test_whitespace_differences_do_not_change_the_document_id() -> None:
    assert document_id("Una  frase.\n\nUn'altra.") == document_id(" Una frase. Un'altra. ")
    assert document_id("Una frase.") != document_id("Una frase diversa.")


# Chunking --------------------------------------------------------------------------------


def test_every_chunk_points_at_its_exact_text_with_full_metadata(
    tmp_path: Path, demo_text: str
) -> None:
    document = load(write(tmp_path / "demo.txt", demo_text))
    chunks = chunk_document(document, Settings(chunk_size=300, chunk_overlap=60))
    assert len(chunks) > 5
    for index, chunk in enumerate(chunks):
        assert document.text[chunk.start : chunk.end] == chunk.text
        assert chunk.index == index
        assert chunk.id == f"{document.id}:{index}"
        assert chunk.document_id == document.id
        assert (chunk.title, chunk.source_path, chunk.language) == (
            document.title,
            document.source_path,
            "it",
        )
        assert len(chunk.text) <= 300


def test_chunks_end_at_sentence_ends_not_after_titles(tmp_path: Path) -> None:
    sentences = [
        "Il dott. Rossi ha confermato l'accordo con la società.",
        "Secondo il sig. Bianchi, la firma arriverà entro marzo.",
        "Mr. Smith said the deal was done.",
        "Le cifre però non sono state confermate da nessuna delle due aziende coinvolte.",
    ]
    document = load(write(tmp_path / "titles.txt", " ".join(sentences * 3)))
    chunks = chunk_document(document, Settings(chunk_size=130, chunk_overlap=0))
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.text.startswith(tuple(sentences)), chunk.text
        assert chunk.text.endswith(tuple(sentences)), chunk.text


def test_the_chunker_reads_its_titles_from_every_language_pack() -> None:
    sentence_break = re.compile(PROSE_SEPARATORS[2])
    for title in every_language("titles"):
        text = f"Lo ha detto il {title.capitalize()}. Rossi in aula. Poi è uscito."
        assert len(sentence_break.split(text)) == 2, title


def test_a_sentence_longer_than_a_chunk_is_cut_at_clauses(tmp_path: Path) -> None:
    sentence = (
        "Secondo la stessa azienda, che non ha voluto commentare ulteriormente; "
        "i dati diffusi ieri, raccolti in tre trimestri, non sono definitivi."
    )
    document = load(write(tmp_path / "long.txt", sentence))
    texts = [c.text for c in chunk_document(document, Settings(chunk_size=100, chunk_overlap=0))]
    assert texts == [
        "Secondo la stessa azienda, che non ha voluto commentare ulteriormente;",
        "i dati diffusi ieri, raccolti in tre trimestri, non sono definitivi.",
    ]


def test_chunk_size_and_overlap_are_configurable(tmp_path: Path, demo_text: str) -> None:
    document = load(write(tmp_path / "demo.txt", demo_text))
    large = chunk_document(document, Settings(chunk_size=1000, chunk_overlap=0))
    small = chunk_document(document, Settings(chunk_size=200, chunk_overlap=0))
    overlapping = chunk_document(document, Settings(chunk_size=200, chunk_overlap=100))
    assert len(large) < len(small) <= len(overlapping)
    assert all(len(c.text) <= 1000 for c in large) and all(len(c.text) <= 200 for c in small)
    assert all(a.end <= b.start for a, b in itertools.pairwise(small))
    assert any(a.end > b.start for a, b in itertools.pairwise(overlapping))


PROSE = st.lists(
    st.sampled_from(
        [
            "L'accordo vale 10 mld. di euro.",
            "Il dott. Rossi lo ha confermato.",
            "Secondo fonti vicine al dossier, salterà.",
            "«Non commentiamo», ha detto un portavoce.",
            "Perché?",
            "Acme said the deal is done!",
            "Caffè",
            "e\u0301",
            " ",
            "\n",
            "\n\n",
            "\t",
            "\u00a0",
            "—",
            ";",
            ",",
        ]
    ),
    min_size=1,
    max_size=60,
).map(" ".join)


@hypothesis_settings(max_examples=150, deadline=None)
@given(text=PROSE, size=st.integers(100, 400), overlap=st.integers(0, 200))
def test_chunk_offsets_hold_for_any_prose(text: str, size: int, overlap: int) -> None:
    if not text.strip():
        return
    document = load_document_from_text(text)
    chunks = chunk_document(document, Settings(chunk_size=size, chunk_overlap=overlap))
    assert chunks
    starts = [chunk.start for chunk in chunks]
    assert starts == sorted(set(starts))
    for chunk in chunks:
        assert chunk.text and chunk.text == chunk.text.strip()
        assert document.text[chunk.start : chunk.end] == chunk.text


def load_document_from_text(text: str) -> Document:
    return load_document(RawInput("<stdin>", text.encode("utf-8"), "text/plain"))


# Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b" \n\t\n", "is empty"),
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
        ("latin1.txt", "perché è così".encode("latin-1"), "not UTF-8"),
        ("notes.pdf", b"%PDF-1.7", "unsupported file type '.pdf'"),
        ("README", b"text", "unsupported file type 'none'"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as raised:
        load_document(read_input(str(path), 1000))
    assert name in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_path_and_folder_without_text_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        expand_inputs([str(tmp_path / "missing.txt")])
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "page.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"holds no \.txt, \.md or \.html files"):
        expand_inputs([str(tmp_path / "scans")])


def test_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 50 MB in no time and no disk
        handle.truncate(50 * 1024 * 1024)

    def never(_self: Path) -> bytes:
        raise AssertionError("the oversized file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(InputError, match=r"52,428,800 bytes is over the 5,000,000-byte limit"):
        read_input(str(big), 5_000_000)


def test_oversized_standard_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2000)))
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        read_input("-", 1000)


# Into the store ------------------------------------------------------------------------


def test_one_bad_input_among_good_ones_stores_nothing(tmp_path: Path, settings: Settings) -> None:
    good = write(tmp_path / "good.txt", ENGLISH)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    with pytest.raises(InputError, match="binary"):
        ingest([str(good), str(bad)], settings=settings)
    assert Store.open(settings).list_documents() == []


def test_ingest_reports_progress_per_document(tmp_path: Path, settings: Settings) -> None:
    first = write(tmp_path / "a.txt", ENGLISH)
    second = write(tmp_path / "b.txt", "Una notizia.\n\nSecondo fonti, Acme comprerà Globex.")
    seen: list[str] = []
    results = ingest([str(first), str(second)], settings=settings, progress=seen.append)
    assert seen == [str(first.resolve()), str(second.resolve())]
    assert [r.status for r in results] == ["added", "added"]
    assert [r.document.language for r in results] == ["en", "it"]


def test_relative_and_absolute_paths_name_the_same_source(
    tmp_path: Path, settings: Settings
) -> None:
    path = write(tmp_path / "news.txt", ENGLISH)
    ingest(["news.txt"], settings=settings)  # the fixture made tmp_path the working directory
    write(path, ENGLISH + "\nA correction was added later.\n")
    (result,) = ingest([str(path)], settings=settings)
    assert result.status == "replaced"
    assert len(Store.open(settings).list_documents()) == 1


def test_a_headline_is_the_title_and_an_opening_paragraph_is_cut_at_a_word() -> None:
    from claimscope.ingest import TITLE_LENGTH, first_line_title

    assert first_line_title("\n# Microsoft e OpenAI\n\nTesto.") == "Microsoft e OpenAI"
    paragraph = "Fino a poco tempo fa, Microsoft era il fornitore esclusivo " * 5
    title = first_line_title(paragraph)
    assert title.endswith("…") and len(title) <= TITLE_LENGTH + 1
    assert paragraph.startswith(title[:-1]) and not title[:-1].endswith(" ")


def test_a_repeated_passage_gets_the_offsets_of_each_occurrence() -> None:
    # Found by hypothesis: the splitter's add_start_index gave both chunks start 2.
    text = "  Secondo fonti vicine al dossier, salterà. Caffè   \n Secondo fonti vicine al dossier, salterà. Caffè"
    document = load_document_from_text(text)
    chunks = chunk_document(document, Settings(chunk_size=100, chunk_overlap=47))
    assert [c.start for c in chunks] == [2, 54]
    assert all(document.text[c.start : c.end] == c.text for c in chunks)
