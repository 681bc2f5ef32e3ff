"""Route tests of the web page with FastAPI's test client (no server, no network)."""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimscope.extract import extract_document
from claimscope.extract.llm import LLMExtractor
from claimscope.ingest import bytes_input, chunk_document, load_document
from claimscope.models import Claim, Document, HedgingLevel, Span
from claimscope.settings import EngineChoice, Settings, StructuredOutputMethod
from claimscope.store import Store
from claimscope.web.app import create_app
from claimscope.web.security import CONTENT_SECURITY_POLICY
from conftest import DEMO_ARTICLE
from fakes import claim as model_claim
from fakes import claims_reply, scripted


@dataclass(frozen=True)
class DemoStore:
    settings: Settings
    document: Document
    claims: list[Claim]


XSS_ARTICLE = """Titolo <script>window.pwned = 1</script>

Secondo alcune indiscrezioni <img src=x onerror="window.pwned = 2"> l'azienda <a href="javascript:window.pwned = 3">Acme</a> avrebbe chiuso {{ 7*7 }} accordi.
"""


@pytest.fixture
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="http://127.0.0.1")


def stored(settings: Settings, text: str, source_path: str = "article.txt") -> Document:
    """A document put in the store the way the library does it."""
    document = load_document(
        bytes_input(source_path, text.encode(), "text/plain", settings.max_file_bytes)
    )
    Store.open(settings).add_document(document, chunk_document(document, settings))
    return document


def claim_at(
    document: Document,
    claim_id: str,
    quote: str,
    level: HedgingLevel,
    cues: tuple[str, ...] = (),
    source: str | None = None,
) -> Claim:
    """A hand-made claim whose quote and cues are found in the document."""
    start = document.text.index(quote)
    cue_spans = [
        Span(text=cue, start=document.text.index(cue), end=document.text.index(cue) + len(cue))
        for cue in cues
    ]
    return Claim(
        id=claim_id,
        text=f"restated {claim_id}: {quote}",
        quote=quote,
        start=start,
        end=start + len(quote),
        hedging=level,
        cues=list(cues),
        cue_spans=cue_spans,
        source=source,
        document_id=document.id,
        engine="hand",
    )


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStore]:
    """The demo article with four hand-made claims (one inside another), stored once for the
    tests that only read: embedding it is the slow part of these tests."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith(("CLAIMSCOPE_", "OPENAI_")):
                patch.delenv(name)
        patch.chdir(tmp_path_factory.mktemp("demo-cwd"))
        settings = Settings(data_dir=tmp_path_factory.mktemp("demo-data"))
        document = stored(settings, DEMO_ARTICLE.read_text(encoding="utf-8"))
        claims = [
            claim_at(
                document,
                "c01",
                "Microsoft afferma di aver firmato un nuovo accordo con OpenAI",
                HedgingLevel.ATTRIBUTED,
                ("Microsoft afferma",),
                "Microsoft",
            ),
            claim_at(
                document,
                "c02",
                "OpenAI potrebbe rivolgersi a un fornitore cloud concorrente",
                HedgingLevel.CONDITIONAL,
                ("se Microsoft non dovesse",),
            ),
            claim_at(
                document,
                "c03",
                "OpenAI sta valutando di annullare l'accordo",
                HedgingLevel.UNCONFIRMED,
                ("Secondo alcune indiscrezione", "non sono ancora state confermate"),
                "anonymous",
            ),
            claim_at(document, "c04", "valutando", HedgingLevel.RUMORED, (), "anonymous"),
        ]
        Store.open(settings).replace_claims(document.id, claims)
        yield DemoStore(settings, document, claims)


@pytest.fixture
def demo(demo_store: DemoStore) -> tuple[Document, list[Claim]]:
    return demo_store.document, demo_store.claims


@pytest.fixture
def demo_client(demo_store: DemoStore) -> TestClient:
    return TestClient(create_app(demo_store.settings), base_url="http://127.0.0.1")


def readable(markup: str) -> str:
    """Text as a reader sees it: tags, spoken-only labels and visual claim tags removed."""
    markup = re.sub(r'<span class="visually-hidden">.*?</span>', "", markup)
    markup = re.sub(r'<span class="quote-tag[^"]*" aria-hidden="true">.*?</span>', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def visible_text(page: str) -> str:
    """The article's text as the page shows it."""
    return readable(page.split('id="article-text"', 1)[1].split("</div>", 1)[0].split(">", 1)[1])


# Documents ------------------------------------------------------------------------------


def test_empty_store_shows_the_form(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "No articles yet" in response.text
    assert 'name="text"' in response.text and 'type="file"' in response.text


def test_every_response_carries_a_strict_content_security_policy(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, _ = demo
    for path in ("/", f"/documents/{document.id}", "/static/style.css", "/no-such-page"):
        response = demo_client.get(path)
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY


def test_pasted_article_is_stored_extracted_and_listed(
    client: TestClient, settings: Settings, demo_text: str
) -> None:
    response = client.post("/documents", data={"text": demo_text}, follow_redirects=False)
    assert response.status_code == 303
    document_id = response.headers["location"].split("/documents/")[1].split("?")[0]
    store = Store.open(settings)
    document = store.get_document(document_id)
    assert document.text == demo_text
    expected = extract_document(document, settings, engine=EngineChoice.OFFLINE).claims
    assert [c.id for c in store.get_claims(document_id)] == [c.id for c in expected]
    listing = client.get("/").text
    assert document.title[:40] in html.unescape(listing)
    counts = Counter(c.hedging for c in expected)
    cells = re.findall(r'<td class="count[^"]*">(\d+)</td>', listing)
    assert [int(n) for n in cells] == [counts[level] for level in HedgingLevel] + [len(expected)]


def test_htmx_upload_is_told_where_to_go(client: TestClient) -> None:
    response = client.post(
        "/documents",
        files={"file": ("nota.md", b"# Nota\n\nAcme ha chiuso il trimestre in utile.\n")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert re.fullmatch(r"/documents/[0-9a-f]{16}\?stored=added", response.headers["HX-Redirect"])


def test_uploaded_file_keeps_only_its_name_and_writes_nothing_outside_the_data_dir(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    response = client.post(
        "/documents",
        files={"file": ("../../evil/nota.txt", b"Nota\n\nAcme ha chiuso il trimestre.\n")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    [info] = Store.open(settings).list_documents()
    assert info.source_path == "nota.txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert not (tmp_path.parent / "evil").exists()


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("report.pdf", b"%PDF-1.7", 400, "unsupported file type &#39;.pdf&#39;"),
        ("noext", b"text", 400, "unsupported file type &#39;none&#39;"),
        ("binary.txt", b"abc\x00def", 400, "looks like a binary file"),
        ("empty.txt", b"  \n", 400, "is empty"),
        ("latin1.txt", "caffè".encode("latin-1"), 400, "is not UTF-8 text"),
    ],
)
def test_bad_uploads_get_an_error_page_and_leave_the_store_alone(
    client: TestClient, settings: Settings, name: str, data: bytes, status: int, message: str
) -> None:
    response = client.post("/documents", files={"file": (name, data)})
    assert response.status_code == status
    assert message in response.text
    assert "<!doctype html>" in response.text  # a whole page for a plain form post
    assert Store.open(settings).list_documents() == []


def test_too_large_upload_is_refused_before_it_is_stored(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_file_bytes=1000)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1")
    response = client.post("/documents", files={"file": ("big.txt", b"parola " * 1000)})
    assert response.status_code == 400
    assert "over the 1,000-byte limit" in response.text
    whole_body = client.post("/documents", files={"file": ("huge.txt", b"x" * 200_000)})
    assert whole_body.status_code == 413
    assert Store.open(settings).list_documents() == []


def test_empty_form_and_both_inputs_are_refused(client: TestClient) -> None:
    assert "paste an article or choose" in client.post("/documents", data={"text": " "}).text
    both = client.post(
        "/documents", data={"text": "Testo"}, files={"file": ("a.txt", b"Altro testo")}
    )
    assert both.status_code == 400 and "not both" in both.text


def test_htmx_error_is_a_fragment_for_the_form(client: TestClient) -> None:
    response = client.post(
        "/documents", files={"file": ("a.exe", b"MZ")}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "<html" not in response.text and 'role="alert"' in response.text


def test_unknown_engine_and_unconfigured_llm_are_refused(
    client: TestClient, settings: Settings
) -> None:
    assert "unknown engine" in client.post("/documents", data={"text": "T", "engine": "x"}).text
    response = client.post("/documents", data={"text": "Testo", "engine": "llm"})
    assert response.status_code == 400 and "OPENAI_API_KEY" in response.text
    assert Store.open(settings).list_documents() == []


def test_cross_site_posts_and_foreign_hosts_are_refused(
    client: TestClient, settings: Settings
) -> None:
    refused = client.post(
        "/documents", data={"text": "Testo"}, headers={"Origin": "http://evil.example"}
    )
    assert refused.status_code == 403
    same_site = client.post(
        "/documents", data={"text": "Testo"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert same_site.status_code == 403
    assert Store.open(settings).list_documents() == []
    rebound = client.get("/", headers={"Host": "attacker.example"})
    assert rebound.status_code == 400


# Article ---------------------------------------------------------------------------------


def test_article_highlights_each_quote_with_its_level_in_text(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, claims = demo
    page = demo_client.get(f"/documents/{document.id}").text
    assert visible_text(page) == document.text
    for claim in claims:
        assert f'id="quote-{claim.id}"' in page
        assert f"[claim {claim.id}, {claim.hedging.value}]" in page  # for screen readers
    assert 'class="claim level-attributed cue"' in page  # "Microsoft afferma" is its cue
    assert (
        '<span class="cue">Secondo alcune indiscrezione</span>' in page
    )  # a cue outside any quote
    nested = re.search(r'<mark [^>]*data-claims="c04 c03"[^>]*>valutando</mark>', page)
    assert nested and "level-rumored" in nested.group(0)  # the innermost claim's colour


def test_each_highlighted_claim_is_one_keyboard_stop_described_by_level_and_source(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, claims = demo
    page = demo_client.get(f"/documents/{document.id}").text
    marks = re.findall(r"<mark [^>]*>", page)
    stops = [m for m in marks if 'tabindex="0"' in m]
    # One stop per claim, in reading order (c04 sits inside c03's quote, after its start).
    assert [re.findall(r'data-claim="([^"]+)"', m) for m in stops] == [
        ["c01"],
        ["c02"],
        ["c03"],
        ["c04"],
    ]
    for claim, stop in zip(claims, stops, strict=True):
        assert 'role="button"' in stop and f'aria-describedby="about-{claim.id}"' in stop
        assert 'hx-trigger="click, focus"' in stop  # focus shows the claim as a click does
        assert 'hx-sync="this:drop"' in stop  # a mouse click (focus, then click) loads it once
        assert f'hx-get="/documents/{document.id}/claims/{claim.id}"' in stop
    assert not any("tabindex" in m or "role=" in m for m in marks if m not in stops)
    about = dict(re.findall(r'<span id="about-([^"]+)">([^<]+)</span>', page))
    assert about == {
        "c01": "claim c01, attributed, source: Microsoft",
        "c02": "claim c02, conditional, source: the article itself",
        "c03": "claim c03, unconfirmed, source: anonymous",
        "c04": "claim c04, rumored, source: anonymous",
    }
    assert re.search(r"<div hidden>\s*<span id=\"about-c01\">", page)
    assert visible_text(page) == document.text  # the descriptions are not in the text
    style = demo_client.get("/static/style.css").text
    assert "mark.claim:focus-visible { outline: 3px solid" in style
    assert 'event.key === "Enter"' in demo_client.get("/static/claimscope.js").text
    assert " style=" not in page and "<style" not in page  # the policy allows no inline style


def test_claim_detail_fragment_and_its_no_script_redirect(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, _ = demo
    url = f"/documents/{document.id}/claims/c03"
    fragment = demo_client.get(url, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment
    assert 'data-selected-claim="c03"' in fragment
    assert "anonymous" in fragment and "non sono ancora state confermate" in fragment
    article = demo_client.get(f"/documents/{document.id}").text
    table_link = re.search(r'class="claim-button" href="([^"]+)"[^>]*>c03<', article)
    assert table_link  # without JavaScript, the table's link selects the claim
    assert html.unescape(table_link.group(1)).endswith("sort=position&claim=c03#quote-c03")
    redirect = demo_client.get(url, follow_redirects=False)
    assert redirect.status_code == 303
    assert redirect.headers["location"] == f"/documents/{document.id}?claim=c03#quote-c03"
    page = demo_client.get(redirect.headers["location"]).text
    assert 'data-selected-claim="c03"' in page


def test_table_filters_by_level_and_source_and_sorts(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, _ = demo
    url = f"/documents/{document.id}"
    rows = re.compile(r'<tr id="row-([^"]+)"')
    assert rows.findall(demo_client.get(url).text) == ["c01", "c02", "c03", "c04"]
    assert rows.findall(demo_client.get(url, params={"level": "unconfirmed"}).text) == ["c03"]
    assert rows.findall(demo_client.get(url, params={"source": "anonymous"}).text) == ["c03", "c04"]
    own_voice = demo_client.get(url, params={"source": "(the article itself)"}).text
    assert rows.findall(own_voice) == ["c02"]
    by_level = demo_client.get(url, params={"sort": "level", "descending": "true"}).text
    assert rows.findall(by_level) == ["c01", "c02", "c04", "c03"]
    assert rows.findall(demo_client.get(url, params={"level": "", "source": ""}).text) == [
        "c01",
        "c02",
        "c03",
        "c04",
    ]


def test_table_fragment_for_htmx(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, _ = demo
    response = demo_client.get(
        f"/documents/{document.id}",
        params={"level": "rumored"},
        headers={"HX-Request": "true", "HX-Target": "claim-table"},
    )
    assert response.text.lstrip().startswith('<div id="claim-table" data-visible-claims="c04">')
    assert 'id="article-text"' not in response.text
    assert '<option value="anonymous">' in response.text  # the source filter keeps its options


def test_exports_follow_the_table_filters(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, claims = demo
    jsonl = demo_client.get(f"/documents/{document.id}/claims.jsonl")
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in jsonl.headers["content-disposition"]
    exported = [Claim.model_validate_json(line) for line in jsonl.text.splitlines()]
    assert exported == claims
    filtered = demo_client.get(
        f"/documents/{document.id}/claims.csv", params={"source": "anonymous"}
    )
    assert filtered.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(filtered.text)))
    assert [row["id"] for row in table] == ["c03", "c04"]
    assert table[0]["cues"] == "Secondo alcune indiscrezione; non sono ancora state confermate"
    assert table[0]["hedging"] == "unconfirmed" and table[0]["start"] == str(claims[2].start)


def test_citation_link_outlines_the_cited_span(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, claims = demo
    target = claims[1]
    page = demo_client.get(
        f"/documents/{document.id}", params={"start": target.start, "end": target.end}
    ).text
    after_anchor = page.split('<span id="cited" class="cited">', 1)[1]
    assert readable(after_anchor).startswith(target.quote)
    assert visible_text(page) == document.text


def test_article_extracted_again_with_the_rules_engine(
    client: TestClient, settings: Settings
) -> None:
    document = stored(settings, "Nota\n\nSecondo Reuters, Acme ha chiuso il trimestre in utile.\n")
    hand_made = claim_at(document, "c01", "Acme ha chiuso il trimestre", HedgingLevel.ASSERTED)
    Store.open(settings).replace_claims(document.id, [hand_made])
    response = client.post(
        f"/documents/{document.id}/extract", data={"engine": "rules"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/documents/{document.id}?stored=extracted"
    claims = Store.open(settings).get_claims(document.id)
    assert claims and {c.engine for c in claims} == {"rules"}
    assert "The claims were extracted again." in client.get(response.headers["location"]).text


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/documents/ffffffffffffffff", 404, "no stored document with id"),
        ("/documents/{id}/claims/c99", 404, "has no claim &#39;c99&#39;"),
        ("/documents/{id}?level=certain", 400, "level: Input should be"),
        ("/documents/{id}?start=-1&end=3", 400, "start: Input should be greater than"),
        ("/documents/{id}/claims.xml", 400, "export_format"),
        ("/nowhere", 404, "no such page"),
    ],
)
def test_bad_requests_get_one_line_error_pages(
    demo_client: TestClient,
    demo: tuple[Document, list[Claim]],
    path: str,
    status: int,
    message: str,
) -> None:
    response = demo_client.get(path.replace("{id}", demo[0].id))
    assert response.status_code == status
    assert message in response.text
    assert "Traceback" not in response.text


# Untrusted text --------------------------------------------------------------------------


def test_article_markup_and_template_syntax_render_as_inert_text(
    client: TestClient, settings: Settings
) -> None:
    response = client.post("/documents", data={"text": XSS_ARTICLE}, follow_redirects=False)
    document_id = response.headers["location"].split("/documents/")[1].split("?")[0]
    document = Store.open(settings).get_document(document_id)
    hostile = claim_at(
        document,
        "c01",
        '<img src=x onerror="window.pwned = 2">',
        HedgingLevel.RUMORED,
        ("Secondo alcune indiscrezioni",),
        "<script>window.pwned = 4</script>",
    )
    Store.open(settings).replace_claims(document_id, [hostile])
    pages = [
        client.get(f"/documents/{document_id}").text,
        client.get(f"/documents/{document_id}/claims/c01", headers={"HX-Request": "true"}).text,
        client.get("/").text,
    ]
    for page in pages:
        assert "<script>window" not in page
        assert "<img src=x" not in page
        assert 'href="javascript:' not in page
        assert "49 accordi" not in page
    article = pages[0]
    assert visible_text(article) == document.text
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in article
    assert "{{ 7*7 }} accordi" in article
    assert re.findall(r"<script[^>]*>", article) == [
        '<script src="/static/htmx.min.js" defer>',
        '<script src="/static/claimscope.js" defer>',
    ]


def test_static_files_are_served_from_the_package(client: TestClient) -> None:
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:2000]
    assert "0BSD" in client.get("/static/NOTICE").text
    assert client.get("/static/../app.py").status_code == 404


# Ask, summary, eval ----------------------------------------------------------------------


def test_answer_cites_quotes_that_link_to_the_outlined_span(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, claims = demo
    response = demo_client.post(
        "/ask",
        data={"question": "Che cosa sta valutando OpenAI secondo le indiscrezioni?"},
        headers={"HX-Request": "true", "HX-Target": "answer"},
    )
    assert response.status_code == 200 and "<html" not in response.text
    links = re.findall(r'class="citation-mark" href="([^"]+)"', response.text)
    assert links, response.text
    first = html.unescape(links[0])
    assert first.startswith(f"/documents/{document.id}?start=") and first.endswith("#cited")
    page = demo_client.get(first.split("#")[0])
    assert page.status_code == 200 and 'id="cited"' in page.text
    unconfirmed = next(c for c in claims if c.hedging is HedgingLevel.UNCONFIRMED)
    assert f"claim={unconfirmed.id}" in html.unescape(response.text)
    assert "level-unconfirmed" in response.text


def test_question_is_inert_text_and_bad_questions_get_one_line(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    hostile = "<script>window.pwned = 1</script> {{ 7*7 }} accordi?"
    page = demo_client.post("/ask", data={"question": hostile}).text
    assert "<script>window" not in page and "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "{{ 7*7 }} accordi?" in page and "49 accordi" not in page
    empty = demo_client.post("/ask", data={"question": "  "})
    assert empty.status_code == 400 and "the question is empty" in empty.text


def test_ask_with_an_empty_store_says_so(client: TestClient) -> None:
    response = client.post("/ask", data={"question": "Chi ha firmato?"})
    assert response.status_code == 404 and "the store holds no articles" in response.text


def test_summary_report_is_framed_with_its_own_strict_policy(
    demo_client: TestClient, demo: tuple[Document, list[Claim]]
) -> None:
    document, _ = demo
    page = demo_client.get("/summary", params={"doc": document.id[:8]}).text
    assert (
        f'<iframe class="report-frame" title="Claim summary" sandbox src="/summary.html?doc={document.id}">'
        in page
    )
    report = demo_client.get("/summary.html", params={"doc": document.id})
    assert report.status_code == 200 and "Claim summary" in report.text
    policy = report.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert "script-src" not in policy and "frame-ancestors 'self'" in policy


def test_eval_page_runs_the_rules_engine_and_shows_the_latest_report(
    client: TestClient, settings: Settings
) -> None:
    assert "No eval has been run" in client.get("/eval").text
    response = client.post("/eval", data={"engine": "rules"}, follow_redirects=False)
    assert response.status_code == 303
    [saved] = (settings.data_dir / "eval-results").glob("*-rules.json")
    assert saved.name in client.get("/eval").text
    report = client.get("/eval/report.html")
    assert "data:image/png;base64," in report.text
    assert "sandbox" in report.headers["Content-Security-Policy"]


def test_configured_llm_is_the_default_engine_and_its_claims_are_shown(tmp_path: Path) -> None:
    """Plumbing only: a scripted model stands in for the LLM server."""
    settings = Settings(
        data_dir=tmp_path / "data",
        openai_base_url="http://llm.test/v1",
        structured_output=StructuredOutputMethod.FUNCTION_CALLING,
    )
    assert (
        "extraction engine: <strong>llm</strong>"
        in TestClient(create_app(settings), base_url="http://127.0.0.1").get("/").text
    )
    model = scripted(
        claims_reply(
            model_claim(
                "Acme avrebbe acquistato Beta",
                hedging="rumored",
                cues=["Secondo fonti anonime"],
                source="anonymous",
            )
        )
    )
    client = TestClient(
        create_app(settings, extractor=LLMExtractor(settings, model=model)),
        base_url="http://127.0.0.1",
    )
    text = "Acme e Beta\n\nSecondo fonti anonime, Acme avrebbe acquistato Beta per 3 milioni.\n"
    location = client.post("/documents", data={"text": text}, follow_redirects=False).headers[
        "location"
    ]
    page = client.get(location).text
    assert "1 claims by the llm engine" in page
    assert "[claim c01, rumored]" in page
    assert '<span class="cue">Secondo fonti anonime</span>' in page


def test_two_uploads_with_one_file_name_are_two_articles(client: TestClient) -> None:
    first = client.post(
        "/documents", files={"file": ("nota.txt", b"Nota\n\nAcme ha chiuso in utile.\n")}
    )
    second = client.post(
        "/documents", files={"file": ("nota.txt", b"Nota\n\nBeta ha chiuso in perdita.\n")}
    )
    assert first.status_code == second.status_code == 200
    assert "stored=added" in str(second.url)
    assert client.get(str(first.url).split("?")[0]).status_code == 200
    assert len(set(re.findall(r'href="/documents/([0-9a-f]{16})"', client.get("/").text))) == 2


def test_another_site_cannot_spend_llm_tokens_through_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "data", openai_base_url="http://llm.test/v1")
    stored(settings, "Acme e Beta\n\nAcme ha comprato Beta per 3 milioni di euro.\n")
    calls: list[Settings] = []
    monkeypatch.setattr("claimscope.summary.llm_overview", lambda s: calls.append(s))
    client = TestClient(create_app(settings), base_url="http://127.0.0.1")
    framed = client.get("/summary.html", headers={"Sec-Fetch-Site": "cross-site"})
    assert framed.status_code == 403 and calls == []
    own = client.get("/summary.html", headers={"Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 200 and len(calls) == 1
