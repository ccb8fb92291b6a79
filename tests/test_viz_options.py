"""Pages with other options, drawn from the same page data one after another, are the pages they were.

The page's data keep what does not depend on the options (:class:`napkg.viz.index.NetworkIndex`);
these tests hold every options set to the model it gave before that index existed (the SHA-256 of
its nodes, edges and page data, recorded from the earlier code on the same random network), and
each page drawn after others to the page drawn first from fresh data.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from napkg.graph.analysis import analyse_network
from napkg.viz.model import build_model, load_viz_data
from napkg.viz.page import render_model
from tests.test_viz import no_rows, synthetic

RECORDED_ON = date(2026, 12, 3)
"""The day the digests were recorded: a page says the day its figures are as of."""

RECORDED = {  # (details, options): the first 16 hex digits of the model's SHA-256, as the earlier code drew it
    ("inline", "{}"): "ba6ba6dca8633391",
    ("inline", '{"view": "agency", "role": "implementer"}'): "b455ffd5fe7622f9",
    ("inline", '{"section": "3", "status": "limited,complete"}'): "daf6237e95e8e6cb",
    ("inline", '{"focus": "http://x/body/57", "role": "recommended-to"}'): "0680b42507fb874a",
    ("inline", '{"focus": "http://x/activity/11"}'): "d303247d59c72596",
    ("fetch", "{}"): "d68ca1d8a9b697ef",
    ("fetch", '{"view": "agency", "role": "implementer"}'): "b454386ca8f8950b",
    ("fetch", '{"section": "3", "status": "limited,complete"}'): "ae2caa8febcac08a",
    ("fetch", '{"focus": "http://x/body/57", "role": "recommended-to"}'): "d783490d7b998fd0",
    ("fetch", '{"focus": "http://x/activity/11"}'): "227d4aa86ee7f8a9",
}


def page_data():
    """300 bodies and 900 activities, drawn at most 40 bodies: capped, and fewer activities drawn than held."""
    return load_viz_data(no_rows, analysis=analyse_network(synthetic(300, 900, seed=3), as_of=RECORDED_ON))


def digest(model) -> str:
    text = json.dumps({"nodes": model.nodes, "edges": model.edges, "page": model.page_data()}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_every_options_set_gives_the_model_it_gave_before():
    data = page_data()  # one data for all, as the service keeps them: each page after the first reads the index
    found = {(details, options): digest(build_model(data, max_bodies=40, details=details, **json.loads(options)))
             for details, options in RECORDED}
    assert found == RECORDED
    model = build_model(data, max_bodies=40, details="fetch", section="3", status="limited,complete")
    assert model.left_out is not None and len(model.bodies) == 40  # the cap and the filters are at work
    assert len([n for n in model.nodes if n["nk"] == "activity"]) < len(model.activities)


@pytest.mark.parametrize("options", [{"view": "agency", "role": "implementer"}, {"section": "3", "status": "limited"}])
def test_a_page_drawn_after_others_is_the_page_drawn_from_fresh_data(options):
    kept = page_data()
    for earlier in ({}, {"focus": "http://x/body/57"}, {"status": "complete"}):
        render_model(build_model(kept, max_bodies=40, details="fetch", **earlier))
    after = render_model(build_model(kept, max_bodies=40, details="fetch", **options))
    fresh = render_model(build_model(page_data(), max_bodies=40, details="fetch", **options))
    assert after == fresh
    assert after != render_model(build_model(kept, max_bodies=40, details="fetch"))  # the options change the page
