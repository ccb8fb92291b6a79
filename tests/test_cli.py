"""The ``napkg`` command, run in-process: build, validate, query, who-owns, agency."""

from __future__ import annotations

import json

import pytest

from napkg.cli import build_parser, main


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "out"
    assert main(["build", "--out", str(out), "--quiet"]) == 0
    return out


def test_build_writes_every_format(built):
    assert {p.name for p in built.iterdir()} >= {"graph.ttl", "graph.nt", "graph.jsonld", "graph.nq", "build.json"}
    counts = json.loads((built / "build.json").read_text())
    assert counts["activities"] == 64 and counts["conforms"] is True


def test_validate_exits_0_when_the_graph_conforms(capsys):
    assert main(["validate", "--quiet"]) == 0
    assert "conforms" in capsys.readouterr().out


def test_validate_exits_2_on_bad_data_naming_the_file(tmp_path, capsys):
    (tmp_path / "plans" / "x").mkdir(parents=True)
    (tmp_path / "plans" / "x" / "plan.yaml").write_text("id: x\ntitle: [unclosed\n")
    assert main(["validate", "--data", str(tmp_path), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "plan.yaml" in err and "malformed YAML" in err


def test_query_prints_csv_and_json(built, capsys):
    query = "SELECT ?code WHERE { ?a a nap:Activity ; nap:code ?code } ORDER BY ?code LIMIT 3"
    assert main(["query", query, "--graph", str(built / "graph.nq"), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "code"
    assert main(["query", query, "--graph", str(built / "graph.nq"), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_query_reads_a_curated_file(built, capsys):
    assert main(["query", "--file", "graph/queries/02-load-per-agency.rq", "--graph", str(built / "graph.nq")]) == 0
    assert "Ministry of Justice" in capsys.readouterr().out


def test_a_query_syntax_error_exits_2(built, capsys):
    assert main(["query", "SELECT ?x WHERE {", "--graph", str(built / "graph.nq")]) == 2
    assert "error" in capsys.readouterr().err


def test_who_owns_finds_the_hotlines_with_their_owners(built, capsys):
    assert main(["who-owns", "hotline", "--graph", str(built / "graph.nq"), "--format", "json"]) == 0
    results = json.loads(capsys.readouterr().out)
    codes = [r["code"] for r in results]
    assert {"1.7", "1.8"} <= set(codes)
    first = results[codes.index("1.7")]
    assert [b["id"] for b in first["recommended_to"]] == ["prosecutor-generals-office"]


def test_who_owns_with_no_match_exits_1(built, capsys):
    assert main(["who-owns", "zeppelin", "--graph", str(built / "graph.nq")]) == 1


@pytest.mark.parametrize("name", ["Prosecutor's Office", "GENERAL PROSECUTOR'S OFFICE", "prosecutor-generals-office"])
def test_agency_is_found_by_any_alias_in_any_case(built, capsys, name):
    assert main(["agency", name, "--graph", str(built / "graph.nq"), "--format", "json"]) == 0
    (profile,) = json.loads(capsys.readouterr().out)
    assert profile["id"] == "prosecutor-generals-office"
    assert {a["code"] for a in profile["recommended_to_for"]} >= {"1.1", "1.7"}
    assert profile["implementer_of"] == []


def test_an_unknown_agency_answers_with_the_closest_names(built, capsys):
    assert main(["agency", "Ministry of Justis", "--graph", str(built / "graph.nq")]) == 1
    assert "Ministry of Justice" in capsys.readouterr().err


def test_every_command_has_help_with_an_example():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    assert {"build", "validate", "query", "who-owns", "agency", "serve", "analyze", "export", "import-ogp"} <= set(commands)
    for name, sub in commands.items():
        text = sub.format_help()
        assert "examples:" in text and f"napkg {name}" in text, name


def test_a_syntax_error_is_placed_in_the_users_own_lines(built, capsys):
    assert main(["query", "SELECT ?s WHERE { ?s ?p }", "--graph", str(built / "graph.nq")]) == 2
    assert "syntax error at 1:" in capsys.readouterr().err
    assert main(["query", "SELECT ?s\nWHERE { ?s ?p }", "--graph", str(built / "graph.nq")]) == 2
    assert "syntax error at 2:" in capsys.readouterr().err


def test_an_update_is_refused_as_read_only(built, capsys):
    assert main(["query", "INSERT DATA {<urn:a> <urn:b> <urn:c>}", "--graph", str(built / "graph.nq")]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "CONSTRUCT" not in err


@pytest.mark.parametrize("command", ["who-owns", "agency", "query"])
@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_argument_is_a_bad_argument(built, command, value, capsys):
    assert main([command, value, "--graph", str(built / "graph.nq")]) == 2
    assert "empty" in capsys.readouterr().err or command == "query"


def test_serve_refuses_a_port_in_use_before_building(capsys, monkeypatch):
    import socket

    import napkg.graph.publish

    def no_build(*args, **kwargs):
        raise AssertionError("the graph was built although the port is taken")

    monkeypatch.setattr(napkg.graph.publish, "build_and_check", no_build)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"port {port}" in err and "already in use" in err and "--port" in err
