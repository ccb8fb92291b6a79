"""Building the graph: it conforms, it is traceable, it is deterministic, and bad data fails cleanly.

A damaged edition is an error (exit 2) that names the file, the place and what to do, and one
run lists every error of the edition.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from napkg.cli import main
from napkg.graph.build import activity_iri, body_iri, build_graph
from napkg.graph.edition import load_edition
from napkg.graph.errors import DataError
from napkg.graph.namespace import DCTERMS, NAP, OA, PROV
from napkg.graph.edition.problems import EditionErrors
from napkg.graph.publish import publish
from napkg.graph.settings import DEFAULT_DATA_DIR
from napkg.graph.build.validate import validate


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(DEFAULT_DATA_DIR)


def _bodies(graph: Graph, code: str, prop: URIRef) -> set[str]:
    activity = activity_iri("az-2020-2022", code)
    return {str(graph.value(b, NAP.slug)) for b in graph.objects(activity, prop)}


def test_the_built_graph_conforms_to_the_shapes(graph):
    report = validate(graph)
    assert report.conforms, report.summary()


def test_who_owns_activity_1_1(graph):
    assert _bodies(graph, "1.1", NAP.implementedBy) == {"cabinet-of-ministers"}
    assert _bodies(graph, "1.1", NAP.recommendedTo) == {"prosecutor-generals-office", "commission-on-combating-corruption"}


def test_an_activity_only_recommended_has_no_implementer(graph):
    assert _bodies(graph, "1.8", NAP.implementedBy) == set()
    assert len(_bodies(graph, "1.8", NAP.recommendedTo)) == 1


def test_roles_are_also_qualified_prov_associations(graph):
    activity = activity_iri("az-2020-2022", "1.1")
    roles = {
        (str(graph.value(a, PROV.agent)).rsplit("/", 1)[-1], graph.value(a, PROV.hadRole))
        for a in graph.objects(activity, PROV.qualifiedAssociation)
    }
    assert ("cabinet-of-ministers", NAP.ImplementerRole) in roles
    assert ("prosecutor-generals-office", NAP.RecommendedToRole) in roles


def test_every_record_names_its_source_document_and_lines(graph):
    for cls in (NAP.Activity, NAP.Agency, NAP.CollectiveBody, NAP.Evidence, NAP.Recommendation, NAP.Section):
        for subject in graph.subjects(RDF.type, cls):
            target = graph.value(subject, PROV.wasDerivedFrom)
            assert target is not None, subject
            assert (graph.value(target, OA.hasSource), RDF.type, NAP.SourceDocument) in graph
            selectors = [str(graph.value(s, RDF.value)) for s in graph.objects(target, OA.hasSelector)]
            assert any(s.startswith("line=") for s in selectors), subject


def test_the_latest_status_comes_from_the_evidence(graph):
    assert graph.value(activity_iri("az-2020-2022", "1.8"), NAP.status) == NAP.Complete
    assert graph.value(activity_iri("az-2020-2022", "4.10"), NAP.status) == NAP.NotStarted


def test_a_missing_period_is_taken_from_the_letter_and_said_so(graph):
    activity = activity_iri("az-2020-2022", "2.9")
    assert graph.value(activity, NAP.endYear) == Literal(2022)
    assert "no period" in str(graph.value(activity, NAP.periodNote))
    disagreeing = activity_iri("az-2020-2022", "7.2")
    assert graph.value(disagreeing, NAP.endYear) == Literal(2023)
    assert "2020-2022" in str(graph.value(disagreeing, NAP.periodNote))


def test_every_body_has_a_label_and_its_aliases(graph):
    prosecutor = body_iri("AZ", "prosecutor-generals-office")
    names = {str(o) for o in graph.objects(prosecutor, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))}
    assert {"General Prosecutor's Office", "Prosecutor's Office"} <= names
    assert graph.value(prosecutor, RDFS.label) is not None


def test_the_same_input_gives_the_same_bytes(tmp_path):
    publish(DEFAULT_DATA_DIR, tmp_path / "a")
    publish(DEFAULT_DATA_DIR, tmp_path / "b")
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.nq"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_the_outputs_hold_the_same_graph(tmp_path):
    publish(DEFAULT_DATA_DIR, tmp_path / "out")
    turtle = Graph().parse(tmp_path / "out" / "graph.ttl")
    for name, fmt in (("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        other = Graph().parse(tmp_path / "out" / name, format=fmt)
        assert_isomorphic(other, turtle, name)


def assert_isomorphic(got: Graph, expected: Graph, what: str) -> None:
    """Fail with the triples each graph has and the other lacks, not only a count."""
    if isomorphic(got, expected):
        return
    _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
    raise AssertionError(f"{what}: {len(only_got)} triple(s) only here:\n{_some_triples(only_got)}\n"
                         f"{len(only_expected)} triple(s) only in graph.ttl:\n{_some_triples(only_expected)}")


def _some_triples(graph: Graph, most: int = 20) -> str:
    return "\n".join(sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph)[:most])


# --- bad data ----------------------------------------------------------------------------

PLAN = "plans/az-2020-2022/plan.yaml"
BODIES = "plans/az-2020-2022/bodies.yaml"
LETTER = "plans/az-2020-2022/progress-2021-08-31.yaml"


@pytest.fixture()
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD_DATA = {
    "malformed YAML": (PLAN, "activities:", "activities: [", ["plan.yaml", "malformed YAML", "line"]),
    "unknown body id": (PLAN, "implementers: [cabinet-of-ministers]", "implementers: [cabinet-of-minsters]",
                        ["plan.yaml", "activity 1.1", "cabinet-of-minsters"]),
    "duplicated activity number": (PLAN, 'code: "1.2"', 'code: "1.1"', ["plan.yaml", "activity 1.1", "duplicated"]),
    "end year before start year": (PLAN, "period: {start: 2020, end: 2020}", "period: {start: 2020, end: 2019}",
                                   ["plan.yaml", "activity", "ends (2019) before it starts (2020)"]),
    "status outside the scheme": (LETTER, "status: complete", "status: finished",
                                  ["progress-2021-08-31.yaml", "evidence for activity", "finished"]),
    "alias naming two bodies": (BODIES, "name: Supreme Court", "name: Milli Majlis",
                                ["bodies.yaml", "body supreme-court", "Milli Majlis"]),
    "quote not in its source": (LETTER, "Drafting methodology for detection", "Drafting methodology for discovery",
                                ["progress-2021-08-31.yaml", "evidence for activity 1.1", "not found verbatim"]),
}


@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_bad_data_fails_the_build_naming_file_and_entry_and_keeps_the_previous_output(case, data, tmp_path):
    out = tmp_path / "out"
    publish(data, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    file, old, new, words = BAD_DATA[case]
    _edit(data / file, old, new)
    with pytest.raises(DataError) as caught:
        publish(data, out)
    for word in words:
        assert word in str(caught.value), (word, str(caught.value))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]


SHAPE_BREAKS = {
    "two titles": lambda g, a: g.add((a, DCTERMS.title, Literal("A second title"))),
    "status outside the scale": lambda g, a: g.set((a, NAP.status, NAP.Withdrawn)),
    "implementer that is no body": lambda g, a: g.add((a, NAP.implementedBy, URIRef("https://example.org/nobody"))),
    "no provenance": lambda g, a: g.remove((a, PROV.wasDerivedFrom, None)),
    "start after end": lambda g, a: g.set((a, NAP.startYear, Literal(2030))),
}


@pytest.mark.parametrize("case", sorted(SHAPE_BREAKS))
def test_the_shapes_catch_a_broken_activity(case):
    graph = build_graph(DEFAULT_DATA_DIR)
    activity = activity_iri("az-2020-2022", "1.1")
    SHAPE_BREAKS[case](graph, activity)
    report = validate(graph)
    assert not report.conforms
    assert {v.focus for v in report.violations} == {str(activity)}


# --- damaged files and many errors ----------------------------------------------------------

SOURCE = "sources/nap-2020-2022.txt"


def _latin1(path: Path, line: int) -> int:
    """Put a Windows-1252 é at the start of ``line``'s text; returns its byte offset."""
    lines = path.read_bytes().split(b"\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1])
    lines[line - 1] = b"# caf\xe9 " + lines[line - 1]
    path.write_bytes(b"\n".join(lines))
    return offset + len(b"# caf")


@pytest.mark.parametrize("file", [PLAN, BODIES, LETTER, SOURCE])
def test_a_file_that_is_not_utf8_names_its_line_and_byte(file, data, tmp_path, capsys):
    offset = _latin1(data / file, 3)
    out = tmp_path / "out"
    assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert Path(file).name in err and "not UTF-8" in err
    assert f"line 3, byte offset {offset}" in err and "save the file as UTF-8" in err
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize("file", [PLAN, BODIES, LETTER])
def test_an_empty_file_is_said_to_be_empty(file, data, capsys):
    (data / file).write_bytes(b"")
    assert main(["validate", "--data", str(data), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert Path(file).name in err and "the file is empty" in err and "NoneType" not in err


def test_every_error_of_the_edition_is_reported_in_one_run(data, capsys):
    _edit(data / PLAN, "period: {start: 2020, end: 2020}", "period: {start: 2020, end: 2019}")
    _edit(data / PLAN, 'code: "1.2"', 'code: "1.1"')
    _edit(data / PLAN, "implementers: [ministry-of-finance]", "implementers: [ministry-of-finanse]")
    _edit(data / BODIES, "name: Supreme Court", "name: Milli Majlis")
    _edit(data / LETTER, "status: complete", "status: finished")
    with pytest.raises(EditionErrors) as caught:
        load_edition(data)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 6, messages
    expected = [
        ("progress-2021-08-31.yaml", "unknown activity '1.2'"),  # it was renumbered
        ("plan.yaml", "ends (2019) before it starts (2020)"),
        ("plan.yaml", "activity 1.1: duplicated activity number"),
        ("plan.yaml", "unknown body id 'ministry-of-finanse'"),
        ("bodies.yaml", "body supreme-court"),
        ("progress-2021-08-31.yaml", "status 'finished'"),
    ]
    for file, words in expected:
        assert any(file in m and words in m for m in messages), (file, words, messages)
    assert main(["validate", "--data", str(data), "--quiet"]) == 2
    assert "6 error(s) in the data edition" in capsys.readouterr().err


def test_an_entry_that_failed_is_not_reported_again_where_it_is_used(data):
    _edit(data / BODIES, "kind: ministry", "kind: minstry")  # the first ministry: used by many activities
    with pytest.raises(DataError) as caught:
        load_edition(data)
    assert not isinstance(caught.value, EditionErrors)
    assert "kind 'minstry'" in str(caught.value)


def test_an_unreadable_bodies_file_does_not_make_every_body_unknown(data):
    (data / BODIES).write_bytes(b"")
    _edit(data / LETTER, "status: complete", "status: finished")
    with pytest.raises(EditionErrors) as caught:
        load_edition(data)
    assert len(caught.value.problems) == 2


def test_an_activity_of_a_plan_with_sections_must_name_its_section(data, capsys):
    text = (data / PLAN).read_text(encoding="utf-8")
    assert '    section: "3"\n' in text
    (data / PLAN).write_text(text.replace('    section: "3"\n', "", 1), encoding="utf-8")
    assert main(["validate", "--data", str(data), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "activity 3.1" in err and "missing required field 'section'" in err


def test_a_section_needs_the_plan_to_declare_sections(data):
    text = (data / PLAN).read_text(encoding="utf-8")
    start, end = text.index("\nsections:\n"), text.index("\nactivities:\n")
    (data / PLAN).write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match="declares no sections"):
        load_edition(data)
