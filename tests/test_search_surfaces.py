"""One search engine everywhere: the command line, the JSON API and the search page give the same answers.

The phrase table of tests/test_search_phrases.py is asked of ``napkg who-owns`` (in-process, on
the built ``graph.nq``) and of ``/who-owns``: the same activities in the same order. The
catalogue's index, made from the graph rather than the edition files, finds what the table
expects; an empty result says why, on every surface.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from napkg.api.app import create_app
from napkg.cli import main
from napkg.graph.catalogue import Catalogue, list_bodies, search_activities
from napkg.graph.settings import load_settings
from napkg.graph.store import GraphStore, load_store
from tests.test_search_phrases import ACTIVITY_PHRASES, BODY_PHRASES

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture(scope="module")
def nq(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("surfaces") / "out"
    assert main(["build", "--out", str(out), "--quiet"]) == 0
    return out / "graph.nq"


@pytest.fixture(scope="module")
def store(nq: Path) -> GraphStore:
    return GraphStore(load_store(nq), query_workers=0)


@pytest.fixture(scope="module")
def client(store: GraphStore):
    with TestClient(create_app(load_settings(query_workers=0), store=store)) as c:
        yield c


@pytest.fixture(scope="module")
def catalogue(store: GraphStore) -> Catalogue:
    return Catalogue(store.select)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


PHRASES = [p for p, _, _ in ACTIVITY_PHRASES]


def test_the_command_line_and_the_api_give_the_same_order_for_every_phrase(client: TestClient, nq: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    for phrase in PHRASES:
        code, out, _ = _cli(capsys, "who-owns", phrase, "--graph", str(nq), "--format", "json", "--limit", "500")
        cli = [(r["iri"], r["score"]) for r in json.loads(out)]
        page = client.get("/who-owns", params={"q": phrase, "limit": 500}).json()
        assert cli == [(i["iri"], i["score"]) for i in page["items"]], phrase
        assert code == (0 if cli else 1) and page["total"] == len(cli)


@pytest.mark.parametrize(("phrase", "code", "tries"), ACTIVITY_PHRASES, ids=PHRASES)
def test_the_catalogues_index_finds_the_tables_activity_in_the_top_three(catalogue: Catalogue, phrase: str,
                                                                         code: str, tries: str) -> None:
    top = [a.code for a, _ in search_activities(catalogue, phrase, limit=3).items]
    assert code in top, f"{phrase!r} ({tries}): top three {top}"


@pytest.mark.parametrize(("phrase", "body", "tries"), BODY_PHRASES, ids=[p for p, _, _ in BODY_PHRASES])
def test_agencies_q_finds_the_tables_body_in_the_top_three(client: TestClient, phrase: str, body: str,
                                                           tries: str) -> None:
    top = [b["id"] for b in client.get("/agencies", params={"q": phrase, "limit": 3}).json()["items"]]
    assert body in top, f"{phrase!r} ({tries}): top three {top}"


def test_agencies_q_keeps_a_sort_when_one_is_asked_for(catalogue: Catalogue) -> None:
    by_name = [b.name.casefold() for b in list_bodies(catalogue, q="ministry", sort="name", limit=500).items]
    assert len(by_name) > 3 and by_name == sorted(by_name)


def test_who_owns_with_no_match_prints_why_and_suggestions_and_exits_1(nq: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "who-owns", "hotlnie", "--graph", str(nq))
    assert code == 1 and out == ""
    assert "did you mean 'hotline'" in err and re.search(r"try: .*hotline", err)
    code, _, err = _cli(capsys, "who-owns", "кто отвечает за горячую линию", "--graph", str(nq))
    assert code == 1 and "the phrase looks Russian and the texts are in English" in err


def test_agency_finds_a_body_by_words_of_its_name(nq: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, "agency", "justice", "--graph", str(nq), "--format", "json")
    assert code == 0 and json.loads(out)[0]["id"] == "ministry-of-justice"
    code, out, err = _cli(capsys, "agency", "prosecutor", "--graph", str(nq), "--format", "json")
    assert code == 0 and json.loads(out)[0]["id"] == "prosecutor-generals-office"
    assert "also matches" in err and "Anti-Corruption Directorate" in err


def test_the_search_page_says_why_nothing_matched_and_links_the_suggestions(client: TestClient) -> None:
    html = client.get("/search", params={"q": "hotlnie"}, headers=BROWSER).text
    assert "No activity matches: did you mean" in html
    assert 'href="/search?q=hotline"' in html
    foreign = client.get("/search", params={"q": "горячая линия"}, headers=BROWSER).text
    assert "the texts are in English" in foreign


def test_the_search_page_lists_the_main_body_first(client: TestClient) -> None:
    html = client.get("/search", params={"q": "prosecutor"}, headers=BROWSER).text
    bodies = html[html.index('id="bods"'):]
    assert bodies.index("/id/body/az/prosecutor-generals-office") < bodies.index("/id/body/az/anti-corruption-directorate")
