"""Answer "who owns what?": find a body by any of its names, profile it, search activities.

Every function here reads the graph through a ``Select`` — a function that runs a SPARQL
SELECT and returns rows as plain dicts — so the same code serves the command line, the JSON
API and any store (embedded or remote).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from napkg.graph.errors import NotFound

__all__ = [
    "Select", "PREFIXES", "BodyRef", "Directory", "who_owns", "agency_profile", "activity_owners",
    "sparql_string", "search_terms", "code_order",
]

Row = dict[str, Any]
Select = Callable[[str], list[Row]]

PREFIXES = """\
PREFIX nap: <https://w3id.org/nap-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
"""

_BODIES = PREFIXES + """
SELECT ?body ?slug ?label ?alias ?kind ?collective ?country WHERE {
  ?body a nap:Body ; rdfs:label ?label ; nap:slug ?slug ; nap:kind ?kind ; nap:country ?c .
  ?c rdfs:label ?country .
  BIND(EXISTS { ?body a nap:CollectiveBody } AS ?collective)
  OPTIONAL { ?body skos:altLabel ?alias }
}"""


def sparql_string(text: str) -> str:
    """``text`` as a safe SPARQL string literal.

    >>> sparql_string('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    """
    return json.dumps(text, ensure_ascii=False)


def search_terms(text: str) -> list[str]:
    """The lower-case words of a search, without duplicates or one-letter words.

    >>> search_terms("Hotline, the 161-Hotline!")
    ['hotline', 'the', '161-hotline']
    """
    words = re.findall(r"[\w][\w'’\-]*", text.casefold())
    return list(dict.fromkeys(w for w in words if len(w) > 1))


@dataclass(frozen=True)
class BodyRef:
    iri: str
    slug: str
    name: str
    kind: str
    collective: bool
    country: str
    aliases: tuple[str, ...]


class Directory:
    """Every body of the graph, found by IRI, id or any name, case-insensitively."""

    def __init__(self, select: Select) -> None:
        bodies: dict[str, dict[str, Any]] = {}
        for row in select(_BODIES):
            entry = bodies.setdefault(row["body"], {**row, "aliases": []})
            if row.get("alias") and row["alias"] not in entry["aliases"]:
                entry["aliases"].append(row["alias"])
        self.bodies = {
            iri: BodyRef(iri, e["slug"], e["label"], e["kind"], bool(e["collective"]), e["country"], tuple(e["aliases"]))
            for iri, e in bodies.items()
        }
        self._names: dict[str, list[str]] = {}
        for body in self.bodies.values():
            for key in {body.iri, body.slug, body.name, *body.aliases}:
                self._names.setdefault(key.casefold(), []).append(body.iri)

    def find(self, name: str) -> list[BodyRef]:
        """The bodies ``name`` names (an IRI, an id or a name; several if countries share it).

        Raises NotFound with the closest names when nothing matches.
        """
        iris = self._names.get(name.strip().casefold())
        if iris:
            return [self.bodies[i] for i in dict.fromkeys(iris)]
        raise NotFound(f"no body is named {name!r}", suggestions=self.closest(name))

    def closest(self, name: str, n: int = 5) -> list[str]:
        """The names closest to ``name``, best first."""
        folded = name.strip().casefold()
        keys = [k for k in self._names if not k.startswith("http")]
        close = difflib.get_close_matches(folded, keys, n=n, cutoff=0.5)
        contains = [k for k in keys if folded and folded in k and k not in close]
        canonical: dict[str, str] = {}
        for key in close + contains:
            body = self.bodies[self._names[key][0]]
            label = body.name if key == body.name.casefold() else f"{self._original(body, key)} ({body.name})"
            canonical.setdefault(body.iri, label)
        return list(canonical.values())[:n]

    @staticmethod
    def _original(body: BodyRef, key: str) -> str:
        for name in (body.slug, *body.aliases):
            if name.casefold() == key:
                return name
        return key


def code_order(code: str) -> tuple:
    """Sort key for activity numbers as printed: "1.2" before "1.10".

    >>> sorted(["1.10", "1.2", "A.1"], key=code_order)
    ['1.2', '1.10', 'A.1']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\s]+", code))


def _values(iris: Sequence[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def activity_owners(select: Select, activities: Sequence[str]) -> dict[str, dict[str, list[dict[str, str]]]]:
    """For each activity IRI: its implementers and recommended-to bodies as {iri, id, name}."""
    owners: dict[str, dict[str, list[dict[str, str]]]] = {a: {"implementers": [], "recommended_to": []} for a in activities}
    if not activities:
        return owners
    query = PREFIXES + f"""
SELECT ?activity ?role ?body ?slug ?label WHERE {{
  VALUES ?activity {{ {_values(activities)} }}
  {{ ?activity nap:implementedBy ?body BIND("implementers" AS ?role) }}
  UNION {{ ?activity nap:recommendedTo ?body BIND("recommended_to" AS ?role) }}
  ?body rdfs:label ?label ; nap:slug ?slug .
}} ORDER BY ?activity ?role ?label"""
    for row in select(query):
        owners[row["activity"]][row["role"]].append({"iri": row["body"], "id": row["slug"], "name": row["label"]})
    return owners


def who_owns(select: Select, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Activities whose title, indicator or evidence match ``text``, best first, with their owners.

    A word found in the title counts 3, in the indicator 2, in evidence 1.
    """
    terms = search_terms(text)
    if not terms:
        return []
    scores = " + ".join(
        f"IF(CONTAINS(?t, {sparql_string(w)}), 3, 0) + IF(CONTAINS(?i, {sparql_string(w)}), 2, 0)"
        f" + IF(CONTAINS(?e, {sparql_string(w)}), 1, 0)"
        for w in terms
    )
    query = PREFIXES + f"""
SELECT ?activity ?code ?title ?plan ?status (MAX(?s) AS ?score) WHERE {{
  ?activity a nap:Activity ; nap:code ?code ; dcterms:title ?title ; nap:plan ?plan .
  OPTIONAL {{ ?activity nap:indicator ?indicator }}
  OPTIONAL {{ ?activity nap:evidence/nap:text ?evidence }}
  OPTIONAL {{ ?activity nap:status/skos:prefLabel ?status }}
  BIND(LCASE(STR(?title)) AS ?t)
  BIND(LCASE(COALESCE(STR(?indicator), "")) AS ?i)
  BIND(LCASE(COALESCE(STR(?evidence), "")) AS ?e)
  BIND(({scores}) AS ?s)
  FILTER(?s > 0)
}}
GROUP BY ?activity ?code ?title ?plan ?status
ORDER BY DESC(?score) ?plan ?code
LIMIT {int(limit)}"""
    rows = select(query)
    owners = activity_owners(select, [r["activity"] for r in rows])
    return [
        {
            "iri": r["activity"], "code": r["code"], "title": r["title"], "plan": r["plan"],
            "status": r.get("status"), "score": r["score"], **owners[r["activity"]],
        }
        for r in rows
    ]


def agency_profile(select: Select, body: BodyRef) -> dict[str, Any]:
    """Everything a body owns, by role, with the evidence that names it as having acted."""
    query = PREFIXES + f"""
SELECT ?role ?activity ?code ?title ?plan ?status ?start ?end WHERE {{
  {{ ?activity nap:implementedBy <{body.iri}> BIND("implementer" AS ?role) }}
  UNION {{ ?activity nap:recommendedTo <{body.iri}> BIND("recommended_to" AS ?role) }}
  ?activity nap:code ?code ; dcterms:title ?title ; nap:plan ?plan .
  OPTIONAL {{ ?activity nap:status/skos:prefLabel ?status }}
  OPTIONAL {{ ?activity nap:startYear ?start }}
  OPTIONAL {{ ?activity nap:endYear ?end }}
}} ORDER BY ?plan ?code"""
    roles: dict[str, list[dict[str, Any]]] = {"implementer": [], "recommended_to": []}
    for row in sorted(select(query), key=lambda r: (r["plan"], code_order(r["code"]))):
        roles[row["role"]].append({
            "iri": row["activity"], "code": row["code"], "title": row["title"], "plan": row["plan"],
            "status": row.get("status"), "start_year": row.get("start"), "end_year": row.get("end"),
        })
    evidence_query = PREFIXES + f"""
SELECT ?activity ?code ?evidence ?text ?date WHERE {{
  ?evidence nap:actor <{body.iri}> ; nap:text ?text ; dcterms:date ?date .
  ?activity nap:evidence ?evidence ; nap:code ?code .
}} ORDER BY ?code"""
    evidence = [
        {"activity": r["activity"], "code": r["code"], "iri": r["evidence"], "date": r["date"], "text": r["text"]}
        for r in sorted(select(evidence_query), key=lambda r: code_order(r["code"]))
    ]
    return {
        "iri": body.iri, "id": body.slug, "name": body.name, "aliases": list(body.aliases),
        "kind": body.kind, "collective": body.collective, "country": body.country,
        "implementer_of": roles["implementer"], "recommended_to_for": roles["recommended_to"],
        "acted_in_evidence": evidence,
    }
