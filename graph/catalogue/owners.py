"""Who owns what, asked of the graph each time: activities matching words, with their owners.

These run SPARQL on any ``Select`` (an embedded store, a remote endpoint), with nothing built
first, for one-off questions such as the command line's ``napkg who-owns``. The API answers the
same question from the catalogue's text index (:func:`~napkg.graph.catalogue.listings.search_activities`),
which ranks as :func:`who_owns` does (a test holds them equal).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from napkg.graph.catalogue.search import search_terms
from napkg.graph.select import Select
from napkg.graph.vocabulary import SPARQL_PROLOGUE, STATUSES

__all__ = ["sparql_string", "values", "activity_owners", "who_owns"]


def _status_key(iri: str | None) -> str | None:
    term = STATUSES.by_iri(iri) if iri else None
    return term.key if term else None


def sparql_string(text: str) -> str:
    """``text`` as a safe SPARQL string literal.

    >>> sparql_string('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    """
    return json.dumps(text, ensure_ascii=False)



def values(iris: Sequence[str]) -> str:
    """``iris`` as the terms of a SPARQL ``VALUES`` block."""
    return " ".join(f"<{i}>" for i in iris)


def activity_owners(select: Select, activities: Sequence[str]) -> dict[str, dict[str, list[dict[str, str]]]]:
    """For each activity IRI: its implementers and recommended-to bodies as {iri, id, name}."""
    owners: dict[str, dict[str, list[dict[str, str]]]] = {a: {"implementers": [], "recommended_to": []} for a in activities}
    if not activities:
        return owners
    query = SPARQL_PROLOGUE + f"""
SELECT ?activity ?role ?body ?slug ?label WHERE {{
  VALUES ?activity {{ {values(activities)} }}
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
    query = SPARQL_PROLOGUE + f"""
SELECT ?activity ?code ?title ?plan ?status (MAX(?s) AS ?score) WHERE {{
  ?activity a nap:Activity ; nap:code ?code ; dcterms:title ?title ; nap:plan ?plan .
  OPTIONAL {{ ?activity nap:indicator ?indicator }}
  OPTIONAL {{ ?activity nap:evidence/nap:text ?evidence }}
  OPTIONAL {{ ?activity nap:status ?status }}
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
            "status": _status_key(r.get("status")), "score": r["score"], **owners[r["activity"]],
        }
        for r in rows
    ]

