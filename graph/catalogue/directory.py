"""Every body of the graph, found by IRI, id or any of its names, in any case (:class:`Directory`)."""

from __future__ import annotations

import difflib
import threading
from collections import Counter
from typing import Any

from napkg.graph.catalogue.records import BodyRef
from napkg.graph.errors import Ambiguous, NotFound
from napkg.graph.select import Select
from napkg.graph.vocabulary import SPARQL_PROLOGUE

__all__ = ["Directory", "not_found"]

_BODIES = SPARQL_PROLOGUE + """
SELECT ?body ?slug ?label ?alias ?kind ?collective ?country ?iso WHERE {
  ?body a nap:Body ; rdfs:label ?label ; nap:slug ?slug ; nap:kind ?kind .
  OPTIONAL { ?body nap:country ?c . ?c rdfs:label ?countryName . OPTIONAL { ?c nap:isoCode ?iso } }
  BIND(COALESCE(?countryName, "international") AS ?country)
  BIND(EXISTS { ?body a nap:CollectiveBody } AS ?collective)
  OPTIONAL { ?body skos:altLabel ?alias }
}"""


def not_found(message: str, *, parameter: str | None = None, suggestions: list[str] | None = None,
              hint: str | None = None) -> NotFound:
    """A :class:`NotFound` that also names the parameter at fault (and, if given, what to do next)."""
    exc = NotFound(message, suggestions=suggestions)
    exc.parameter = parameter  # type: ignore[attr-defined]
    if hint is not None:
        exc.hint = hint  # type: ignore[attr-defined]
    return exc


class Directory:
    """Every body of the graph, found by IRI, id or any name, case-insensitively."""

    def __init__(self, select: Select) -> None:
        bodies: dict[str, dict[str, Any]] = {}
        for row in select(_BODIES):
            entry = bodies.setdefault(row["body"], {**row, "aliases": []})
            if row.get("alias") and row["alias"] not in entry["aliases"]:
                entry["aliases"].append(row["alias"])
        self.bodies = {
            iri: BodyRef(iri, e["slug"], e["label"], e["kind"], bool(e["collective"]), e["country"],
                         tuple(sorted(e["aliases"])), e.get("iso"))  # sorted: RDF keeps no order
            for iri, e in sorted(bodies.items())
        }
        self._names: dict[str, list[str]] = {}
        for body in self.bodies.values():
            for key in {body.iri, body.slug, body.name, *body.aliases}:
                self._names.setdefault(key.casefold(), []).append(body.iri)
        self._grams: dict[str, list[int]] | None = None  # built at the first fuzzy search of a large directory
        self._keys: list[str] = []
        self._lock = threading.Lock()

    def find(self, name: str) -> list[BodyRef]:
        """The bodies ``name`` names (an IRI, an id or a name; several if countries share it).

        Raises NotFound with the closest names when nothing matches.
        """
        iris = self._names.get(name.strip().casefold())
        if iris:
            return [self.bodies[i] for i in dict.fromkeys(iris)]
        raise NotFound(f"no body is named {name!r}", suggestions=self.closest(name))

    def resolve(self, name: str, *, country: str | None = None, parameter: str = "id") -> BodyRef:
        """The one body ``name`` names (IRI, id or any name, any case), in ``country`` if given.

        ``country`` is an ISO code or a country's name. Raises NotFound with the closest names,
        or :class:`Ambiguous` with the candidates when bodies of several countries share the name.
        """
        try:
            bodies = self.find(name)
        except NotFound as exc:
            raise not_found(str(exc), parameter=parameter, suggestions=exc.suggestions) from None
        if country is not None and country.strip():
            wanted = country.strip().casefold()
            chosen = [b for b in bodies if wanted in {b.country.casefold(), (b.country_code or "").casefold()}]
            if not chosen:
                raise not_found(f"{name!r} names no body of the country {country!r}", parameter="country",
                                suggestions=[b.country_code or b.country for b in bodies])
            bodies = chosen
        if len(bodies) > 1:
            codes = list(dict.fromkeys(b.country_code or b.country for b in bodies))
            candidates = [f"{b.slug} ({b.country_code or b.country}): {b.name}" for b in bodies]
            if len(codes) == 1:  # one country has several bodies of this name: only an id tells them apart
                raise Ambiguous(f"{name!r} names {len(bodies)} bodies of {codes[0]}", parameter=parameter,
                                candidates=candidates, hint="ask for one of the candidates by its id or IRI")
            some = "; ".join(codes[:10]) + ("; …" if len(codes) > 10 else "")
            raise Ambiguous(
                f"{name!r} names {len(bodies)} bodies, of different countries", parameter="country",
                candidates=candidates, hint=f"give the country (one of {some}; see candidates), or ask for the body by its IRI")
        return bodies[0]

    def closest(self, name: str, n: int = 5) -> list[str]:
        """The names closest to ``name``, best first.

        In a large directory (more than :data:`_FUZZY_ALL` names) only the names sharing the
        rarest three-letter groups of ``name`` are compared, so a miss stays fast.
        """
        folded = name.strip().casefold()
        keys = [k for k in self._names if not k.startswith("http")]
        if len(keys) > _FUZZY_ALL:
            close = difflib.get_close_matches(folded, self._candidates(folded), n=n, cutoff=0.5)
        else:
            close = difflib.get_close_matches(folded, keys, n=n, cutoff=0.5)
        contains = [k for k in keys if folded and folded in k and k not in close]
        canonical: dict[str, str] = {}
        for key in close + contains:
            body = self.bodies[self._names[key][0]]
            label = body.name if key == body.name.casefold() else f"{self._original(body, key)} ({body.name})"
            canonical.setdefault(body.iri, label)
        return list(canonical.values())[:n]

    def _candidates(self, folded: str, *, grams: int = 8, keep: int = 300) -> list[str]:
        with self._lock:
            if self._grams is None:
                self._keys = [k for k in self._names if not k.startswith("http")]
                index: dict[str, list[int]] = {}
                for i, key in enumerate(self._keys):
                    for gram in _trigrams(key):
                        index.setdefault(gram, []).append(i)
                self._grams = index
        index, keys = self._grams, self._keys
        rarest = sorted((g for g in _trigrams(folded) if g in index), key=lambda g: len(index[g]))[:grams]
        counts: Counter[int] = Counter()
        for gram in rarest:
            counts.update(index[gram])
        return [keys[i] for i, _ in counts.most_common(keep)]

    @staticmethod
    def _original(body: BodyRef, key: str) -> str:
        for name in (body.slug, *body.aliases):
            if name.casefold() == key:
                return name
        return key


_FUZZY_ALL = 2000


def _trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}
