"""``/agencies/{id}`` keeps its answers: a second request gets the same bytes, whatever else was asked between.

The graph is read-only, so an answer once built stays right; only 200s are kept, so an error is
worked out (and its message built) each time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from napkg.api.app import create_app
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings


@pytest.fixture(scope="module")
def built() -> Any:
    """The graph built from data/, as the service builds it."""
    return build_and_check(DEFAULT_DATA_DIR).store


@pytest.fixture
def served(live_server: Callable[[Any], str], built: Any) -> Iterator[tuple[httpx.Client, Any]]:
    store = ox.Store()
    store.bulk_extend(built)
    app = create_app(load_settings(query_workers=0), store=store)
    with httpx.Client(base_url=live_server(app), timeout=30) as client:
        yield client, app


def test_a_kept_answer_is_the_answer_built_afresh(served):
    client, app = served
    bodies = [item["id"] for item in client.get("/agencies", params={"limit": 50, "sort": "name"}).json()["items"]]
    assert len(bodies) >= 3
    first = {b: client.get(f"/agencies/{b}") for b in bodies}
    assert all(r.status_code == 200 for r in first.values())
    kept = len(app.state.agency_answers)
    assert kept == len(bodies)
    for body, answer in first.items():
        again = client.get(f"/agencies/{body}")
        assert again.content == answer.content and again.headers["content-type"] == answer.headers["content-type"]
    app.state.agency_answers = None  # forget them all: built afresh, the same
    for body, answer in first.items():
        assert client.get(f"/agencies/{body}").json() == answer.json()


def test_paging_and_country_are_part_of_the_key(served):
    client, app = served
    body = client.get("/agencies", params={"limit": 1, "sort": "name"}).json()["items"][0]
    whole = client.get(f"/agencies/{body['id']}").json()
    paged = client.get(f"/agencies/{body['id']}", params={"limit": 1, "offset": 1}).json()
    assert paged != whole
    assert all(len(r["items"]) <= 1 for r in paged["activities"].values())
    country = client.get(f"/agencies/{body['id']}", params={"country": body["country_code"] or body["country"]})
    assert country.json() == whole
    assert len(app.state.agency_answers) == 3


def test_errors_are_not_kept(served):
    client, app = served
    for _ in range(2):
        answer = client.get("/agencies/no-such-body-at-all")
        assert answer.status_code == 404 and answer.json()["error"]["parameter"] == "id"
    assert len(getattr(app.state, "agency_answers", None) or []) == 0
