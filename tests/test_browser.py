"""End to end in a real headless browser: `claimscope web` on a free loopback port, driven by
Debian's Chromium through Playwright. Run with

    pytest -m browser --allow-hosts=127.0.0.1 tests/test_browser.py

Screenshots of the main pages are left in tests/artifacts/ (not committed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright

from claimscope.extract import extract_document
from claimscope.highlight import highlight
from claimscope.ingest import load_document, read_input
from claimscope.models import Claim, ExtractionReport, HedgingLevel
from claimscope.settings import EngineChoice, Settings
from conftest import DEMO_ARTICLE, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
# Storing the demo article embeds it and extracts its claims: slow on a busy machine.
SLOW_STEP_MS = 180_000

XSS_ARTICLE = """Fuga di notizie <script>window.pwned = "script"; alert("script")</script>

Secondo alcune indiscrezioni <img src=x onerror="window.pwned = 'img'; alert('img')"> la società
<a href="javascript:window.pwned = 'link'">Acme</a> avrebbe firmato {{ 7*7 }} contratti
<svg onload="window.pwned = 'svg'"></svg>, ma la notizia non è stata confermata.
<iframe srcdoc="<script>parent.pwned = 'iframe'</script>"></iframe>
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`claimscope web --port 0` over a fresh data directory; yields the printed address."""
    workdir = tmp_path_factory.mktemp("web")
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CLAIMSCOPE_", "OPENAI_", "LANGCHAIN_", "LANGSMITH_"))
    }
    environment["CLAIMSCOPE_DATA_DIR"] = str(workdir / "data")
    process = subprocess.Popen(
        [sys.executable, "-c", "from claimscope.cli import app; app()", "web", "--port", "0"],
        cwd=workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    line = process.stdout.readline()
    if not line.startswith("claimscope web on http://127.0.0.1:"):
        process.kill()
        _, error = process.communicate()
        pytest.fail(f"the server did not start: {line!r} {error}")
    yield line.split()[3]
    process.terminate()
    process.communicate(timeout=30)  # waits, and closes the pipes


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watch:
    """What a page did that it must not: dialogs opened, errors and policy violations."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(SLOW_STEP_MS)
    yield opened
    context.close()


@pytest.fixture(scope="module")
def library_report() -> ExtractionReport:
    """What the library's own extract_document finds in the demo article with the default
    engine, offline (what the page stores)."""
    document = load_document(read_input(str(DEMO_ARTICLE), 10_000_000))
    return extract_document(document, Settings(), engine=EngineChoice.OFFLINE)


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def paste(page: Page, server: str, text: str) -> None:
    page.goto(server)
    page.fill("textarea[name=text]", text)
    page.click("#add-article button[type=submit]")
    page.wait_for_url("**/documents/*?stored=*")


def test_demo_article_read_through_its_claims(
    page: Page, server: str, library_report: ExtractionReport
) -> None:
    watch = Watch(page)
    paste(page, server, DEMO_ARTICLE.read_text(encoding="utf-8"))
    assert library_report.document_id in page.url
    claims = library_report.claims
    expected = Counter(c.hedging for c in claims)
    for level in HedgingLevel:
        shown = page.locator(f"#article-text .quote-tag.level-{level.value}").count()
        assert shown == expected[level], level
    spoken = page.locator("#article-text .visually-hidden").all_inner_texts()
    assert [s.strip() for s in spoken] == [f"[claim {c.id}, {c.hedging.value}]" for c in claims]
    assert page.locator("#claim-table tbody tr[data-claim]").count() == len(claims)
    screenshot(page, "article")

    chosen = next(c for c in claims if c.hedging is not HedgingLevel.ASSERTED)
    page.locator(f'#article-text mark[data-claim="{chosen.id}"]').first.click()
    card = page.locator(f'#claim-detail [data-selected-claim="{chosen.id}"]')
    card.wait_for()
    assert chosen.text in card.inner_text() and chosen.hedging.value in card.inner_text()
    selected = page.locator("#article-text mark.selected")
    # The page marks the highlights once htmx has settled the card, a moment after the swap.
    selected.first.wait_for()
    assert all(
        chosen.id in m.split() for m in selected.evaluate_all("ms => ms.map(m => m.dataset.claims)")
    )
    screenshot(page, "article-selected")

    level, count = expected.most_common()[-1]
    page.select_option("#filter-level", level.value)
    page.wait_for_url(f"**level={level.value}**")
    page.locator("#article-text mark.claim.dimmed").first.wait_for()
    rows = page.locator("#claim-table tbody tr[data-claim]")
    assert rows.count() == count
    kept = page.locator("#article-text mark.claim:not(.dimmed)").evaluate_all(
        "ms => ms.map(m => m.dataset.claim)"
    )
    wanted = {c.id for c in claims if c.hedging is level}
    assert kept and set(kept) <= wanted
    screenshot(page, "article-filtered")
    assert watch.dialogs == [] and watch.console_errors == []


def described(claim: Claim) -> str:
    return (
        f"claim {claim.id}, {claim.hedging.value}, source: {claim.source or 'the article itself'}"
    )


def test_highlights_are_reached_with_tab_and_show_their_claim(
    page: Page, server: str, library_report: ExtractionReport
) -> None:
    watch = Watch(page)
    text = DEMO_ARTICLE.read_text(encoding="utf-8")
    paste(page, server, text)
    claims = {c.id: c for c in library_report.claims}
    pieces = highlight(
        load_document(read_input(str(DEMO_ARTICLE), 10_000_000)).text, [*claims.values()]
    )
    order = [p.innermost_claim for p in pieces if p.tab_stop]
    assert sorted(order) == sorted(claims)  # every claim of the demo article is reachable

    page.locator('.article-head a[href^="/summary?doc="]').focus()  # just before the text
    focused = page.locator("#article-text mark.claim:focus")
    for claim_id in order[:3]:
        page.keyboard.press("Tab")
        assert focused.get_attribute("data-claim") == claim_id
        card = page.locator(f'#claim-detail [data-selected-claim="{claim_id}"]')
        card.wait_for()  # focus shows the claim, as a click does
        assert claims[claim_id].text in card.inner_text()
        ring = focused.evaluate(
            "m => [getComputedStyle(m).outlineStyle, getComputedStyle(m).outlineWidth]"
        )
        assert ring == ["solid", "3px"]
        description = focused.evaluate(
            "m => document.getElementById(m.getAttribute('aria-describedby')).textContent"
        )
        assert description == described(claims[claim_id])
        assert focused.get_attribute("role") == "button"
    screenshot(page, "article-keyboard")

    # Enter shows the focused highlight's claim again after another one was chosen.
    other = order[0]
    page.evaluate(
        "url => htmx.ajax('GET', url, '#claim-detail')",
        f"{page.url.split('?')[0]}/claims/{other}",
    )
    page.locator(f'#claim-detail [data-selected-claim="{other}"]').wait_for()
    page.keyboard.press("Enter")
    page.locator(f'#claim-detail [data-selected-claim="{order[2]}"]').wait_for()

    # The summary report (no script): focus shows what hovering shows, its title.
    page.goto(f"{server}summary.html?doc={library_report.document_id}")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    mark = page.locator("mark:focus")
    after = mark.evaluate("m => getComputedStyle(m, '::after').content")
    assert after == f'"{mark.get_attribute("title")}"'
    assert " · source: " in after
    screenshot(page, "summary-keyboard")
    assert watch.dialogs == [] and watch.console_errors == []


def test_question_answered_with_citations_that_open_the_quote(page: Page, server: str) -> None:
    watch = Watch(page)
    paste(page, server, DEMO_ARTICLE.read_text(encoding="utf-8"))
    page.goto(server + "ask")
    page.fill("#question", "Che cosa concede a Microsoft la nuova intesa con OpenAI sul cloud?")
    page.click(".ask button[type=submit]")
    page.locator(".answer-card").wait_for()
    citations = page.locator("ol.citations li")
    assert citations.count() >= 1
    levels = page.locator("ol.citations li .level").all_inner_texts()
    assert len(levels) == citations.count()
    quote = page.locator("ol.citations li .citation-link").first.inner_text().strip("“”")
    screenshot(page, "ask")

    page.locator(".answer-text .citation-mark").first.click()
    page.wait_for_url("**#cited")
    cited = page.locator("#cited")
    assert cited.is_visible()
    hidden_labels = cited.locator(".visually-hidden, .quote-tag").all_inner_texts()
    shown = cited.inner_text()
    for label in hidden_labels:
        shown = shown.replace(label, "", 1)
    assert " ".join(shown.split()) == " ".join(quote.split())
    in_view = cited.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"
    )
    assert in_view
    screenshot(page, "citation")
    assert watch.dialogs == [] and watch.console_errors == []


def test_hostile_article_and_question_run_no_script(page: Page, server: str) -> None:
    watch = Watch(page)
    paste(page, server, XSS_ARTICLE)
    assert page.evaluate("typeof window.pwned") == "undefined"
    text = page.locator("#article-text")
    assert text.locator("script, img, svg, iframe, a").count() == 0
    assert "<script>window.pwned" in text.inner_text() and "{{ 7*7 }}" in text.inner_text()
    for mark in text.locator("mark").all():
        mark.click()
        page.locator("#claim-detail [data-selected-claim]").wait_for()
    screenshot(page, "hostile-article")

    page.goto(server + "ask")
    page.fill("#question", "<img src=x onerror=\"window.pwned = 'q'; alert(1)\"> {{ 7*7 }}")
    page.click(".ask button[type=submit]")
    page.locator(".answer-card, .error").first.wait_for()
    page.goto(server)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert watch.dialogs == []
    assert not [e for e in watch.console_errors if "Content Security Policy" in e]


def test_uploads_through_the_file_input(page: Page, server: str, tmp_path: Path) -> None:
    article = tmp_path / "nota.html"
    article.write_text(
        "<html><head><title>Nota su Acme</title><script>window.pwned = 1</script></head><body>"
        "<article><h1>Nota su Acme</h1><p>Secondo Reuters, Acme ha chiuso il trimestre in utile "
        "e potrebbe assumere 200 persone entro giugno.</p></article></body></html>",
        encoding="utf-8",
    )
    page.goto(server)
    page.set_input_files("#article-file", str(article))
    page.click("#add-article button[type=submit]")
    page.wait_for_url("**/documents/*?stored=added")
    assert "Acme ha chiuso il trimestre" in page.locator("#article-text").inner_text()
    assert page.evaluate("typeof window.pwned") == "undefined"

    refused = tmp_path / "scan.pdf"
    refused.write_bytes(b"%PDF-1.7")
    page.goto(server)
    page.set_input_files("#article-file", str(refused))
    page.click("#add-article button[type=submit]")
    message = page.locator("#add-result .error-message")
    message.wait_for()
    assert "unsupported file type '.pdf'" in message.inner_text()
    assert page.url == server
    screenshot(page, "documents-refused-upload")


def test_summary_and_eval_pages_render_their_reports(page: Page, server: str) -> None:
    watch = Watch(page)
    paste(page, server, DEMO_ARTICLE.read_text(encoding="utf-8"))
    page.goto(server + "summary")
    summary = page.frame_locator("iframe.report-frame")
    summary.locator("h1").wait_for()
    assert summary.locator("h1").inner_text() == "Claim summary"
    screenshot(page, "summary")

    page.goto(server + "eval")
    page.select_option("#eval-engine", "rules")
    page.click("form button[type=submit]")
    report = page.frame_locator("iframe.report-frame")
    report.locator("img").first.wait_for()
    assert "rules" in page.locator("main").inner_text()
    screenshot(page, "eval")
    assert watch.dialogs == [] and watch.console_errors == []


def test_busy_port_and_other_interfaces_are_reported_in_one_line(server: str) -> None:
    busy_port = server.rstrip("/").rsplit(":", 1)[1]
    command = [sys.executable, "-c", "from claimscope.cli import app; app()", "web"]
    busy = subprocess.run(
        [*command, "--port", busy_port], capture_output=True, text=True, timeout=120
    )
    assert busy.returncode == 2
    assert busy.stderr.strip() == (
        f"error: cannot listen on 127.0.0.1:{busy_port} (Address already in use); "
        "choose another --port or CLAIMSCOPE_WEB_PORT"
    )
    exposed = subprocess.run(
        [*command, "--host", "0.0.0.0", "--port", busy_port],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exposed.stderr.startswith("warning: listening on 0.0.0.0: anyone who can reach")
    assert exposed.returncode == 2 and "Traceback" not in exposed.stderr


def right_edges(page: Page, selector: str, within: str) -> tuple[float, float]:
    """The right edge of the first `selector` and of its closest `within` ancestor."""
    edges: tuple[float, float] = page.locator(selector).first.evaluate(
        f"""e => [e.getBoundingClientRect().right,
                 e.closest({within!r}).getBoundingClientRect().right]"""
    )
    return edges


@pytest.mark.parametrize("width", [1280, 800])
def test_pages_fit_a_1280_and_an_800_pixel_window(
    browser: Browser, server: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(SLOW_STEP_MS)
    watch = Watch(page)
    paste(page, server, DEMO_ARTICLE.read_text(encoding="utf-8"))
    # The article's claim table, "Where" column included, lies inside its panel and window.
    where, panel = right_edges(page, "#claim-table thead th:last-child", "section")
    assert "Where" in page.locator("#claim-table thead th:last-child").inner_text()
    assert where <= panel <= width
    screenshot(page, f"article-{width}")

    page.goto(server + "ask")
    page.fill("#question", "Che cosa concede a Microsoft la nuova intesa con OpenAI sul cloud?")
    page.click(".ask button[type=submit]")
    page.locator(".answer-card").wait_for()
    cited = " ".join(page.locator("ol.citations li").all_inner_texts())
    assert "source:" in cited and re.search(r"\S(?:source|fonte):", cited) is None
    screenshot(page, f"ask-{width}")

    page.goto(server + "eval")
    report = page.frame_locator("iframe.report-frame")
    if not report.locator("table").count():
        page.select_option("#eval-engine", "rules")
        page.click("form button[type=submit]")
    report.locator("table").last.wait_for()
    frame = page.frame_locator("iframe.report-frame").locator("body")
    overflowing = frame.evaluate(
        """body => [...body.querySelectorAll('table')].filter(t => {
             const box = t.parentElement.getBoundingClientRect();
             return t.getBoundingClientRect().right > box.right + 0.5
                 && getComputedStyle(t.parentElement).overflowX === 'visible';
           }).length"""
    )
    assert overflowing == 0
    assert frame.evaluate("b => b.scrollWidth <= b.ownerDocument.documentElement.clientWidth")
    screenshot(page, f"eval-{width}")
    assert watch.dialogs == [] and watch.console_errors == []
    context.close()
