"""``napkg query``, ``napkg who-owns`` and ``napkg agency``: ask the graph from the terminal."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from napkg.cli.common import add_command, format_table
from napkg.graph.settings import DEFAULT_DATA_DIR

__all__ = ["register"]


def _store(args: argparse.Namespace):
    from napkg.graph.serving import open_store
    from napkg.graph.settings import load_settings

    return open_store(load_settings(data_dir=args.data, graph_file=args.graph, store=args.store))


def _print_rows(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        print(buffer.getvalue(), end="")
    else:
        print(format_table(columns, [[r.get(c) for c in columns] for r in rows]))


def run_query(args: argparse.Namespace) -> int:
    from napkg.graph.errors import QueryRefused
    from napkg.graph.edition.reading import read_text
    from napkg.graph.store.safety import looks_like_update
    from napkg.graph.store import UPDATE_REFUSED

    text = read_text(Path(args.file)) if args.file else args.sparql
    if not text or not text.strip():
        print("napkg query: error: give a query as an argument or with --file FILE.rq", file=sys.stderr)
        return 2
    if looks_like_update(text):
        raise QueryRefused(UPDATE_REFUSED)
    rows, columns = _store(args).select_with_columns(text)  # the default prefixes need no PREFIX
    _print_rows(rows, columns, args.format)
    return 0 if rows else 1


def _words(value: str, parameter: str, wanted: str) -> str:
    """``value`` unless it is empty or blank: then an error (exit 2) naming ``parameter``."""
    from napkg.graph.errors import InvalidParameter

    if not value.strip():
        raise InvalidParameter(f"{parameter} is empty; give {wanted}",
                               parameter=parameter, hint="give a non-empty value")
    return value


def _owners(activity: dict[str, Any], role: str) -> str:
    return "; ".join(b["name"] for b in activity[role]) or "—"


def status_words(status: str | None, claimed: str | None) -> str:
    """An activity's status as the tables show it: the assessment, and the report's claim beside it where they differ.

    >>> status_words("limited", "complete"), status_words("complete", "complete"), status_words(None, None)
    ('limited (claimed complete)', 'complete', '—')
    """
    shown = status or "—"
    return f"{shown} (claimed {claimed})" if claimed and claimed != status else shown


def _with_claims(select: Any, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``results`` (rows with an activity ``iri``) with the claim of each activity's main evidence."""
    from napkg.graph.analysis.network import NO_CLAIM, main_claims

    claims = main_claims(select)
    return [{**r, **claims.get(r["iri"], NO_CLAIM)._asdict()} for r in results]


def _no_match(command: str, text: str, search: Any) -> None:
    """Say on stderr that nothing matched ``text``, why, and the closest indexed words."""
    message = search.message if search is not None and search.message else "no match"
    print(f"napkg {command}: {text!r}: {message}", file=sys.stderr)
    if search is not None and search.suggestions:
        print(f"  try: {'; '.join(search.suggestions)}", file=sys.stderr)


def run_who_owns(args: argparse.Namespace) -> int:
    from napkg.graph.catalogue import Catalogue, who_owns_page

    text = _words(args.text, "TEXT", 'the words to look for, e.g. "hotline"')
    select = _store(args).select
    results, page = who_owns_page(Catalogue(select), text, limit=args.limit)
    results = _with_claims(select, results)
    if args.format == "json":
        print(json.dumps(results, indent=2, ensure_ascii=False))
    elif results:
        rows = [
            {"code": r["code"], "status": status_words(r["status"], r["claimed_status"]), "title": r["title"],
             "implementers": _owners(r, "implementers"), "recommended_to": _owners(r, "recommended_to")}
            for r in results
        ]
        _print_rows(rows, ["code", "status", "title", "implementers", "recommended_to"], args.format)
    if not results:
        _no_match("who-owns", text, page.search)
    return 0 if results else 1


def _profile(catalogue: Any, body: Any) -> dict[str, Any]:
    """What ``napkg agency`` prints of a body: its activities as implementer and recommended-to, and its evidence."""
    from napkg.graph.catalogue import body_activities, body_evidence
    from napkg.graph.catalogue.listings import claim_of
    from napkg.graph.vocabulary import KINDS

    everything = 10**9
    roles = body_activities(catalogue, body, limit=everything)
    activities = {role: [{"iri": a.iri, "code": a.code, "title": a.title, "plan": a.plan, "status": a.status,
                          **claim_of(catalogue, a), "start_year": a.start_year, "end_year": a.end_year}
                         for a in page.items]
                  for role, page in roles.items()}
    kind = KINDS.by_iri(body.kind)
    return {
        "iri": body.iri, "id": body.slug, "name": body.name, "aliases": list(body.aliases),
        "kind": kind.key if kind else body.kind, "collective": body.collective, "country": body.country,
        "implementer_of": activities["implementer"], "recommended_to_for": activities["recommended-to"],
        "acted_in_evidence": [
            {"activity": e["activity"].iri, "code": e["activity"].code, "iri": e["iri"], "date": e["date"],
             "status": e["status"], "text": e["text"]}
            for e in body_evidence(catalogue, body, limit=everything).items
        ],
    }


def _bodies_named(catalogue: Any, name: str) -> list[Any]:
    """The bodies ``name`` names exactly (id, IRI or any name, any case); otherwise the search engine's
    best body among those that match every word of ``name``, with the others on stderr; otherwise
    NotFound with the closest names and what the search made of ``name``."""
    from napkg.graph.errors import NotFound

    try:
        return catalogue.directory.find(name)
    except NotFound as exc:
        missing = exc
    found = catalogue.search.get().bodies(name, limit=6)
    whole = [hit for hit in found if len(hit.terms) == len(found.words)]
    if not whole:
        raise NotFound(f"{missing}" + (f"; {found.message}" if found.message else ""),
                       suggestions=missing.suggestions or list(found.suggestions))
    bodies = catalogue.directory.bodies
    if len(whole) > 1:
        others = "; ".join(bodies[hit.key].name for hit in whole[1:])
        print(f"napkg agency: {name!r} also matches: {others}", file=sys.stderr)
    return [bodies[whole[0].key]]


def run_agency(args: argparse.Namespace) -> int:
    from napkg.graph.catalogue import Catalogue
    from napkg.graph.errors import NotFound

    name = _words(args.name, "NAME", "a body's id, name or alias, e.g. \"Ministry of Justice\"")
    catalogue = Catalogue(_store(args).select)
    try:
        bodies = _bodies_named(catalogue, name)
    except NotFound as exc:
        hint = "; ".join(exc.suggestions) or "none"
        print(f"napkg agency: {exc}. Closest names: {hint}", file=sys.stderr)
        return 1
    profiles = [_profile(catalogue, body) for body in bodies]
    if args.format == "json":
        print(json.dumps(profiles, indent=2, ensure_ascii=False, default=str))
        return 0
    for p in profiles:
        kind = "collective body" if p["collective"] else p["kind"]
        print(f"{p['name']} [{p['id']}] — {kind}, {p['country']}")
        if p["aliases"]:
            print(f"  also called: {'; '.join(p['aliases'])}")
        for title, role in (("Implementer of", "implementer_of"), ("Recommended to for", "recommended_to_for")):
            print(f"\n{title} ({len(p[role])}):")
            if p[role]:
                print(format_table(["code", "status", "period", "title"], [
                    [a["code"], status_words(a["status"], a["claimed_status"]),
                     f"{a['start_year'] or '?'}-{a['end_year'] or '?'}", a["title"]]
                    for a in p[role]
                ]))
        if p["acted_in_evidence"]:
            codes = ", ".join(dict.fromkeys(e["code"] for e in p["acted_in_evidence"]))
            print(f"\nNamed as having acted in the evidence for: {codes}")
        print()
    return 0


def _source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR", help="data edition to build the graph from")
    parser.add_argument("--graph", type=Path, default=None, metavar="FILE", help="a built graph (graph.nq) instead of --data")
    parser.add_argument("--store", default=None, metavar="STORE", help="'memory' (default), an on-disk store folder or a SPARQL endpoint URL")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default: table)")


def register(subparsers) -> None:
    query = add_command(
        subparsers, "query",
        help="Run a SPARQL SELECT or ASK query on the graph (nap:, rdf:, rdfs:, owl:, xsd:, skos:, dcterms: and the other default prefixes need no PREFIX).",
        examples=[
            'napkg query "SELECT ?code ?title WHERE { ?a a nap:Activity ; nap:code ?code ; dcterms:title ?title } LIMIT 5"',
            "napkg query --file graph/queries/02-load-per-agency.rq --format csv",
        ],
        func=run_query,
    )
    query.add_argument("sparql", nargs="?", help="the query text")
    query.add_argument("--file", "-f", type=Path, help="read the query from a file")
    _source_options(query)
    who = add_command(
        subparsers, "who-owns",
        help="Activities whose title, indicator or evidence match TEXT, best first, with their implementers and "
             "recommended-to bodies. TEXT is a phrase as you would type it: plurals, typos, hyphens and questions "
             "are understood (docs/search.md). When nothing matches, says why and suggests close words (exit 1).",
        examples=['napkg who-owns "hotlines"', 'napkg who-owns "who is responsible for the ombudsman hotline?"',
                  'napkg who-owns "public procurment" --format json'],
        func=run_who_owns,
    )
    who.add_argument("text", help="words to look for")
    who.add_argument("--limit", type=int, default=20, help="most activities to show (default 20)")
    _source_options(who)
    agency = add_command(
        subparsers, "agency",
        help="Everything a body owns, by role; NAME is its id or any of its names, in any case, or words of its "
             "name (the best match of the search engine is shown, the other matches are listed).",
        examples=['napkg agency "Prosecutor\'s Office"', "napkg agency justice",
                  "napkg agency ministry-of-justice --format json"],
        func=run_agency,
    )
    agency.add_argument("name", help="the body's id, name or alias")
    _source_options(agency)
