"""The network page without a browser: its model, its HTML, ``napkg viz`` and ``GET /viz``.

Counts are worked out by hand from the fixtures' headers (``tests/data/analysis-small.ttl``,
``tests/data/viz-small.ttl``). The browser tests are in ``test_viz_browser.py``.
"""

from __future__ import annotations

import copy
import html
import json
import random
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph

from napkg.api.errors import install_error_handlers
from napkg.api.routes.viz import router as viz_router
from napkg.cli import main
from napkg.graph.analysis import analyse, analyse_network
from napkg.graph.analysis.network import body_projection, network_from_links
from napkg.graph.select import select_from_rdflib
from napkg.graph.store import GraphStore, load_store
from napkg.viz.filters import resolve_focus
from napkg.viz.model import ViewOptionError, build_model, load_viz_data
from napkg.viz.page import render_model, render_page

DATA = Path(__file__).parent / "data"
SMALL = DATA / "analysis-small.ttl"
VIZ = DATA / "viz-small.ttl"
EX = "http://example.org/"


def select_of(path: Path):
    return select_from_rdflib(Graph().parse(path, format="turtle"))


def page_activities(data: dict) -> dict[str, dict]:
    """The page's activities by node id, from its columns (``held``) and what it carries beside, as the script unpacks them."""
    held, keys = data["held"], [s["key"] for s in data["statuses"]]
    return {f"a{i}": {"code": code, "plan": held["plan"][i], "section": held["section"][i], "status": keys[held["status"][i]],
                      **data["activities"].get(f"a{i}", {})} for i, code in enumerate(held["code"])}


def model_of(path: Path, **options):
    return build_model(load_viz_data(select_of(path)), **options)


def json_block(html: str, name: str):
    """The JSON the page carries in ``<script id="napkg-NAME" type="application/json">``."""
    match = re.search(rf'<script id="napkg-{name}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no napkg-{name} block"
    return json.loads(match[1])


class Resources(HTMLParser):
    """Every URL an element of the page would load, and the page's inline styles."""

    LOADING = {"src", "href", "srcset", "action", "poster", "data", "background", "formaction"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []
        self._in_style = False
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_style = tag == "style"
        self.urls += [value for name, value in attrs if name in self.LOADING and value]
        self.styles += [value for name, value in attrs if name == "style" and value]

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

def test_counts_of_both_views_match_the_fixture_drawn_by_hand():
    model = model_of(SMALL)
    # 8 activities + the 7 bodies some activity names (U is named by none); 14 activity-body links;
    # the projection is the path D - C - B - A - R - X and E alone: 5 links.
    assert model.counts["bipartite"] == {"nodes": 15, "edges": 14}
    assert model.counts["agency"] == {"nodes": 7, "edges": 5}
    assert model.left_out is None
    bodies = {b["iri"]: b for b in model.bodies.values()}
    assert set(bodies) == {f"{EX}{x}" for x in "ABCDERX"}
    shared = {frozenset((model.bodies[e["from"]]["iri"], model.bodies[e["to"]]["iri"])): len(shared_activities(e))
              for e in model.edges if e["nk"] == "shared"}
    assert shared[frozenset((f"{EX}B", f"{EX}C"))] == 2  # a2 and a8


def shared_activities(edge) -> set[str]:
    return {*edge["both_implement"], *edge["both_recommended"], *edge["mixed"]}


def test_the_bodies_only_view_is_the_body_projection_of_the_drawn_bodies():
    data = load_viz_data(no_rows, analysis=analyse_network(synthetic(200, 400)))
    model = build_model(data, max_bodies=40)
    iri = {node_id: body["iri"] for node_id, body in model.bodies.items()}
    P = body_projection(data.network).subgraph(iri.values())
    drawn = {frozenset((iri[e["from"]], iri[e["to"]])): len(shared_activities(e)) for e in model.edges if e["nk"] == "shared"}
    assert drawn == {frozenset((u, v)): w for u, v, w in P.edges(data="weight")}


def test_edges_say_their_role_and_bodies_their_kind_and_load():
    model = model_of(SMALL)
    by_iri = {model.bodies[n["id"]]["iri"]: n for n in model.nodes if n["nk"] == "body"}
    assert by_iri[f"{EX}A"]["group"] == "kind-ministry" and by_iri[f"{EX}A"]["value"] == 2  # a1, a6
    assert by_iri[f"{EX}X"]["group"] == "kind-collective" and by_iri[f"{EX}X"]["shape"] == "diamond"
    assert by_iri[f"{EX}R"]["group"] == "kind-independent"
    role_edges = [e for e in model.edges if e["nk"] == "role"]
    dashed = {(model.activities[e["from"]]["code"], model.bodies[e["to"]]["iri"]) for e in role_edges if e.get("dashes")}
    assert dashed == {("2.3", f"{EX}R"), ("1.3", f"{EX}R"), ("1.3", f"{EX}A")}  # a5 and a6
    statuses = {a["code"]: a["status"] for a in model.activities.values()}
    assert statuses["1.1"] == "complete" and statuses["2.1"] == "unknown"


def test_the_side_panel_data_hold_roles_figures_evidence_and_source():
    model = model_of(VIZ)
    quotes = next(b for b in model.bodies.values() if b["id"] == "quotes")
    assert quotes["aliases"] == ["MoQ", "The Quote Ministry"] or sorted(quotes["aliases"]) == ["MoQ", "The Quote Ministry"]
    assert quotes["metrics"]["implementer_load"] == 2 and quotes["metrics"]["open_load"] == 1
    assert len(quotes["implements"]) == 2 and quotes["recommended"] == [] and quotes["roles"] == {}
    v1 = next(a for a in model.activities.values() if a["code"] == "1.1")
    assert v1["period"] == "2020-2021" and v1["status"] == "limited"
    assert model.sections[v1["section"]]["label"] == "§1 Openness & <Access>"
    assert model.plans[v1["plan"]]["title"] == 'Plan of "Quotes" & Ampersands'
    assert v1["evidence"]["date"] == "2021-08-31"
    assert model.citations[v1["evidence"]["cite"]] == {
        "report": "Report of 2021", "document": "Letter to the Steering Committee", "file": "sources/letter.txt"}
    assert v1["evidence"]["lines"] == "lines 12-13"
    assert [(model.bodies[o["body"]]["name"], o["role"]) for o in v1["owners"]] == [
        ('Ministry of "Quotes" & <Tags></script>', "implementer"), ("Parliament", "recommended-to")]


def test_the_wire_format_names_every_field():
    model = model_of(VIZ)
    data = model.page_data()

    def positional(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                positional(item, f"{where}.{key}")
        elif isinstance(value, list):
            assert not any(isinstance(item, list) for item in value), f"{where} holds a list of lists"
            for i, item in enumerate(value):
                positional(item, f"{where}[{i}]")

    positional({"nodes": model.nodes, "edges": model.edges, **data}, "page")
    body = next(iter(model.bodies.values()))
    assert {"iri", "name", "implements", "recommended", "roles", "metrics"} <= set(body)
    activity = next(iter(model.activities.values()))
    assert {"code", "plan", "section", "status", "title", "period", "owners", "evidence"} <= set(activity)


def test_options_set_the_initial_state():
    model = model_of(SMALL, view="agency", section="1", status="not-started, limited", role="recommended-to",
                     focus="Agency C")
    assert model.initial["view"] == "agency"
    assert model.sections[model.initial["section"]]["iri"] == f"{EX}S1"
    assert model.initial["statuses"] == ["not-started", "limited"]
    assert model.initial["role"] == "recommended-to"
    assert model.bodies[model.initial["focus"]]["iri"] == f"{EX}C"
    assert model_of(SMALL, focus="c").initial["focus"] == model_of(SMALL, focus=f"{EX}C").initial["focus"]


def test_the_old_spellings_of_statuses_and_roles_are_read_and_answered_in_the_canonical_ones():
    model = model_of(SMALL, status=["NotStarted", "Limited", "complete"], role="recommended")
    assert model.initial["statuses"] == ["not-started", "limited", "complete"]
    assert model.initial["role"] == "recommended-to"
    assert [s["key"] for s in model.page_data()["statuses"]] == ["not-started", "limited", "substantial", "complete", "unknown"]


def test_an_activity_can_be_focused_and_an_iri_given_as_its_path():
    model = model_of(SMALL, focus=f"{EX}a2")
    focused = model.activities[model.initial["focus"]]
    assert focused["code"] == "1.2" and focused["iri"] == f"{EX}a2"
    iri = "https://w3id.org/nap-kg/id/body/x/agency-b"
    assert resolve_focus("/id/body/x/agency-b", network_from_links([("a1", iri, "implementer")]), {}).node == iri


def test_a_focused_activity_is_drawn_with_its_bodies_even_on_a_capped_page():
    B = synthetic(400, 600)
    data = load_viz_data(no_rows, analysis=analyse_network(B))
    least = min((b for b in B if B.nodes[b]["kind"] == "body"), key=lambda b: (B.degree(b), b))
    activity = next(iter(B.adj[least]))
    model = build_model(data, max_bodies=50, focus=activity)
    focused = model.initial["focus"]
    assert focused in {n["id"] for n in model.nodes}
    assert {model.bodies[b]["iri"] for b in model.bodies} >= set(B.adj[activity])

@pytest.mark.parametrize(("options", "parameter"), [
    ({"view": "tree"}, "view"),
    ({"role": "owner"}, "role"),
    ({"status": ["Limited", "stalled"]}, "status"),
    ({"section": "9"}, "section"),
    ({"focus": "Agency Q"}, "focus"),
    ({"max_bodies": 0}, "max_bodies"),
])
def test_a_bad_option_names_its_parameter(options, parameter):
    with pytest.raises(ViewOptionError) as caught:
        model_of(SMALL, **options)
    assert caught.value.parameter == parameter
    assert str(caught.value).startswith(f"{parameter}: ")


def test_an_unknown_body_suggests_close_names_once_each():
    with pytest.raises(ViewOptionError) as caught:
        model_of(SMALL, focus="Agensy B")
    assert caught.value.suggestions[0] == "Agency B"
    assert len(caught.value.suggestions) == len(set(caught.value.suggestions))


def synthetic(n_bodies: int, n_activities: int, *, seed: int = 1):
    """A random plan whose load is skewed like real plans': a few bodies hold much, most hold little."""
    rng = random.Random(seed)
    bodies = [f"http://x/body/{i}" for i in range(n_bodies)]
    weights = [1 / (i + 1) ** 0.9 for i in range(n_bodies)]
    statuses = ["not-started", "limited", "substantial", "complete", "unknown"]  # vocabulary keys, as the network has them
    links, activities = [], {}
    for a in range(n_activities):
        activity = f"http://x/activity/{a}"
        activities[activity] = {"status": rng.choice(statuses), "section": f"http://x/section/{a % 9}",
                                "plan": "http://x/plan", "label": f"{a % 9 + 1}.{a}", "title": f'Activity "{a}" & more'}
        for i, body in enumerate(sorted(set(rng.choices(bodies, weights, k=rng.randint(1, 4))))):
            links.append((activity, body, "recommended" if i and rng.random() < 0.2 else "implementer"))
    kinds = ["Ministry", "StateCommittee", "StateAgency", "StateOwnedCompany", "Court", "CollectiveGroup", "OtherBody"]
    names = {body: {"name": f"Body {i} & Co", "body_kind": kinds[i % len(kinds)], "collective": i % len(kinds) == 5}
             for i, body in enumerate(bodies)}
    return network_from_links(links, activities=activities, bodies=names)


def no_rows(query: str) -> list:
    return []


def test_a_network_too_large_is_capped_at_the_most_loaded_bodies_and_says_what_it_left_out():
    B = synthetic(1500, 3000)
    analysis = analyse_network(B)
    data = load_viz_data(no_rows, analysis=analysis)
    model = build_model(data, max_bodies=120)
    html = render_model(model)
    bodies = [n for n in B if B.nodes[n]["kind"] == "body"]
    load = sorted((B.degree(b) for b in bodies), reverse=True)
    assert model.counts["agency"]["nodes"] == 120
    drawn_loads = sorted((b["load"] for b in model.bodies.values()), reverse=True)
    assert drawn_loads == load[:120]  # the most loaded
    assert model.counts["bipartite"]["nodes"] - 120 <= 3 * 120 + 120  # about 3 activities a body, one at least
    left = model.left_out
    assert left["bodies"] == len(bodies) - 120 and left["max_load"] == load[120]
    assert f"Left out: {len(bodies) - 120:,} bodies, each holding at most {load[120]} activities" in left["text"]
    assert left["text"] in html.replace("&#39;", "'")
    assert len(model.search) == len(bodies)  # left-out bodies can still be found


def test_a_capped_page_hands_only_drawn_activities_to_the_drawing_and_names_every_owner():
    B = synthetic(1500, 3000)
    model = build_model(load_viz_data(no_rows, analysis=analyse_network(B)), max_bodies=120)
    drawn = [n["id"] for n in model.nodes if n["nk"] == "activity"]
    assert len(drawn) == model.counts["bipartite"]["nodes"] - 120
    assert set(drawn) < set(model.activities)  # the others are held for the side panel
    for details in model.activities.values():
        names = {model.bodies[o["body"]]["name"] if o["body"] is not None else model.search[o["entry"]]["name"]
                 for o in details["owners"]}
        assert names == {B.nodes[b]["name"] for b in B.adj[details["iri"]]}


def test_the_focused_body_is_drawn_even_when_the_cap_would_leave_it_out():
    B = synthetic(400, 600)
    data = load_viz_data(no_rows, analysis=analyse_network(B))
    least = min((n for n in B if B.nodes[n]["kind"] == "body"), key=lambda b: (B.degree(b), b))
    model = build_model(data, max_bodies=50, focus=least)
    assert model.bodies[model.initial["focus"]]["iri"] == least
    assert model.counts["agency"]["nodes"] == 50


def test_the_model_and_the_page_leave_the_callers_graphs_unchanged():
    select = select_of(SMALL)
    analysis = analyse(select)
    before = [copy.deepcopy((sorted(G.nodes(data=True)), sorted(G.edges(data=True)), G.graph))
              for G in (analysis.network, analysis.projection)]
    render_page(select, analysis=analysis, view="agency", focus="Agency B")
    render_page(select, analysis=analysis, status="complete")
    after = [(sorted(G.nodes(data=True)), sorted(G.edges(data=True)), G.graph) for G in (analysis.network, analysis.projection)]
    assert after == before


def test_the_model_does_not_import_pyvis():
    code = "import sys, napkg.viz.model; assert 'pyvis' not in sys.modules, 'napkg.viz.model imported pyvis'"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------
# The HTML
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_page() -> str:
    return render_page(select_of(VIZ))


def test_the_page_loads_nothing_from_anywhere(small_page):
    resources = Resources()
    resources.feed(small_page)
    assert resources.urls == []  # no src, href, action …: every script and style is inline
    for style in resources.styles:
        assert not re.search(r"url\(\s*(?!['\"]?data:)", style), "a style sheet loads a URL"
        assert "@import" not in style
    assert resources.tags.count("script") == 7 and resources.tags.count("link") == 0
    head = html.unescape(small_page.split("</head>")[0])
    assert 'http-equiv="Content-Security-Policy"' in head and "connect-src 'none'" in head


def test_text_from_the_graph_is_escaped_and_comes_back_intact(small_page):
    # one </script> per script element: none from the data ends an element early
    resources = Resources()
    resources.feed(small_page)
    assert small_page.count("</script") == resources.tags.count("script") == 7
    assert "<script>alert(1)" not in small_page  # the evidence text is in the page only as escaped JSON
    data = json_block(small_page, "data")
    quotes = next(b for b in data["bodies"].values() if b["id"] == "quotes")
    assert quotes["name"] == 'Ministry of "Quotes" & <Tags></script>'
    v1 = next(a for a in page_activities(data).values() if a["code"] == "1.1")
    assert v1["title"] == 'Open the <b>books</b> & "ledgers"'
    assert "</script><script>alert(1)</script>" in v1["evidence"]["excerpt"]
    assert "<h1>Plan of &#34;Quotes&#34; &amp; Ampersands</h1>" in small_page
    assert "<option value=\"0\">§1 Openness &amp; &lt;Access&gt;</option>" in small_page


def test_the_page_holds_both_views_and_its_legend(small_page):
    nodes, edges = json_block(small_page, "nodes"), json_block(small_page, "edges")
    assert len(nodes) == 6
    assert len(edges) == 5 and all(e["nk"] == "role" for e in edges)
    assert len(json_block(small_page, "data")["shared"]) == 2 * 2  # two links, as pairs of body numbers
    for words in ("ministry", "court, parliament or oversight body", "state company or public legal entity",
                  "limited", "complete", "no status recorded", "implementer (lead and supporting included)",
                  "recommended-to only", "the wider the line, the more they share"):
        assert words in small_page
    options = json.loads(json_block(small_page, "options"))
    assert options["physics"]["enabled"] is True and options["groups"]["kind-ministry"]["color"]["background"]


# ---------------------------------------------------------------------------
# napkg viz
# ---------------------------------------------------------------------------

def test_napkg_viz_writes_one_self_contained_file(tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["viz", "--graph", str(SMALL), "--out", str(out), "--view", "agency", "--status", "limited",
                 "--role", "recommended"]) == 0
    captured = capsys.readouterr()
    assert "napkg viz: reading the graph" in captured.err and "napkg viz: drawing" in captured.err
    assert f"wrote {out}: bodies and activities 15 nodes, 14 edges; bodies only 7 nodes, 5 edges" in captured.out
    html = out.read_text(encoding="utf-8")
    data = json_block(html, "data")
    assert data["initial"]["statuses"] == ["limited"] and data["initial"]["role"] == "recommended-to"
    assert data["details"] == "inline" and data["links"] == "iri"  # offline: details inside, links to the IRIs
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_napkg_viz_exit_codes(tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["viz", "--graph", str(SMALL), "--out", str(out), "--focus", "nobody at all"]) == 2
    assert "focus: no body or activity in the network is named 'nobody at all'" in capsys.readouterr().err
    assert not out.exists()
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix nap: <https://w3id.org/nap-kg/ontology#> .\n<http://x/a> a nap:Activity ; nap:plan <http://x/p> .\n")
    assert main(["viz", "--graph", str(empty), "--out", str(out)]) == 1
    assert "names no body" in capsys.readouterr().err and not out.exists()


# ---------------------------------------------------------------------------
# GET /viz
# ---------------------------------------------------------------------------

@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(viz_router)
    app.state.store = GraphStore(load_store(SMALL), query_workers=0)
    return TestClient(app)


def test_get_viz_answers_the_page_with_the_options_as_its_initial_state(client):
    response = client.get("/viz", params={"view": "agency", "section": f"{EX}S2", "status": ["limited", "Complete"],
                                          "role": "implementer", "focus": "Agency D"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "connect-src 'self'" in response.headers["content-security-policy"]
    assert "connect-src 'self'" in html.unescape(response.text.split("</head>")[0])
    data = json_block(response.text, "data")
    assert data["initial"]["view"] == "agency" and data["initial"]["role"] == "implementer"
    assert data["initial"]["statuses"] == ["limited", "complete"]
    section = data["sections"][data["initial"]["section"]]
    assert section.get("iri", f"{data['plans'][section.get('plan', 0)]['iri']}/section/{section['code']}") == f"{EX}S2"
    assert data["bodies"][data["initial"]["focus"]]["iri"] == f"{EX}D"
    assert data["counts"]["bipartite"] == {"nodes": 15, "edges": 14}  # the store gives what rdflib gives
    assert data["details"] == "fetch" and data["links"] == "path"
    assert data["activities"] == {} and data["search"] is None  # details and undrawn bodies are asked for
    assert set(page_activities(data)) == {f"a{i}" for i in range(len(data["held"]["code"]))}


def test_get_viz_reads_the_old_role_and_status_spellings(client):
    data = json_block(client.get("/viz", params={"role": "recommended", "status": "NotStarted"}).text, "data")
    assert data["initial"]["role"] == "recommended-to" and data["initial"]["statuses"] == ["not-started"]


@pytest.mark.parametrize(("params", "parameter"), [
    ({"view": "tree"}, "view"),
    ({"role": "owner"}, "role"),
    ({"status": "stalled"}, "status"),
    ({"section": "9"}, "section"),
    ({"focus": "Agensy B"}, "focus"),
])
def test_get_viz_refuses_a_bad_parameter_in_the_one_error_shape(client, params, parameter):
    response = client.get("/viz", params=params)
    unknown = parameter == "focus"  # a focus on nothing is not found, as /agencies/{id} answers
    assert response.status_code == (404 if unknown else 400)
    error = response.json()["error"]
    assert set(error) <= {"type", "message", "parameter", "hint", "suggestions"}
    assert error["type"] == ("NotFound" if unknown else "BadRequest") and error["parameter"] == parameter
    assert error["message"].startswith(f"{parameter}: ") and error["hint"]
