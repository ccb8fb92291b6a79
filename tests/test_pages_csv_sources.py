"""The source pages of an imported OGP export: a CSV file, its rows numbered as RFC 7111 counts them,
and every row selector on an activity's page a link that marks its row."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from napkg.api.app import create_app
from napkg.graph.ogp import import_ogp
from napkg.graph.settings import load_settings
from napkg.graph.serving import open_graph_store

ODD_ROWS = Path(__file__).resolve().parent / "data" / "ogp-odd-rows.csv"
BROWSER = {"accept": "text/html"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ogp-pages") / "data"
    import_ogp(ODD_ROWS, out)
    return out


@pytest.fixture(scope="module")
def client(imported):
    settings = load_settings(data_dir=imported, query_workers=0)
    with TestClient(create_app(settings, store=open_graph_store(settings))) as c:
        yield c


def test_a_csv_source_shows_its_rows_and_marks_the_selected_one(client, imported):
    rows = list(csv.reader((imported / "sources" / ODD_ROWS.name).open(encoding="utf-8-sig", newline="")))
    html = client.get(f"/id/source/{ODD_ROWS.name}", params={"row": "3"}, headers=BROWSER).text
    assert html.count('<tr id="R') == len(rows)  # the header is row 1
    assert re.findall(r'<tr id="R(\d+)" class="hl">', html) == ["3"]
    assert 'id="row=3"' in html


def test_an_imported_activity_links_its_row(client):
    iri = client.get("/activities", params={"limit": 1}).json()["items"][0]["iri"]
    html = client.get(iri.removeprefix("https://w3id.org/nap-kg"), headers=BROWSER).text
    link = re.search(rf'href="(/id/source/{re.escape(ODD_ROWS.name)}\?row=(\d+)#row=\2)"', html)
    assert link is not None
    assert 'class="hl"' in client.get(link[1].split("#")[0], headers=BROWSER).text
