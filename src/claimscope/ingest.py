"""Read articles (txt, md, html, stdin, web pages), turn them into documents and chunks,
store them."""

from __future__ import annotations

import functools
import hashlib
import http.client
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimscope.errors import ConfigError, InputError
from claimscope.lexicons import every_language
from claimscope.models import Chunk, Document, IngestResult
from claimscope.settings import Settings
from claimscope.text import canonical, detect_language

if TYPE_CHECKING:
    from claimscope.store import Store

TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown"}
HTML_SUFFIXES = {".html": "text/html", ".htm": "text/html"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
STDIN = "-"
URL_SCHEMES = ("http://", "https://")
# What a web server may call a page that ingest can read, and how it is read.
FETCHED_TYPES = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
    "text/markdown": "text/markdown",
}

# A full stop after a title ("Dott.", "Mr.": the packs' `titles`, of every language, since
# articles quote names of any language) is followed by a capital, a name, yet ends no sentence.
_NOT_AFTER_TITLE = "".join(
    rf"(?<!\b(?i:{re.escape(title)})\.)" for title in every_language("titles")
)
# A sentence ends at . ! ? or … (then perhaps a closing quote or bracket), before a capital.
_SENTENCE_BREAK = (
    rf"(?:(?<=[.!?…])|(?<=[.!?…][\"'»”’)])){_NOT_AFTER_TITLE}\s+(?=[\"'«“‘(]?[A-ZÀ-Ý])"
)
# Paragraph, line, sentence, clause, word: the order in which prose may be cut. Regular
# expressions without capturing groups (the splitter wraps each in one to keep it).
PROSE_SEPARATORS = [
    r"\n\s*\n",
    r"\n",
    _SENTENCE_BREAK,
    r"(?<=[;:])\s+",
    r"(?<=,)\s+|\s+(?=[–—]\s)",
    r"\s+",
    "",
]

Progress = Callable[[str], None]
EmbeddingProgress = Callable[[str, int, int], None]
"""Called with (source, chunks embedded, chunks in all) as a document's chunks are embedded."""


@dataclass(frozen=True)
class RawInput:
    """Bytes read from one input, before decoding."""

    source_path: str
    data: bytes
    content_type: str


@dataclass(frozen=True)
class Inputs:
    """What the names given stand for: the inputs to read, and why files in the named
    folders were left out."""

    names: list[str]
    skipped: list[str]


@dataclass
class IngestReport:
    """What an ingest of many inputs did: stored, left out, and could not read."""

    results: list[IngestResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def is_url(name: str) -> bool:
    return name.lower().startswith(URL_SCHEMES)


def find_inputs(paths: Iterable[str]) -> Inputs:
    """Files named directly, the supported files inside named folders, `-` and URLs."""
    names: list[str] = []
    skipped: list[str] = []
    for name in paths:
        if name == STDIN or is_url(name):
            names.append(name)
            continue
        path = Path(name)
        _require_reachable(path, name)
        if not path.is_dir():
            names.append(name)
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file())
        found = [p for p in files if p.suffix.lower() in SUPPORTED_SUFFIXES]
        left_out = [f"{p}: {_unsupported(p.suffix)}" for p in files if p not in found]
        if not found:
            others = f" ({len(left_out)} other files skipped)" if left_out else ""
            raise InputError(f"{name}: folder holds no .txt, .md or .html files{others}")
        names.extend(str(p) for p in found)
        skipped.extend(left_out)
    return Inputs(names, skipped)


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """The inputs that `paths` stand for (see find_inputs)."""
    return find_inputs(paths).names


def _require_reachable(path: Path, name: str) -> None:
    """A path that can be looked at; a symlink loop says so rather than "no such file"."""
    try:
        path.stat()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file or directory") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror})") from None


def read_input(name: str, max_bytes: int, fetch_timeout: float = 20.0) -> RawInput:
    """Read one input without trusting it: size, type and readability are checked."""
    if is_url(name):
        return fetch_page(name, max_bytes, fetch_timeout)
    if name == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        return _checked(RawInput("<stdin>", data, "text/plain"), max_bytes)
    path = Path(name)
    content_type = content_type_of(name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name}: {size:,} bytes is over the {max_bytes:,}-byte limit (CLAIMSCOPE_MAX_FILE_BYTES)"
            )
        data = path.read_bytes()
    except IsADirectoryError as error:
        raise InputError(f"{name}: is a directory") from error
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror})") from error
    # Absolute, so that a changed file replaces its old version whatever the working directory.
    return _checked(RawInput(str(path.resolve()), data, content_type), max_bytes)


def fetch_page(url: str, max_bytes: int, timeout: float) -> RawInput:
    """A web page, fetched like a file is read: bounded in size and time; the URL is its
    source. With no network, one line says so."""
    request = urllib.request.Request(url, headers={"User-Agent": "claimscope"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            media_type = response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: the server answered HTTP {error.code}") from None
    except urllib.error.URLError as error:
        raise InputError(
            f"{url}: cannot fetch the page ({error.reason}); without a network, save it "
            "and ingest the file"
        ) from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise InputError(
            f"{url}: cannot fetch the page ({error or type(error).__name__})"
        ) from None
    if media_type not in FETCHED_TYPES:
        raise InputError(f"{url}: unsupported content type '{media_type}' (use an HTML page)")
    return _checked(RawInput(url, data, FETCHED_TYPES[media_type]), max_bytes)


def content_type_of(name: str) -> str:
    """The content type that a file name's suffix stands for; other suffixes are refused."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"{name}: {_unsupported(suffix)}")
    return SUPPORTED_SUFFIXES[suffix]


def _unsupported(suffix: str) -> str:
    return f"unsupported file type '{suffix or 'none'}' (use .txt, .md or .html)"


def bytes_input(source_path: str, data: bytes, content_type: str, max_bytes: int) -> RawInput:
    """Bytes that arrived without a file (an upload, a paste), checked like a file's.
    `source_path` is only a label: nothing is ever opened by it."""
    return _checked(RawInput(source_path, data, content_type), max_bytes)


def _checked(raw: RawInput, max_bytes: int) -> RawInput:
    if len(raw.data) > max_bytes:
        raise InputError(
            f"{raw.source_path}: over the {max_bytes:,}-byte limit (CLAIMSCOPE_MAX_FILE_BYTES)"
        )
    if b"\x00" in raw.data:
        raise InputError(f"{raw.source_path}: looks like a binary file, not text")
    if not raw.data.strip():
        raise InputError(f"{raw.source_path}: is empty")
    return raw


def decode(raw: RawInput) -> str:
    try:
        text = raw.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{raw.source_path}: is not UTF-8 text (byte {error.start})") from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_body(html: str, source_path: str) -> tuple[str, str | None]:
    """The article body and title of an HTML page, by trafilatura."""
    try:
        import trafilatura
    except ImportError as error:
        raise ConfigError(
            f"{source_path}: reading HTML needs trafilatura and lxml_html_clean ({error}); "
            "install them with: pip install -e . (or pip install lxml_html_clean)"
        ) from error

    body = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    if not body or not body.strip():
        raise InputError(f"{source_path}: no article text found in the HTML")
    metadata = trafilatura.extract_metadata(html)
    return body, metadata.title if metadata and metadata.title else None


TITLE_LENGTH = 120


def first_line_title(text: str) -> str:
    """The headline; an article that opens with a paragraph instead gets its start, cut at a
    word boundary, since a whole paragraph is no title."""
    for line in text.splitlines():
        headline = line.strip().lstrip("#").strip()
        if headline:
            if len(headline) <= TITLE_LENGTH:
                return headline
            return headline[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


def document_id(text: str) -> str:
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()[:16]


def load_document(raw: RawInput) -> Document:
    """Decode and (for HTML) extract the text; the text kept is the one quotes point into."""
    text = decode(raw)
    title: str | None = None
    if raw.content_type == "text/html":
        text, title = html_body(text, raw.source_path)
    if not text.strip():
        raise InputError(f"{raw.source_path}: is empty")
    return Document(
        id=document_id(text),
        title=title or first_line_title(text),
        text=text,
        source_path=raw.source_path,
        language=detect_language(text),
        content_type=raw.content_type,
    )


def chunk_document(document: Document, settings: Settings) -> list[Chunk]:
    """Sentence-aware chunks with exact offsets into the document text."""
    # Imported here: it loads much of LangChain, which commands that do not chunk need not pay.
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=settings.chunk_size,
        chunk_overlap=min(settings.chunk_overlap, settings.chunk_size // 2),
        separators=PROSE_SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
        strip_whitespace=True,
    )
    chunks = []
    start = -1
    for index, text in enumerate(splitter.split_text(document.text)):
        # Each chunk starts after the previous one; the splitter's own add_start_index
        # searches from an estimate and puts a repeated passage at its first occurrence.
        start = document.text.find(text, start + 1)
        chunks.append(
            Chunk(
                id=f"{document.id}:{index}",
                document_id=document.id,
                index=index,
                text=text,
                start=start,
                end=start + len(text),
                title=document.title,
                source_path=document.source_path,
                language=document.language,
            )
        )
    return chunks


def ingest(
    paths: Iterable[str],
    settings: Settings | None = None,
    store: Store | None = None,
    progress: Progress | None = None,
    embedding_progress: EmbeddingProgress | None = None,
) -> list[IngestResult]:
    """Ingest files, folders, URLs or `-` into the store. Every input is read and checked
    first, so a bad input leaves the store exactly as it was."""
    settings = settings or Settings()
    documents = [
        load_document(read_input(name, settings.max_file_bytes, settings.fetch_timeout))
        for name in expand_inputs(paths)
    ]
    return _stored(documents, settings, store, progress, embedding_progress)


def ingest_each(
    paths: Iterable[str],
    settings: Settings,
    progress: Progress | None = None,
    embedding_progress: EmbeddingProgress | None = None,
) -> IngestReport:
    """Ingest what can be: each input is read and checked on its own, and the ones that
    cannot be used are reported rather than refusing the others (the CLI's ingest)."""
    inputs = find_inputs(paths)
    report = IngestReport(skipped=inputs.skipped)
    documents = []
    for name in inputs.names:
        try:
            raw = read_input(name, settings.max_file_bytes, settings.fetch_timeout)
            documents.append(load_document(raw))
        except InputError as error:
            report.failed.append(str(error))
    if documents:
        report.results = _stored(documents, settings, None, progress, embedding_progress)
    return report


def _stored(
    documents: list[Document],
    settings: Settings,
    store: Store | None,
    progress: Progress | None,
    embedding_progress: EmbeddingProgress | None,
) -> list[IngestResult]:
    if store is None:
        # Imported here: Chroma takes a quarter of a second to import (bench/command_speed.py).
        from claimscope.store import Store

        store = Store.open(settings)
    results = []
    for document in documents:
        if progress:
            progress(document.source_path)
        chunks = chunk_document(document, settings)
        embedded = (
            functools.partial(embedding_progress, document.source_path)
            if embedding_progress
            else None
        )
        results.append(store.add_document(document, chunks, progress=embedded))
    return results
