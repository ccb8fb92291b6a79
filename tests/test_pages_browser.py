"""The pages in a real browser (headless Chromium), the journalist's way: from the home page to the
line of the progress report an activity's status rests on. Every page is checked for console
errors, requests to other hosts, and serious accessibility violations (axe-core, vendored)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from napkg.api.app import create_app
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import GraphStore, load_store

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
NAP = "https://w3id.org/nap-kg/ontology#"
BODY = "https://w3id.org/nap-kg/id/body/az/ministry-of-justice"


@pytest.fixture(scope="module")
def store() -> GraphStore:
    return GraphStore(load_store(build_and_check(DEFAULT_DATA_DIR, shapes=False).dataset), query_workers=0)


@pytest.fixture(scope="module")
def served(module_live_server, store) -> str:
    return module_live_server(create_app(load_settings(query_workers=0), store=store))


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, as ``rule: target`` lines."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # run by the test, so the page's CSP (no inline script) holds
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {n['target']}" for v in results["violations"] if v["impact"] in ("serious", "critical")
            for n in v["nodes"]]


def assert_clean(page, served: str) -> None:
    assert page.napkg_errors == []
    origin = urlsplit(served).netloc
    assert [u for u in page.napkg_requests if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != origin] == []


def test_from_the_home_page_to_the_quoted_lines_of_the_report(page, served):
    page.goto(f"{served}/")
    assert serious_violations(page) == []
    page.fill("#home-q", "hotline")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search?q=hotline")
    assert serious_violations(page) == []
    page.click("a[href='/id/plan/az-2020-2022/activity/1.7']")
    page.wait_for_url("**/id/plan/az-2020-2022/activity/1.7")
    assert "161-Hotline" in page.inner_text("h1")
    assert serious_violations(page) == []
    quote = page.inner_text(".evidence blockquote")
    page.click(".evidence a.src")
    page.wait_for_url("**/id/source/progress-letter-2021-08-31.txt?line=40,44#line=40,44")
    marked = page.locator(".l.hl")
    assert marked.count() == 4  # line=40,44: lines 41 to 44
    assert [marked.nth(i).get_attribute("id") for i in range(4)] == ["L41", "L42", "L43", "L44"]
    assert marked.first.is_visible()
    in_view = page.evaluate("() => { const r = document.querySelector('.l.hl').getBoundingClientRect();"
                            " return r.top >= 0 && r.bottom <= window.innerHeight; }")
    assert in_view
    text = " ".join(marked.nth(i).inner_text() for i in range(4))
    assert "4661" in text and "4661" in quote
    assert serious_violations(page) == []
    assert_clean(page, served)


def test_a_body_page_lists_all_of_its_activities(page, served, store):
    page.goto(f"{served}/id/body/az/ministry-of-justice")
    expected = {r["a"].split("/nap-kg", 1)[1] for r in store.select(
        f"SELECT ?a WHERE {{ {{ ?a <{NAP}implementedBy> <{BODY}> }} UNION {{ ?a <{NAP}recommendedTo> <{BODY}> }} }}")}
    shown = set(page.eval_on_selector_all(
        f"ul[data-property='{NAP}implementedBy'] a, ul[data-property='{NAP}recommendedTo'] a",
        "as => as.map(a => a.getAttribute('href'))"))
    assert shown == expected
    assert serious_violations(page) == []
    assert_clean(page, served)


def test_a_bare_rfc5147_fragment_marks_its_lines_with_the_script(page, served):
    page.goto(f"{served}/id/source/nap-2020-2022.txt#line=14,15")
    assert page.eval_on_selector_all(".l.hl", "ls => ls.map(l => l.id)") == ["L15"]
    assert_clean(page, served)


def test_the_pages_work_by_keyboard(page, served):
    page.goto(f"{served}/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"


@pytest.mark.parametrize("path, ready", [("/docs", ".swagger-ui .info"), ("/redoc", "h1")])
def test_the_api_docs_render_offline(page, served, path, ready):
    page.goto(f"{served}{path}")
    page.wait_for_selector(ready, timeout=30_000)
    assert "nap-kg" in page.inner_text(ready)
    assert_clean(page, served)


def test_the_pages_read_on_a_phone(page, served):
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/", "/id/plan/az-2020-2022/activity/1.7", "/id/body/az/ministry-of-justice", "/search?q=hotline"):
        page.goto(f"{served}{path}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
