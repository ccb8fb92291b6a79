"""The query page in a real browser (headless Chromium): YASGUI, served by nap-kg, asking no other host.

The editor is there; an example opens in its own tab, runs and shows its rows; completion
offers the ontology's ``nap:`` terms from ``/completions``; a syntax error is shown with its
position; a shared link opens its query; and no request goes anywhere but nap-kg.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from napkg.api.app import create_app
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import load_store

SCREENSHOT = Path(__file__).resolve().parent / "artifacts" / "query-page.png"  # git-ignored; docs/query-page.png is the committed picture


@pytest.fixture(scope="module")
def served(module_live_server) -> str:
    store = load_store(build_and_check(DEFAULT_DATA_DIR, shapes=False).dataset)
    return module_live_server(create_app(load_settings(query_workers=1), store=store))


@pytest.fixture
def page(page):
    """The shared recording page (tests/conftest.py), its editor's tabs and history cleared after each test."""
    yield page
    page.evaluate("() => localStorage.clear()")


def _only_nap_kg(page, served: str) -> None:
    origin = urlsplit(served).netloc
    elsewhere = [u for u in page.napkg_requests if not u.startswith("data:") and urlsplit(u).netloc not in ("", origin)]
    assert elsewhere == []


def _rows(page) -> int:
    page.wait_for_selector(".yasr .dataTable tbody tr", timeout=30_000)
    return page.eval_on_selector_all(".yasr .dataTable tbody tr", "rs => rs.length")


def test_the_editor_is_yasgui_and_an_example_runs_in_its_tab(page, served):
    page.goto(f"{served}/query")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    assert page.is_hidden("#query-form")
    options = page.eval_on_selector_all("#example option", "os => os.map(o => o.value)")
    assert len(options) >= 10
    page.select_option("#example", index=1)
    title = page.eval_on_selector("#example", "s => s.options[1].text")
    page.wait_for_function("t => [...document.querySelectorAll('.tabPanel, .tab')].length > 0 && "
                           "[...document.querySelectorAll('.tab')].some(e => e.textContent.includes(t))", arg=title)
    page.locator(".yasqe_queryButton:visible").click()
    assert _rows(page) > 0
    assert page.napkg_errors == []
    _only_nap_kg(page, served)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)


def test_completion_offers_the_ontologys_nap_terms(page, served):
    page.goto(f"{served}/query")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    page.evaluate("() => window.napkgYasgui.getTab().getYasqe().setValue('SELECT * WHERE {\\n  ?a a nap:Act')")
    page.evaluate("() => { const y = window.napkgYasgui.getTab().getYasqe(); "
                  "y.focus(); y.setCursor({line: 1, ch: 15}); y.autocomplete(); }")
    page.wait_for_selector(".CodeMirror-hints li", timeout=30_000)
    hints = page.eval_on_selector_all(".CodeMirror-hints li", "ls => ls.map(l => l.textContent)")
    assert any(h.startswith("nap:Activity") for h in hints), hints
    assert any("/completions?" in u for u in page.napkg_requests)
    _only_nap_kg(page, served)


def test_a_shared_link_opens_and_runs_its_query_with_default_prefixes(page, served):
    query = "SELECT ?code WHERE { ?a a nap:Activity ; nap:code ?code } ORDER BY ?code LIMIT 7"
    page.goto(f"{served}/query?{urlencode({'query': query})}")
    assert _rows(page) == 7
    assert page.napkg_errors == []
    _only_nap_kg(page, served)


def test_a_syntax_error_is_shown_with_its_position(page, served):
    page.goto(f"{served}/query")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    page.evaluate("() => window.napkgYasgui.getTab().getYasqe().setValue('SELECT ?x WHERE { ?x x:p ?y }')")
    page.evaluate("() => window.napkgYasgui.getTab().query().catch(() => {})")
    page.wait_for_selector(".yasr .errorResult", timeout=30_000)
    message = page.inner_text(".yasr .errorResult .napkg-error .message")
    assert message.startswith("syntax error at 1:22: prefix x: is not declared; known prefixes: nap:, rdf:")
