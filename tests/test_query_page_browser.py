"""The query page in a real browser (headless Chromium): pick an example, run it, read the table."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from napkg.api.app import create_app
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import load_store


@pytest.fixture(scope="module")
def served(module_live_server) -> str:
    store = load_store(build_and_check(DEFAULT_DATA_DIR, shapes=False).dataset)
    return module_live_server(create_app(load_settings(query_workers=1), store=store))


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.napkg_errors, page.napkg_requests = [], []
    page.on("console", lambda m: m.type == "error" and page.napkg_errors.append(m.text))
    page.on("pageerror", lambda e: page.napkg_errors.append(str(e)))
    page.on("request", lambda r: page.napkg_requests.append(r.url))
    yield page
    page.close()


def test_an_example_query_runs_and_shows_its_rows_as_a_table(page, served):
    page.goto(f"{served}/query")
    options = page.eval_on_selector_all("#example option", "os => os.map(o => o.value)")
    assert len(options) >= 10
    page.select_option("#example", index=1)
    page.click("#run")
    page.wait_for_selector("#results table tbody tr", timeout=30_000)
    rows = page.eval_on_selector_all("#results table tbody tr", "rs => rs.length")
    assert rows > 0
    assert page.napkg_errors == []
    origin = urlsplit(served).netloc
    assert all(urlsplit(u).netloc in ("", origin) for u in page.napkg_requests if not u.startswith("data:"))
    page.screenshot(path="tests/artifacts/query-page.png", full_page=False)


def test_a_syntax_error_is_shown_with_its_position(page, served):
    page.goto(f"{served}/query")
    page.fill("#query", "SELECT ?x WHERE { ?x ")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])", timeout=30_000)
    assert "1:" in page.inner_text("#error") or "line" in page.inner_text("#error").lower()
