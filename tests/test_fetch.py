"""`claimscope ingest https://...`: a web page is fetched like a file is read. Against a
page server on loopback only.

Run with: .venv/bin/pytest -m server --allow-hosts=127.0.0.1 tests/test_fetch.py
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from claimscope.cli import app

pytestmark = [
    pytest.mark.server,
    pytest.mark.enable_socket,
    pytest.mark.allow_hosts(["127.0.0.1"]),
]

ARTICLE_PAGE = """<!doctype html><html><head><title>Orbital taglia 400 posti</title></head>
<body><nav><a href="/">Home</a> <a href="/e">Economia</a></nav>
<article><h1>Orbital taglia 400 posti</h1>
<p>Il produttore di satelliti Orbital taglierà 400 posti di lavoro in Texas, ha detto
l'azienda martedì in una nota diffusa ai dipendenti e ai sindacati.</p>
<p>Secondo fonti vicine al dossier, i tagli potrebbero salire a 600 entro la fine
dell'anno, ma la società non ha confermato.</p></article>
<footer>Copyright 2026</footer></body></html>""".encode()
PAGES = {
    "/article.html": (200, "text/html; charset=utf-8", ARTICLE_PAGE),
    "/image.png": (200, "image/png", b"\x89PNG"),
    "/huge.html": (200, "text/html", b"<p>" + b"parola " * 20_000 + b"</p>"),
}


class PageHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, content_type, body = PAGES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_page_is_fetched_extracted_and_kept_with_its_url(site: str) -> None:
    result = CliRunner().invoke(app, ["ingest", "--json", f"{site}/article.html"])
    assert result.exit_code == 0, result.output
    (stored,) = json.loads(result.stdout)
    assert stored["document"]["source_path"] == f"{site}/article.html"
    assert stored["document"]["title"] == "Orbital taglia 400 posti"
    (hit,) = json.loads(
        CliRunner().invoke(app, ["search", "--json", "-k", "1", "quanti posti"]).stdout
    )
    assert "Copyright" not in hit["chunk"]["text"] and "400 posti" in hit["chunk"]["text"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing.html", "the server answered HTTP 404"),
        ("/image.png", "unsupported content type 'image/png'"),
        ("/huge.html", "over the 100,000-byte limit"),
    ],
)
def test_a_page_that_cannot_be_used_is_one_line(site: str, path: str, message: str) -> None:
    result = CliRunner().invoke(
        app, ["ingest", f"{site}{path}"], env={"CLAIMSCOPE_MAX_FILE_BYTES": "100000"}
    )
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {site}{path}: ") and message in line


def test_no_server_is_one_line_that_says_what_to_do() -> None:
    url = f"http://127.0.0.1:{closed_port()}/article.html"
    result = CliRunner().invoke(app, ["ingest", url])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {url}: cannot fetch the page (")
    assert line.endswith("without a network, save it and ingest the file")
