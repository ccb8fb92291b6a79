"""Items as lists present them: made once per activity, answered as a fresh item each time."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox

from napkg.api.items import activity_item
from napkg.graph.catalogue import Catalogue
from napkg.graph.store import select_rows


def test_an_activity_item_is_the_same_each_time_and_its_own_to_change(mini_store: ox.Store) -> None:
    catalogue = Catalogue(lambda query: select_rows(mini_store, query))
    activity = next(a for a in catalogue.activities if a.implementers)
    first = activity_item(catalogue, activity, score=1.5)
    assert list(first)[-1] == "score" and first["iri"] == activity.iri and first["title"] == activity.title
    first["implementers"], first["title"] = [], "changed"
    again = activity_item(catalogue, activity)
    assert again["title"] == activity.title and "score" not in again
    assert [link["iri"] for link in again["implementers"]] == list(activity.implementers)
    renamed = dataclasses.replace(activity, title="Another title")
    assert activity_item(catalogue, renamed)["title"] == "Another title"
