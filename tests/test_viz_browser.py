"""The network page in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright.

What the drawing holds is checked against counts worked out independently, by SPARQL on the
RDF graph (never by the page's own model code). Screenshots of each view are kept in
``tests/artifacts/`` (git-ignored) for a person to look at.

The browser: ``$NAPKG_CHROMIUM``, else ``chromium`` (or ``chromium-browser``,
``google-chrome``) on the PATH, else — as root, with apt-get — Debian's ``chromium`` is
installed. Where none of that works the tests skip and say why. Playwright's own browser
downloads are never used.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from napkg.api.app import create_app
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR
from napkg.graph.store import GraphStore, load_store

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]' (its browser downloads are not needed)")

ARTIFACTS = Path(__file__).parent / "artifacts"
READY = "() => window.napkgViz !== undefined && window.napkgViz.ready"
PREFIXES = """
PREFIX nap: <https://w3id.org/nap-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
ROLE = "nap:implementedBy|nap:ledBy|nap:supportedBy|nap:recommendedTo"
STATUS_KEY = {"NotStarted": "not-started", "Limited": "limited", "Substantial": "substantial", "Complete": "complete"}
"""The page's spelling of each ``nap:status`` term."""
IRI_BASE = "https://w3id.org/nap-kg"


# ---------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------

class Watched:
    """A page with every console message, page error and request it made."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, url: str, *, timeout_s: float = 60) -> Watched:
        self.page.goto(url)
        self.wait_ready(timeout_s=timeout_s)
        return self

    def wait_ready(self, *, timeout_s: float = 60) -> None:
        self.page.wait_for_function(READY, timeout=timeout_s * 1000)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def drawn(self) -> dict[str, int]:
        return self.js("() => window.napkgViz.drawn()")

    def drawn_ids(self) -> dict[str, list[str]]:
        return self.js("() => window.napkgViz.drawnIds()")

    def node_of(self, iri: str) -> str:
        return self.js("(iri) => window.napkgViz.nodeIdOf(iri)", iri)

    def choose_view(self, view: str) -> None:
        self.page.check(f"input[name=view][value={view}]")
        self.wait_ready()

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    page = Watched(browser)
    yield page
    page.close()


# ---------------------------------------------------------------------------
# The real plan, and what SPARQL says the drawing must hold
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_graph() -> Any:
    return build_and_check(DEFAULT_DATA_DIR, shapes=False)


def count(graph: Any, query: str) -> int:
    return int(next(iter(graph.query(PREFIXES + query)))[0])


def expected(graph: Any, *, status: str | None = None, role: str = ROLE) -> dict[str, dict[str, int]]:
    """Nodes and edges of both views, counted by SPARQL over the RDF (activities filtered by ``status``)."""
    where = f"?a a nap:Activity ; nap:plan ?plan {'; nap:status nap:' + status if status else ''} ."
    activities = count(graph, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {where} }}")
    linked = count(graph, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {where} ?a {role} ?b }}")
    bodies = count(graph, f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ {where} ?a {role} ?b }}")
    links = count(graph, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?a ?b WHERE {{ {where} ?a {role} ?b }} }}")
    pairs = count(graph, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?b1 ?b2 WHERE {{
        {where} ?a {role} ?b1 . ?a {role} ?b2 . FILTER(STR(?b1) < STR(?b2)) }} }}""")
    shown_activities = activities if role == ROLE else linked  # a role filter hides activities without that role
    return {"bipartite": {"nodes": shown_activities + bodies, "edges": links}, "agency": {"nodes": bodies, "edges": pairs}}


@pytest.fixture(scope="module")
def real_file(real_graph: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of the real plan, written by ``napkg viz`` as one file."""
    from napkg.cli import main

    out = tmp_path_factory.mktemp("viz") / "plan.html"
    assert main(["viz", "--data", str(DEFAULT_DATA_DIR), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def served(real_graph: Any, module_live_server: Any) -> str:
    """nap-kg's /viz on loopback, serving the real plan from a pyoxigraph store."""
    return module_live_server(create_app(store=GraphStore(load_store(real_graph.dataset), query_workers=0)))


def _only_from(requests: list[str], origin: str | None) -> list[str]:
    """The requests that went anywhere but ``origin`` (None: the page's own file, data: URLs)."""
    stray = []
    for url in requests:
        parts = urlsplit(url)
        if parts.scheme == "data":
            continue
        if origin is None and parts.scheme == "file":
            continue
        if origin is not None and f"{parts.scheme}://{parts.netloc}" == origin:
            continue
        stray.append(url)
    return stray


# ---------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------

def test_the_file_opens_offline_with_no_error_and_no_request(watched, real_file, real_graph):
    watched.open(real_file.as_uri())
    assert watched.console_errors() == []
    assert _only_from(watched.requests, None) == []
    assert watched.requests == [real_file.as_uri()]  # the file itself, nothing else
    want = expected(real_graph.graph)
    assert watched.drawn() == want["bipartite"]
    assert watched.page.inner_text("#status-line").startswith(
        f"Showing {want['agency']['nodes']} bodies and {want['bipartite']['nodes'] - want['agency']['nodes']} activities")
    shot = watched.screenshot("viz-bipartite.png")
    watched.choose_view("agency")
    assert watched.drawn() == want["agency"]
    watched.screenshot("viz-agency.png")
    assert watched.console_errors() == [] and _only_from(watched.requests, None) == []
    assert shot.stat().st_size > 50_000  # a drawing, not a blank page


@pytest.fixture(scope="module")
def aliased(real_graph: Any) -> tuple[str, str, str]:
    """A body some activity names, its name, and an alias of it that names no other body."""
    names: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    aliases: list[tuple[str, str]] = []
    for body, name, alias in real_graph.graph.query(PREFIXES + f"""
            SELECT DISTINCT ?body ?name ?alias WHERE {{
              ?a {ROLE} ?body . ?body rdfs:label ?name . OPTIONAL {{ ?body skos:altLabel ?alias }} }}"""):
        labels[str(body)] = str(name)
        names.setdefault(str(name).casefold(), set()).add(str(body))
        if alias is not None:
            names.setdefault(str(alias).casefold(), set()).add(str(body))
            aliases.append((str(body), str(alias)))
    body, alias = next((b, a) for b, a in sorted(aliases)
                       if names[a.casefold()] == {b} and a.casefold() != labels[b].casefold())
    return body, labels[body], alias


def test_search_by_alias_focuses_the_right_body(watched, real_file, aliased):
    body, name, alias = aliased
    watched.open(real_file.as_uri())
    watched.page.fill("#search", alias)
    watched.page.press("#search", "Enter")
    focus = watched.js("() => window.napkgViz.state.focus")
    assert focus == watched.node_of(body)
    assert watched.js("() => window.napkgViz.network.getSelectedNodes()") == [focus]
    assert watched.page.inner_text("#details h2") == name
    # the view closes in on the body and its neighbours: all of them on screen
    neighbours = watched.js("(id) => window.napkgViz.network.getConnectedNodes(id)", focus)
    on_screen = watched.js("""(ids) => { const n = window.napkgViz.network, box = n.body.container.getBoundingClientRect();
        return ids.every((id) => { const p = n.canvasToDOM(n.getPosition(id));
          return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; }); }""", [focus, *neighbours])
    assert on_screen
    watched.screenshot("viz-focus.png")
    assert watched.console_errors() == []


def test_a_status_filter_hides_what_it_should(watched, real_file, real_graph):
    watched.open(real_file.as_uri())
    for box in watched.page.locator("input[name=status]").all():
        if box.get_attribute("value") != "not-started":
            box.uncheck()
    want = expected(real_graph.graph, status="NotStarted")
    assert watched.drawn() == want["bipartite"]
    drawn = set(watched.drawn_ids()["nodes"])
    statuses = {str(a): str(s).rsplit("#", 1)[1] for a, s in real_graph.graph.query(
        PREFIXES + "SELECT ?a ?s WHERE { ?a a nap:Activity ; nap:status ?s }")}
    for activity, status in statuses.items():
        assert (watched.node_of(activity) in drawn) == (status == "NotStarted"), activity
    watched.choose_view("agency")
    assert watched.drawn() == want["agency"]
    assert watched.console_errors() == []


def test_a_role_filter_keeps_only_bodies_linked_in_that_role(watched, real_file, real_graph):
    watched.open(real_file.as_uri())
    watched.choose_view("agency")
    watched.page.select_option("#role", "recommended-to")
    assert watched.drawn() == expected(real_graph.graph, role="nap:recommendedTo")["agency"]
    watched.page.select_option("#role", "all")
    assert watched.drawn() == expected(real_graph.graph)["agency"]


def test_clicking_an_activity_shows_its_owners_and_evidence_with_its_source(watched, real_file, real_graph):
    activity, code, text = next(iter(real_graph.graph.query(PREFIXES + """
        SELECT ?a ?code ?text WHERE { ?a a nap:Activity ; nap:code ?code ; nap:recommendedTo ?r ; nap:evidence/nap:text ?text }
        ORDER BY ?a LIMIT 1""")))
    watched.open(real_file.as_uri())
    node = watched.node_of(str(activity))
    point = watched.js("""(id) => { const n = window.napkgViz.network; n.moveTo({position: n.getPosition(id), scale: 1.2});
        return n.canvasToDOM(n.getPosition(id)); }""", node)
    box = watched.page.locator("#network").bounding_box()
    watched.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    details = watched.page.inner_text("#details")
    assert details.startswith(f"{code} ")
    assert "Implementers" in details and "Recommended to" in details
    assert " ".join(str(text).split())[:60] in " ".join(details.split())
    assert "Source: " in details
    watched.screenshot("viz-activity.png")


def test_labels_never_overlap_and_the_most_loaded_bodies_are_labelled(watched, real_file):
    watched.open(real_file.as_uri())
    for view in ("bipartite", "agency"):
        watched.choose_view(view)
        watched.wait_ready()
        boxes = watched.js("() => window.napkgViz.labelBoxes()")
        assert len(boxes) >= 20
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
                assert not overlap, (a, b)
        loads = watched.js("() => Object.entries(window.napkgViz.bodies()).map(([id, b]) => [id, b.load])")
        top = [node for node, _ in sorted(loads, key=lambda item: -item[1])[:3]]
        assert set(top) <= {box["node"] for box in boxes}
        watched.screenshot(f"viz-labels-{view}.png")
    watched.js("() => window.napkgViz.network.moveTo({ scale: window.napkgViz.network.getScale() * 3 })")
    watched.page.wait_for_function("(n) => window.napkgViz.labelBoxes().length > n", arg=len(boxes), timeout=10_000)
    assert watched.console_errors() == []


def test_panels_of_the_file_link_to_the_entities_iris(watched, real_file):
    watched.open(real_file.as_uri())
    body = f"{IRI_BASE}/id/body/az/ministry-of-justice"
    watched.js("(id) => window.napkgViz.focusNode(id)", watched.node_of(body))
    assert watched.page.get_attribute("#details a.entity-link", "href") == body


# ---------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------

def test_focusing_an_activity_keeps_the_address_in_step_without_error(watched, served, real_graph):
    activity = str(next(iter(real_graph.graph.query(PREFIXES + """
        SELECT ?a WHERE { ?a a nap:Activity ; nap:implementedBy ?b } ORDER BY ?a LIMIT 1""")))[0])
    watched.open(f"{served}/viz")
    watched.js("(id) => window.napkgViz.focusNode(id)", watched.node_of(activity))
    assert watched.errors == []
    path = activity.removeprefix(IRI_BASE)
    assert parse_qs(urlsplit(watched.page.url).query)["focus"] == [path]
    watched.open(f"{served}/viz?focus={path}")  # the address it wrote opens on it
    assert watched.js("() => window.napkgViz.state.focus") == watched.node_of(activity)
    assert watched.console_errors() == [] and watched.errors == []


def test_the_served_page_fetches_an_activity_from_the_service_and_links_to_the_pages(watched, served, real_graph):
    activity, code, text = next(iter(real_graph.graph.query(PREFIXES + """
        SELECT ?a ?code ?text WHERE { ?a a nap:Activity ; nap:code ?code ; nap:implementedBy ?i ; nap:evidence/nap:text ?text }
        ORDER BY ?a LIMIT 1""")))
    implementers = {str(name) for (name,) in real_graph.graph.query(PREFIXES + f"""
        SELECT ?name WHERE {{ <{activity}> nap:implementedBy/rdfs:label ?name }}""")}
    watched.open(f"{served}/viz?focus=/id/body/az/ministry-of-justice")
    assert watched.page.get_attribute("#details a.entity-link", "href") == "/id/body/az/ministry-of-justice"
    node = watched.node_of(str(activity))
    watched.js("(id) => { window.napkgViz.state.pinned = id; window.napkgViz.showDetails(id); }", node)
    watched.page.wait_for_selector("#details h3:text('Implementers')", timeout=10_000)
    details = " ".join(watched.page.inner_text("#details").split())
    assert details.startswith(f"{code} ")
    assert " ".join(str(text).split())[:60] in details and "Source: " in details
    assert all(name in details for name in implementers)
    assert watched.page.get_attribute("#details a.entity-link", "href") == str(activity).removeprefix(IRI_BASE)
    asked = [urlsplit(url) for url in watched.requests if "/activities/" in url]
    assert [u.path for u in asked] == [f"/activities/{code}"]  # asked once, of this service only
    assert _only_from(watched.requests, served) == []
    assert watched.console_errors() == []


def test_the_served_page_asks_nothing_of_any_host(watched, served, real_graph):
    watched.open(f"{served}/viz?view=agency")
    assert watched.console_errors() == []
    assert _only_from(watched.requests, served) == []
    assert watched.drawn() == expected(real_graph.graph)["agency"]
    watched.choose_view("bipartite")
    assert watched.drawn() == expected(real_graph.graph)["bipartite"]
    assert "view=" not in watched.page.url  # the address follows the view
    assert _only_from(watched.requests, served) == []


def test_the_served_page_opens_on_the_filters_and_focus_asked_for(watched, served, real_graph, aliased):
    body, name, alias = aliased
    status = next(iter(real_graph.graph.query(PREFIXES + f"""
        SELECT ?s WHERE {{ ?a {ROLE} <{body}> ; nap:status ?s }} ORDER BY ?s LIMIT 1""")))[0].rsplit("#", 1)[1]
    watched.open(f"{served}/viz?status={status}&focus={alias}")
    assert watched.drawn() == expected(real_graph.graph, status=status)["bipartite"]
    assert watched.js("() => window.napkgViz.state.focus") == watched.node_of(body)
    assert watched.page.inner_text("#details h2") == name
    assert [box.get_attribute("value") for box in watched.page.locator("input[name=status]:checked").all()] == [
        STATUS_KEY[status]]  # asked in the old spelling, answered in the page's
    assert watched.console_errors() == []


def test_a_focus_the_filters_hide_is_said_not_drawn(watched, served, real_graph, aliased):
    body, name, alias = aliased
    held = {str(s).rsplit("#", 1)[1] for (s,) in real_graph.graph.query(PREFIXES + f"""
        SELECT DISTINCT ?s WHERE {{ ?a {ROLE} <{body}> ; nap:status ?s }}""")}
    other = next(s for s in ("NotStarted", "Limited", "Substantial", "Complete") if s not in held)
    watched.open(f"{served}/viz?status={other}&focus={alias}")
    assert watched.js("() => window.napkgViz.state.focus") is None
    assert "hidden by the filters" in watched.page.inner_text("#search-message")
    assert watched.page.inner_text("#details h2") == name
    assert watched.console_errors() == []


# ---------------------------------------------------------------------------
# A plan too large to draw whole
# ---------------------------------------------------------------------------

def _test_viz() -> Any:
    """``tests/test_viz.py`` as a module, for its synthetic networks (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("napkg_tests_test_viz", Path(__file__).with_name("test_viz.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _capped_page(path: Path, n_bodies: int, n_activities: int, max_bodies: int) -> Any:
    """A synthetic network's page drawn with at most ``max_bodies`` bodies, written to ``path``: its model."""
    from napkg.graph.analysis import analyse_network
    from napkg.viz.model import build_model, load_viz_data
    from napkg.viz.page import render_model
    B = _test_viz().synthetic(n_bodies, n_activities)
    model = build_model(load_viz_data(lambda query: [], analysis=analyse_network(B)), max_bodies=max_bodies)
    path.write_text(render_model(model), encoding="utf-8")
    return model


def test_a_large_network_is_drawn_capped_without_freezing(watched, tmp_path):
    page = tmp_path / "large.html"
    model = _capped_page(page, 3000, 6000, max_bodies=300)
    watched.open(page.as_uri(), timeout_s=90)
    assert watched.drawn() == model.counts["bipartite"]
    assert "too many to draw at once" in watched.page.inner_text("#left-out")
    watched.screenshot("viz-large-capped.png")
    watched.choose_view("agency")
    assert watched.drawn() == model.counts["agency"]
    assert watched.console_errors() == [] and _only_from(watched.requests, None) == []


def test_an_activity_held_but_not_drawn_opens_from_its_body_panel(watched, tmp_path):
    page = tmp_path / "held.html"
    model = _capped_page(page, 600, 3000, max_bodies=60)
    drawn_activities = {n["id"] for n in model.nodes if n["nk"] == "activity"}
    body, undrawn = next((b, a) for b, details in model.bodies.items()
                         for a in details["implements"] + details["recommended"] if a not in drawn_activities)
    assert len(drawn_activities) < len(model.activities)  # the page holds more activities than it draws
    watched.open(page.as_uri(), timeout_s=90)
    watched.js("(id) => window.napkgViz.focusNode(id)", body)
    watched.page.click(f'#details a.node-link[data-node="{undrawn}"]')
    details = watched.page.inner_text("#details")
    assert details.startswith(model.activities[undrawn]["code"] + " ")
    assert "Implementers" in details
    assert watched.drawn() == model.counts["bipartite"]
    assert watched.console_errors() == []


# ---------------------------------------------------------------------------
# A served page that draws part of the plan
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served_capped(real_graph: Any, module_live_server: Any) -> str:
    """nap-kg's /viz drawing at most 12 of the real plan's bodies."""
    from napkg.graph.settings import load_settings

    settings = load_settings(max_viz_bodies=12)
    return module_live_server(create_app(settings, store=GraphStore(load_store(real_graph.dataset), query_workers=0)))


def _undrawn_body(watched: Watched, real_graph: Any) -> tuple[str, str]:
    """A body of the plan the page does not draw, and its name."""
    drawn = set(watched.js("() => Object.values(window.napkgViz.bodies()).map((b) => b.iri)"))
    rows = real_graph.graph.query(PREFIXES + f"""
        SELECT DISTINCT ?b ?name WHERE {{ ?a {ROLE} ?b . ?b rdfs:label ?name }} ORDER BY ?name""")
    return next((str(b), str(name)) for b, name in rows if str(b) not in drawn)


def test_the_served_page_asks_the_service_for_a_body_it_does_not_draw(watched, served_capped, real_graph):
    watched.open(f"{served_capped}/viz")
    iri, name = _undrawn_body(watched, real_graph)
    watched.page.fill("#search", name)
    watched.page.click("#search-go")
    watched.page.wait_for_selector("#search-message a", timeout=10_000)
    message = watched.page.inner_text("#search-message")
    assert message.startswith(f"{name} is not drawn")
    asked = [urlsplit(url) for url in watched.requests if "/agencies" in url]
    assert [u.path for u in asked] == ["/agencies"] and parse_qs(asked[0].query)["q"] == [name]
    href = watched.page.get_attribute("#search-message a", "href")
    assert parse_qs(urlsplit(href).query)["focus"] == [iri.removeprefix(IRI_BASE)]
    watched.page.click("#search-message a")  # the page focused on it draws it
    watched.wait_ready()
    assert watched.js("() => window.napkgViz.state.focus") == watched.node_of(iri)
    assert watched.page.inner_text("#details h2") == name
    assert _only_from(watched.requests, served_capped) == [] and watched.console_errors() == []


def test_a_drawn_body_is_found_without_asking_the_service(watched, served_capped):
    watched.open(f"{served_capped}/viz")
    body = watched.js("() => Object.values(window.napkgViz.bodies())[0]")
    watched.page.fill("#search", body["name"])
    watched.page.click("#search-go")
    assert watched.js("() => window.napkgViz.state.focus") == watched.node_of(body["iri"])
    assert not [url for url in watched.requests if "/agencies" in url]
    watched.screenshot("viz-served-search.png")


def test_a_shared_link_panel_lists_the_activities_both_bodies_hold(watched, served_capped, real_graph):
    watched.open(f"{served_capped}/viz?view=agency")
    link = watched.js("""() => { const e = window.napkgViz.network.body.data.edges.get()
        .find((e) => e.nk === 'shared' && e.both_implement.length + e.mixed.length > 1); return e && e.id; }""")
    assert link is not None
    ends = watched.js("(id) => { const e = window.napkgViz.network.body.data.edges.get(id); return [e.from, e.to]; }", link)
    iris = [watched.js("(id) => window.napkgViz.bodies()[id].iri", end) for end in ends]
    codes = {str(code) for (code,) in real_graph.graph.query(PREFIXES + f"""
        SELECT DISTINCT ?code WHERE {{ ?a nap:code ?code ; {ROLE} <{iris[0]}> ; {ROLE} <{iris[1]}> }}""")}
    watched.js("(id) => { window.napkgViz.state.pinned = id; window.napkgViz.showDetails(id); }", link)
    assert watched.page.locator("#details p.meta").first.inner_text() == f"share {len(codes)} {'activity' if len(codes) == 1 else 'activities'}"
    listed = {a.inner_text() for a in watched.page.locator("#details ul.shared a.node-link").all()}
    assert listed == codes  # worked out by SPARQL on the graph, not by the page
    first = watched.page.locator("#details ul.shared a.node-link").first
    code = first.inner_text()
    first.click()  # an activity of the link opens, its details asked of the service
    watched.page.wait_for_selector("#details h3:text('Latest evidence')", timeout=10_000)
    assert watched.page.inner_text("#details h2").split()[0] == code  # its title follows, fetched
    assert any(urlsplit(url).path == f"/activities/{code}" for url in watched.requests)
    watched.js("(id) => { window.napkgViz.state.pinned = id; window.napkgViz.showDetails(id); }", link)
    watched.screenshot("viz-served-link.png")
    assert _only_from(watched.requests, served_capped) == [] and watched.console_errors() == []
