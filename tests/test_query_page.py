"""The query page and its curated examples, over HTTP against a live server.

The page and its assets load from nap-kg itself (no URL elsewhere), and every curated query
on it runs and answers its question on the fixture graph (``tests/data/mini-nap.trig``),
with the answers worked out by hand from that file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from napkg.api.app import create_app
from napkg.graph.errors import DataError, NotFound
from napkg.graph.queries import list_queries, load_query, parse_query_file
from napkg.graph.settings import load_settings

QUERIES = list_queries()


@pytest.fixture(scope="module")
def base(module_live_server: Callable[[Any], str], module_mini_store: ox.Store) -> str:
    return module_live_server(create_app(load_settings(query_workers=2), store=module_mini_store))


class _Links(HTMLParser):
    """Every URL-valued attribute of a page, and the text of its JSON script blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "data", "poster", "srcset") and value is not None:
                self.urls.append((tag, name, value))
        self._in_json = tag == "script" and ("type", "application/json") in attrs

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False


def _page(base: str, **params: str) -> tuple[httpx.Response, _Links]:
    response = httpx.get(f"{base}/query", params=params)
    links = _Links()
    links.feed(response.text)
    return response, links


def test_page_and_assets_load_from_nap_kg_only(base: str) -> None:
    response, links = _page(base)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert {(tag, name) for tag, name, _ in links.urls} >= {("link", "href"), ("script", "src"), ("form", "action")}
    for tag, name, url in links.urls:
        assert url.startswith("/") and not url.startswith("//"), (tag, name, url)
        if tag in ("link", "script") and url.startswith("/assets/"):
            asset = httpx.get(base + url)
            assert asset.status_code == 200, url
            assert asset.headers["content-type"].startswith(("text/css", "text/javascript"))
            if "/vendor/" not in url:  # YASGUI's bundle holds namespace IRIs; the browser test sees it ask no host
                assert not re.search(r"https?:|//[a-z]|@import|url\(", asset.text), f"{url} refers to another site"
    # the only absolute URLs in the page are IRIs in query texts (the editor and the examples' data)
    # and the namespaces of the default prefixes, as text
    markup = re.sub(r'<script type="application/json".*?</script>|<textarea.*?</textarea>|'
                    r'<details class="prefixes".*?</details>', "", response.text, flags=re.S)
    assert not re.search(r"https?://", markup), "the page refers to another site"


def test_page_is_served_under_a_content_security_policy_with_the_vendored_yasgui(base: str) -> None:
    response, links = _page(base)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy and "connect-src 'self';" in policy
    assets = {url for tag, _, url in links.urls if tag in ("link", "script")}
    assert {"/assets/vendor/yasgui/yasgui.min.js", "/assets/vendor/yasgui/yasgui.min.css"} <= assets
    script = httpx.get(f"{base}/assets/vendor/yasgui/yasgui.min.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8" and len(script.content) > 900_000


def test_page_lists_the_default_prefixes(base: str) -> None:
    from napkg.graph.vocabulary import QUERY_PREFIXES

    response, _ = _page(base)
    for prefix, iri in QUERY_PREFIXES.items():
        assert f"<dt>{prefix}:</dt><dd><code>{iri}</code></dd>" in response.text


def test_page_offers_every_curated_query(base: str) -> None:
    response, links = _page(base)
    examples = json.loads(links.scripts[0])
    assert [e["name"] for e in examples] == [q.name for q in QUERIES]
    assert len(examples) >= 10
    for query in QUERIES:
        assert f'<option value="{query.name}"' in response.text
    first = QUERIES[0]
    assert first.answers in response.text
    assert "Download CSV" in response.text and "Download JSON" in response.text


def test_page_opens_an_example_or_a_query(base: str) -> None:
    response, _ = _page(base, example="overdue")
    assert '<option value="overdue" selected>' in response.text
    assert "nap:endYear ?endYear" in response.text
    response, _ = _page(base, query="ASK { ?s ?p ?o }")
    assert "ASK { ?s ?p ?o }" in response.text and 'data-autorun="true"' in response.text


def test_unknown_example_is_not_found_with_suggestions(base: str) -> None:
    response = httpx.get(f"{base}/query", params={"example": "overdu"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["type"] == "NotFound" and "overdue" in error["suggestions"]


def test_unknown_asset(base: str) -> None:
    response = httpx.get(f"{base}/assets/evil.js")
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "name"


def test_the_page_downloads_work_as_the_script_sends_them(base: str) -> None:
    """The download buttons POST the query as a form, with ``format`` in the URL."""
    text = load_query("who-owns-what").text
    as_csv = httpx.post(f"{base}/sparql", params={"format": "csv"}, data={"query": text})
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.text.splitlines()[0] == "plan,code,title,implementers,recommendedTo"
    as_json = httpx.post(f"{base}/sparql", params={"format": "json"}, data={"query": text})
    assert len(as_json.json()["results"]["bindings"]) == 5


# --- the curated queries, answered on the fixture graph ---------------------------------------

def _rows(base: str, name: str) -> list[dict[str, str]]:
    response = httpx.post(f"{base}/sparql", content=load_query(name).text,
                          headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def _column(rows: list[dict[str, str]], name: str) -> list[str | None]:
    return [row.get(name) for row in rows]


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_curated_query_runs(base: str, query: Any) -> None:
    assert query.title and query.answers
    assert "PREFIX nap: <https://w3id.org/nap-kg/ontology#>" in query.text
    _rows(base, query.name)


EXPECTED: dict[str, tuple[str, list[str | None]]] = {  # worked out by hand from mini-nap.trig
    "who-owns-what": ("code", ["1.1", "1.2", "1.4", "1.10", "5.2"]),
    "only-recommended": ("code", ["1.4"]),
    "not-started": ("code", ["1.10", "1.2"]),  # by end year: 2020, then 2022
    "overdue": ("code", ["1.1", "1.4", "1.10"]),  # ended in 2020, report of 2021-08-31, not complete
    "collective-only": ("code", ["1.2"]),
    "no-evidence": ("code", ["1.10"]),
    "unassigned-actors": ("actorName", ["Ministry of Justice"]),
    "recommendations": ("answeredBy", ["5.2", None]),  # csc-2: no activity answers it
    "bottlenecks": ("name", ["Cabinet of Ministers", "Prosecutor General's Office", "Ministry of Justice"]),
}


@pytest.mark.parametrize("name", EXPECTED)
def test_curated_query_answers(base: str, name: str) -> None:
    column, expected = EXPECTED[name]
    assert _column(_rows(base, name), column) == expected


def test_who_owns_what_lists_implementers_and_recommended_bodies(base: str) -> None:
    first = _rows(base, "who-owns-what")[0]
    assert first["implementers"] == "Cabinet of Ministers"
    assert sorted(first["recommendedTo"].split("; ")) == ["Commission on Combating Corruption", "Prosecutor General's Office"]


def test_load_per_agency(base: str) -> None:
    rows = _rows(base, "load-per-agency")
    load = {row["name"]: (int(row["implements"]), int(row["recommendedTo"])) for row in rows}
    assert rows[0]["name"] == "Cabinet of Ministers"
    assert load == {
        "Cabinet of Ministers": (2, 0), "Ministry of Justice": (1, 0), "State Tax Service": (1, 0),
        "Commission on Combating Corruption": (0, 1), "Milli Majlis of the Republic of Azerbaijan": (0, 1),
        "Prosecutor General's Office": (0, 1),
    }


def test_evidence_that_mentions_a_body(base: str) -> None:
    rows = _rows(base, "evidence-mentions-body")
    mentions = {(row["name"], row["code"], row["namedAsActor"]) for row in rows}
    assert ("Milli Majlis of the Republic of Azerbaijan", "1.4", "true") in mentions  # by its other name
    assert ("Cabinet of Ministers", "1.4", "false") in mentions  # named as recipient, not actor
    assert len(rows) == 6


def test_progress_per_section(base: str) -> None:
    rows = _rows(base, "status-per-section")
    assert [(r["section"], r["status"], r["activities"]) for r in rows] == [
        ("1", "not started", "2"), ("1", "limited", "1"), ("1", "substantial", "1"), ("5", "complete", "1")]


def test_query_files_need_a_header(tmp_path: Any) -> None:
    bad = tmp_path / "01-bad.rq"
    bad.write_text("# title: Only a title\nASK {}\n")
    with pytest.raises(DataError, match=r"01-bad\.rq.*# answers:"):
        parse_query_file(bad)
    with pytest.raises(NotFound):
        load_query("no-such-query")
