"""Answer "who owns what?": find a body by any of its names, profile it, search activities.

Every function here reads the graph through a ``Select`` — a function that runs a SPARQL
SELECT and returns rows as plain dicts — so the same code serves the command line, the JSON
API and any store (embedded or remote).

Two ways in:

- one-off functions for the command line (:func:`who_owns`, :func:`agency_profile`), which
  query the graph each time;
- a :class:`Catalogue`, built once from a read-only graph, that the JSON API serves from: it
  indexes every plan, section, activity, body, recommendation and body metric, and a
  :class:`TextIndex` of the activities' words, so that a request costs dictionary look-ups and
  bit-set operations instead of scans. Sets of activities are Python ints used as bit sets
  (bit *i* is the *i*-th activity in plan and code order; :func:`bits_of`, :func:`positions_of`).
  Details that are read rarely (an activity's evidence and sources, a body's evidence) are
  queried by IRI when asked for (:func:`activity_detail`, :func:`body_evidence`).
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import threading
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from napkg.graph.errors import Ambiguous, InvalidParameter, NotFound
from napkg.graph.namespace import DCTERMS, FOAF, NAP, OA

__all__ = [
    "Select", "PREFIXES", "BodyRef", "Directory", "who_owns", "agency_profile", "activity_owners",
    "sparql_string", "search_terms", "code_order",
    "Ambiguous", "not_found", "MAX_TERMS", "STATUSES", "NO_STATUS", "ROLES", "METRICS",
    "bits_of", "positions_of", "TextIndex", "PlanRef", "SectionRef", "ActivityRef", "RecommendationRef",
    "Catalogue", "Page", "list_activities", "search_activities", "activity_detail", "body_activities",
    "body_evidence", "list_bodies", "load_table", "bottleneck_table", "list_plans", "list_sections",
    "list_recommendations", "plan_figures_of",
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
SELECT ?body ?slug ?label ?alias ?kind ?collective ?country ?iso WHERE {
  ?body a nap:Body ; rdfs:label ?label ; nap:slug ?slug ; nap:kind ?kind ; nap:country ?c .
  ?c rdfs:label ?country .
  OPTIONAL { ?c nap:isoCode ?iso }
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


def not_found(message: str, *, parameter: str | None = None, suggestions: list[str] | None = None,
              hint: str | None = None) -> NotFound:
    """A :class:`NotFound` that also names the request parameter at fault and what to do next."""
    exc = NotFound(message, suggestions=suggestions)
    exc.parameter, exc.hint = parameter, hint  # type: ignore[attr-defined]
    return exc


@dataclass(frozen=True)
class BodyRef:
    iri: str
    slug: str
    name: str
    kind: str
    collective: bool
    country: str
    aliases: tuple[str, ...]
    country_code: str | None = None


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
                         tuple(e["aliases"]), e.get("iso"))
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
            raise not_found(str(exc), parameter=parameter, suggestions=exc.suggestions,
                            hint="check the spelling: the suggestions list close names; "
                                 "GET /agencies?q=<part of a name> searches by name") from None
        if country is not None and country.strip():
            wanted = country.strip().casefold()
            chosen = [b for b in bodies if wanted in {b.country.casefold(), (b.country_code or "").casefold()}]
            if not chosen:
                raise not_found(f"{name!r} names no body of the country {country!r}", parameter="country",
                                suggestions=[b.country_code or b.country for b in bodies],
                                hint="use one of the suggested countries, or leave country out")
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
                candidates=candidates, hint=f"add country=<one of {some}> (see candidates), or ask for the body by its IRI")
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


# ---------------------------------------------------------------------------
# The catalogue: everything the JSON API lists, indexed once per read-only graph
# ---------------------------------------------------------------------------

MAX_TERMS = 32
"""The most words a text search may have."""

STATUSES: dict[str, str] = {
    "not-started": str(NAP.NotStarted), "limited": str(NAP.Limited),
    "substantial": str(NAP.Substantial), "complete": str(NAP.Complete),
}
"""The values of a ``status`` filter and the concepts of ``nap:CompletionScale`` they stand for."""

NO_STATUS = "none"
"""The ``status`` filter value for activities without a status."""

_STATUS_KEY = {iri: key for key, iri in STATUSES.items()}

ROLES = ("implementer", "lead", "supporting", "recommended_to")
"""What a body can be to an activity. Leads and supporting bodies (imported OGP plans) are implementers too."""

_ROLE_OF = {
    str(NAP.implementedBy): "implementer", str(NAP.ledBy): "lead",
    str(NAP.supportedBy): "supporting", str(NAP.recommendedTo): "recommended_to",
}

METRICS: dict[str, str] = {
    str(NAP.implementerLoad): "implementer_load", str(NAP.sharedImplementerLoad): "shared_implementer_load",
    str(NAP.leadLoad): "lead_load", str(NAP.recommendedLoad): "recommended_load", str(NAP.openLoad): "open_load",
    str(NAP.overdueCount): "overdue", str(NAP.sectionCount): "sections",
    str(NAP.degreeCentrality): "degree_centrality", str(NAP.betweenness): "betweenness",
    str(NAP.betweennessSample): "betweenness_sample", str(NAP.bridging): "bridging",
    str(NAP.articulationPoint): "articulation_point", str(NAP.bottleneckScore): "bottleneck_score",
    str(NAP.bottleneckRank): "bottleneck_rank",
}
"""The properties of a ``nap:BodyMetrics`` node (see :mod:`napkg.graph.analysis`) and their names in the API."""


# --- bit sets --------------------------------------------------------------------------------


def bits_of(positions: Iterable[int]) -> int:
    """A bit set (an int) with the bits at ``positions`` set.

    >>> bin(bits_of([0, 3, 3]))
    '0b1001'
    >>> bits_of([])
    0
    """
    buffer = bytearray()
    for position in positions:
        byte = position >> 3
        if byte >= len(buffer):
            buffer.extend(bytes(byte - len(buffer) + 64))
        buffer[byte] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def positions_of(bits: int, *, offset: int = 0, limit: int | None = None) -> list[int]:
    """The positions of the bits set in ``bits``, ascending: at most ``limit`` after the first ``offset``.

    >>> positions_of(0b101101)
    [0, 2, 3, 5]
    >>> positions_of(0b101101, offset=1, limit=2)
    [2, 3]
    """
    found: list[int] = []
    if bits <= 0 or limit == 0:
        return found
    words = array("Q", bits.to_bytes((bits.bit_length() + 63) // 64 * 8, "little"))
    if sys.byteorder == "big":  # pragma: no cover - the words were written little-endian
        words.byteswap()
    skip = offset
    for index, word in enumerate(words):
        if not word:
            continue
        if skip:
            count = word.bit_count()
            if skip >= count:
                skip -= count
                continue
        base = index << 6
        while word:
            low = word & -word
            if skip:
                skip -= 1
            else:
                found.append(base + low.bit_length() - 1)
                if limit is not None and len(found) >= limit:
                    return found
            word ^= low
    return found


def _range_bits(first: int, stop: int) -> int:
    return ((1 << stop) - 1) ^ ((1 << first) - 1)


def _add(counter: list[int], bits: int, weight: int) -> None:
    """Add ``weight`` to the score of every activity in ``bits``; ``counter`` holds scores bit-sliced:
    bit *i* of ``counter[j]`` is bit *j* of activity *i*'s score.

    >>> counter = []
    >>> _add(counter, 0b10, 2); _add(counter, 0b11, 3)
    >>> [sum(((s >> i) & 1) << j for j, s in enumerate(counter)) for i in range(2)]
    [3, 5]
    """
    shift = 0
    while weight:
        if weight & 1:
            carry, j = bits, shift
            while carry:
                while j >= len(counter):
                    counter.append(0)
                counter[j], carry = counter[j] ^ carry, counter[j] & carry
                j += 1
        weight >>= 1
        shift += 1


def _ranked(counter: list[int], top: int, *, offset: int, limit: int) -> tuple[int, list[tuple[int, int]]]:
    """(how many activities score above 0, [(position, score)] best first, then in position order)."""
    hits = 0
    for slice_ in counter:
        hits |= slice_
    total = remaining = hits.bit_count()
    found: list[tuple[int, int]] = []
    skip = offset
    for score in range(top, 0, -1):
        if remaining == 0 or len(found) >= limit:
            break
        if score >> len(counter):
            continue
        level = hits
        for j, slice_ in enumerate(counter):
            level = level & slice_ if score >> j & 1 else level & ~slice_
            if not level:
                break
        if not level:
            continue
        count = level.bit_count()
        remaining -= count
        if skip >= count:
            skip -= count
            continue
        found += [(p, score) for p in positions_of(level, offset=skip, limit=limit - len(found))]
        skip = 0
    return total, found


# --- the text index --------------------------------------------------------------------------

_WORD = re.compile(r"[\w][\w'’\-]*")


class TextIndex:
    """The words of the activities' titles, indicators and evidence, and where each occurs.

    A search term matches a word that *contains* it, so that "hotline" finds "161-hotline" as
    :func:`who_owns`'s ``CONTAINS`` does; a term found in an activity's title scores 3, in its
    indicator 2 and in any of its evidence 1 (:data:`WEIGHTS`). Words are compared case-folded.

    >>> index = TextIndex()
    >>> index.add(0, 0, "The 161-Hotline call centre"); index.add(1, 2, "a hotline was set up")
    >>> index.freeze()
    >>> index.search(["hotline"], offset=0, limit=5)
    (2, [(0, 3), (1, 1)])
    """

    FIELDS = ("title", "indicator", "evidence")
    WEIGHTS = (3, 2, 1)
    DENSE = 1024
    """A word in more activities than this keeps its positions as a bit set, otherwise as an array."""

    def __init__(self) -> None:
        self._building: dict[str, tuple[list[int], list[int], list[int]]] = {}
        self._postings: list[tuple[int | array, ...]] = []
        self._vocabulary = ""
        self._starts: list[int] = []
        self.match = lru_cache(maxsize=4096)(self._match)

    def add(self, position: int, field: int, text: str) -> None:
        """Index ``text`` as field ``field`` (0 title, 1 indicator, 2 evidence) of activity ``position``."""
        for word in set(_WORD.findall(text.casefold())):
            if len(word) > 1:
                entry = self._building.get(word)
                if entry is None:
                    entry = self._building[word] = ([], [], [])
                entry[field].append(position)

    def freeze(self) -> None:
        """Finish building: no :meth:`add` after this."""
        words = sorted(self._building)
        offset = 0
        for word in words:
            self._starts.append(offset)
            offset += len(word) + 1
        self._vocabulary = "\n".join(words)
        self._postings = [tuple(self._pack(p) for p in self._building[w]) for w in words]
        self._building = {}

    @classmethod
    def _pack(cls, positions: list[int]) -> int | array:
        unique = sorted(set(positions))
        return bits_of(unique) if len(unique) > cls.DENSE else array("I", unique)

    def __len__(self) -> int:
        return len(self._postings)

    def words_containing(self, term: str) -> list[str]:
        """The indexed words that contain ``term`` (case-folded).

        >>> index = TextIndex(); index.add(0, 0, "hotline hotlines online"); index.freeze()
        >>> index.words_containing("LINE")
        ['hotline', 'hotlines', 'online']
        """
        starts, text = self._starts, self._vocabulary
        return [text[starts[k]:starts[k + 1] - 1] if k + 1 < len(starts) else text[starts[k]:]
                for k in self._containing(term.casefold())]

    def _containing(self, term: str) -> list[int]:
        text, starts, found = self._vocabulary, self._starts, []
        at = text.find(term) if term and "\n" not in term else -1
        while at >= 0:
            k = bisect_right(starts, at) - 1
            found.append(k)
            at = text.find(term, starts[k + 1]) if k + 1 < len(starts) else -1
        return found

    def _match(self, term: str) -> tuple[int, ...]:
        dense = [0] * len(self.FIELDS)
        sparse: list[list[array]] = [[] for _ in self.FIELDS]
        for k in self._containing(term):
            for f, positions in enumerate(self._postings[k]):
                if isinstance(positions, int):
                    dense[f] |= positions
                elif positions:
                    sparse[f].append(positions)
        return tuple(dense[f] | _bits_of_arrays(sparse[f]) for f in range(len(self.FIELDS)))

    def any_match(self, terms: Sequence[str]) -> int:
        """The activities where any of ``terms`` occurs, in any field."""
        found = 0
        for term in terms:
            for bits in self.match(term):
                found |= bits
        return found

    def search(self, terms: Sequence[str], *, within: int = -1, offset: int, limit: int) -> tuple[int, list[tuple[int, int]]]:
        """(how many activities in ``within`` match, [(position, score)] best first).

        Ties keep position order (plan, then code). ``within`` is a bit set (default: all).
        """
        counter: list[int] = []
        for term in terms:
            for bits, weight in zip(self.match(term), self.WEIGHTS):
                bits &= within
                if bits:
                    _add(counter, bits, weight)
        return _ranked(counter, sum(self.WEIGHTS) * len(terms), offset=offset, limit=limit)


def _bits_of_arrays(arrays: list[array]) -> int:
    if not arrays:
        return 0
    buffer = bytearray((max(a[-1] for a in arrays) >> 3) + 1)
    for positions in arrays:
        for p in positions:
            buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


# --- what the catalogue holds -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanRef:
    """An action plan; its activities are the positions ``first`` to ``stop - 1``."""

    iri: str
    id: str
    title: str | None
    country: str | None
    country_code: str | None
    start_year: int | None
    end_year: int | None
    report_date: str | None
    first: int
    stop: int
    sections: tuple[str, ...]
    statuses: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def activities(self) -> int:
        return self.stop - self.first


@dataclass(frozen=True, slots=True)
class SectionRef:
    """A section of a plan and the positions of its activities."""

    iri: str
    plan: str
    code: str | None
    title: str | None
    positions: tuple[int, ...]
    statuses: dict[str, int] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class ActivityRef:
    """An activity as lists show it; bodies by IRI (see :attr:`Catalogue.directory`)."""

    position: int
    iri: str
    plan: str
    code: str
    title: str | None
    section: str | None
    status: str | None
    start_year: int | None
    end_year: int | None
    implementers: tuple[str, ...]
    lead: tuple[str, ...]
    supporting: tuple[str, ...]
    recommended_to: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RecommendationRef:
    """A recommendation a progress report answers, and the activities that address it."""

    iri: str
    id: str | None
    label: str | None
    issued_by: str | None
    report: str | None
    plan: str | None
    response: str | None
    part_of: str | None
    addressed_by: tuple[int, ...]


@dataclass(frozen=True)
class Page:
    """One page of a list: ``total`` items in all, ``items`` from the requested offset."""

    total: int
    items: list[Any]


_PLANS = PREFIXES + """
SELECT ?plan ?id ?title ?country ?countryName ?iso ?start ?end WHERE {
  ?plan a nap:ActionPlan .
  OPTIONAL { ?plan dcterms:identifier ?id }
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan nap:country ?country . OPTIONAL { ?country rdfs:label ?countryName } OPTIONAL { ?country nap:isoCode ?iso } }
  OPTIONAL { ?plan nap:startYear ?start }
  OPTIONAL { ?plan nap:endYear ?end }
}"""

_REPORTS = PREFIXES + """
SELECT ?plan (MAX(?date) AS ?latest) WHERE { ?report a nap:ProgressReport ; nap:plan ?plan ; dcterms:date ?date } GROUP BY ?plan"""

_SECTIONS = PREFIXES + """
SELECT ?section ?plan ?code ?title WHERE {
  ?section a nap:Section ; nap:plan ?plan .
  OPTIONAL { ?section nap:code ?code }
  OPTIONAL { ?section dcterms:title ?title }
}"""

_ACTIVITY_ROWS = PREFIXES + """
SELECT ?activity ?plan ?code ?title ?section ?status ?start ?end WHERE {
  ?activity a nap:Activity ; nap:plan ?plan .
  OPTIONAL { ?activity nap:code ?code }
  OPTIONAL { ?activity dcterms:title ?title }
  OPTIONAL { ?activity nap:section ?section }
  OPTIONAL { ?activity nap:status ?status }
  OPTIONAL { ?activity nap:startYear ?start }
  OPTIONAL { ?activity nap:endYear ?end }
}"""

_LINK_ROWS = PREFIXES + """
SELECT ?activity ?property ?body WHERE {
  VALUES ?property { nap:implementedBy nap:ledBy nap:supportedBy nap:recommendedTo }
  ?activity ?property ?body .
}"""

_INDICATORS = PREFIXES + "SELECT ?activity ?text WHERE { ?activity a nap:Activity ; nap:indicator ?text }"
_EVIDENCE_TEXTS = PREFIXES + "SELECT ?activity ?text WHERE { ?activity nap:evidence ?e . ?e nap:text ?text }"
_METRIC_ROWS = PREFIXES + "SELECT ?body ?property ?value WHERE { ?body nap:metrics ?m . ?m ?property ?value FILTER(isLiteral(?value)) }"

_RECOMMENDATIONS = PREFIXES + """
SELECT ?rec ?id ?label ?issuer ?report ?plan ?response ?parent WHERE {
  ?rec a nap:Recommendation .
  OPTIONAL { ?rec skos:notation ?id }
  OPTIONAL { ?rec rdfs:label ?label }
  OPTIONAL { ?rec nap:issuedBy ?issuer }
  OPTIONAL { ?rec nap:report ?report OPTIONAL { ?report nap:plan ?plan } }
  OPTIONAL { ?rec nap:response ?response }
  OPTIONAL { ?rec dcterms:isPartOf ?parent }
}"""

_ADDRESSES = PREFIXES + "SELECT ?activity ?rec WHERE { ?activity nap:addresses ?rec }"


def _key(text: str) -> str:
    return text.strip().casefold()


def _first(rows: Iterable[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """Rows keyed by ``row[key]``, the first row of each key kept (a second title or label is ignored)."""
    kept: dict[str, dict[str, Any]] = {}
    for row in rows:
        kept.setdefault(row[key], row)
    return kept


def _status_counts(activities: Iterable[ActivityRef]) -> dict[str, int]:
    """How many of ``activities`` have each status, in the scale's order, ``none`` last (every key present)."""
    counts = Counter(a.status or NO_STATUS for a in activities)
    return {key: counts.get(key, 0) for key in (*STATUSES, NO_STATUS)}


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class Catalogue:
    """Every plan, section, activity, body, recommendation and body metric of a read-only graph.

    Built once (a handful of SELECTs over the whole graph; seconds for 100,000 activities), then
    shared by every request: look-ups are dictionary gets, filters and text search are bit-set
    operations (see the module's docstring). The graph must not change afterwards.
    """

    def __init__(self, select: Select) -> None:
        self.select = select
        self.directory = Directory(select)
        self._lock = threading.Lock()  # guards the caches of orders and selections (held for microseconds)
        self._figures_lock = threading.Lock()  # held while the plan figures are computed (seconds)
        self._figures: dict[str, dict[str, Any]] | None = None
        self._orders: dict[str, list[str]] = {}
        self._selections: dict[tuple[Any, ...], list[str]] = {}
        self._ranks: dict[str, dict[str, int]] = {}

        latest = {r["plan"]: str(r["latest"]) for r in select(_REPORTS) if r.get("latest") is not None}
        plan_rows = _first(select(_PLANS), "plan")
        section_rows = _first(select(_SECTIONS), "section")
        rows = _first(select(_ACTIVITY_ROWS), "activity")
        plan_ids = {iri: str(r.get("id") or _local(iri)) for iri, r in plan_rows.items()}
        for r in rows.values():  # an activity of a plan not typed nap:ActionPlan still has a plan
            plan_ids.setdefault(r["plan"], _local(r["plan"]))
        ordered = sorted(rows.values(), key=lambda r: (_key(plan_ids[r["plan"]]), r["plan"],
                                                      code_order(str(r.get("code") or _local(r["activity"]))),
                                                      r["activity"]))
        position_of = {r["activity"]: i for i, r in enumerate(ordered)}
        self.size = len(ordered)

        links: dict[str, dict[str, list[str]]] = {}
        self.body_roles: dict[str, dict[str, list[int]]] = {}
        for row in select(_LINK_ROWS):
            position = position_of.get(row["activity"])
            if position is None:
                continue
            role = _ROLE_OF[row["property"]]
            links.setdefault(row["activity"], {}).setdefault(role, []).append(row["body"])
            if role in ("lead", "supporting"):
                links[row["activity"]].setdefault("implementer", []).append(row["body"])
        bodies = self.directory.bodies

        def named(iris: list[str]) -> tuple[str, ...]:
            unique = dict.fromkeys(iris)
            return tuple(sorted(unique, key=lambda b: (bodies[b].name.casefold() if b in bodies else b)))

        self.activities: list[ActivityRef] = []
        for position, r in enumerate(ordered):
            roles = links.get(r["activity"], {})
            activity = ActivityRef(
                position=position, iri=r["activity"], plan=r["plan"],
                code=str(r.get("code") or _local(r["activity"])), title=r.get("title"), section=r.get("section"),
                status=_STATUS_KEY.get(r.get("status", "")), start_year=r.get("start"), end_year=r.get("end"),
                **{role if role != "implementer" else "implementers": named(roles.get(role, [])) for role in ROLES},
            )
            self.activities.append(activity)
            for role in ROLES:
                for body in getattr(activity, "implementers" if role == "implementer" else role):
                    self.body_roles.setdefault(body, {}).setdefault(role, []).append(position)
        self.by_iri = position_of
        self.by_code: dict[str, list[int]] = {}
        for activity in self.activities:
            self.by_code.setdefault(_key(activity.code), []).append(activity.position)

        self.status_bits: dict[str, int] = {}
        self.role_bits: dict[str, int] = {}
        status_positions: dict[str, list[int]] = {}
        role_positions: dict[str, list[int]] = {role: [] for role in ROLES}
        for activity in self.activities:
            status_positions.setdefault(activity.status or NO_STATUS, []).append(activity.position)
            for role in ROLES:
                if getattr(activity, "implementers" if role == "implementer" else role):
                    role_positions[role].append(activity.position)
        self.status_bits = {key: bits_of(p) for key, p in status_positions.items()}
        self.role_bits = {role: bits_of(p) for role, p in role_positions.items()}

        sections_of: dict[str, list[str]] = {}
        section_positions: dict[str, list[int]] = {}
        for activity in self.activities:
            if activity.section:
                section_positions.setdefault(activity.section, []).append(activity.position)
        self.sections: dict[str, SectionRef] = {}
        for iri, r in sorted(section_rows.items(), key=lambda kv: (kv[1]["plan"], code_order(str(kv[1].get("code") or "")))):
            positions = tuple(section_positions.get(iri, ()))
            self.sections[iri] = SectionRef(iri, r["plan"], r.get("code"), r.get("title"), positions,
                                            _status_counts(self.activities[p] for p in positions))
            sections_of.setdefault(r["plan"], []).append(iri)

        self.plans: dict[str, PlanRef] = {}
        spans: dict[str, list[int]] = {}
        for activity in self.activities:
            span = spans.setdefault(activity.plan, [activity.position, activity.position + 1])
            span[1] = activity.position + 1
        for iri in sorted(plan_ids, key=lambda i: (_key(plan_ids[i]), i)):
            r = plan_rows.get(iri, {})
            first, stop = spans.get(iri, (0, 0))
            self.plans[iri] = PlanRef(
                iri=iri, id=plan_ids[iri], title=r.get("title"), country=r.get("countryName"),
                country_code=r.get("iso"), start_year=r.get("start"), end_year=r.get("end"),
                report_date=latest.get(iri), first=first, stop=stop, sections=tuple(sections_of.get(iri, ())),
                statuses=_status_counts(self.activities[first:stop]),
            )
        self._plan_names: dict[str, str] = {}
        for plan in self.plans.values():
            self._plan_names.setdefault(_key(plan.iri), plan.iri)
            self._plan_names.setdefault(_key(plan.id), plan.iri)
        self._country_plans: dict[str, list[str]] = {}
        for plan in self.plans.values():
            for name in (plan.country, plan.country_code):
                if name:
                    self._country_plans.setdefault(_key(name), []).append(plan.iri)
        self._country_bodies: dict[str, list[str]] = {}
        for body in bodies.values():
            for name in {_key(body.country), _key(body.country_code or "")} - {""}:
                self._country_plans.setdefault(name, [])
                self._country_bodies.setdefault(name, []).append(body.iri)

        self.text = TextIndex()
        for activity in self.activities:
            if activity.title:
                self.text.add(activity.position, 0, activity.title)
        for field_no, query in ((1, _INDICATORS), (2, _EVIDENCE_TEXTS)):
            for row in select(query):
                position = position_of.get(row["activity"])
                if position is not None:
                    self.text.add(position, field_no, str(row["text"]))
        self.text.freeze()

        self.metrics: dict[str, dict[str, Any]] = {}
        for row in select(_METRIC_ROWS):
            name = METRICS.get(row["property"])
            if name is not None:
                self.metrics.setdefault(row["body"], {})[name] = row["value"]

        addressed: dict[str, list[int]] = {}
        self.answers: dict[int, list[str]] = {}
        for row in select(_ADDRESSES):
            position = position_of.get(row["activity"])
            if position is not None:
                addressed.setdefault(row["rec"], []).append(position)
                self.answers.setdefault(position, []).append(row["rec"])
        self.recommendations: dict[str, RecommendationRef] = {}
        for iri, r in sorted(_first(select(_RECOMMENDATIONS), "rec").items(),
                             key=lambda kv: code_order(str(kv[1].get("id") or _local(kv[0])))):
            self.recommendations[iri] = RecommendationRef(
                iri=iri, id=r.get("id"), label=r.get("label"), issued_by=r.get("issuer"), report=r.get("report"),
                plan=r.get("plan"), response=r.get("response"), part_of=r.get("parent"),
                addressed_by=tuple(sorted(set(addressed.get(iri, ())))),
            )

    # --- finding things by name ---

    def plan(self, name: str, *, parameter: str = "plan") -> PlanRef:
        """The plan ``name`` names (its id or IRI, any case); NotFound with the closest ids."""
        iri = self._plan_names.get(_key(name))
        if iri is None:
            ids = [p.id for p in self.plans.values()]
            close = difflib.get_close_matches(name.strip(), ids, n=5, cutoff=0.4)
            close += [i for i in ids if _key(name) and _key(name) in _key(i) and i not in close]
            raise not_found(f"no plan has the id {name!r}", parameter=parameter, suggestions=close[:5],
                            hint="GET /plans lists every plan with its id")
        return self.plans[iri]

    def country_bits(self, country: str) -> int:
        """The activities of the plans of ``country`` (an ISO code or a name, any case)."""
        plans = self._country_plans.get(_key(country))
        if plans is None:
            names = sorted({n for n in self._country_plans if len(n) > 3})
            codes = sorted({p.country_code for p in self.plans.values() if p.country_code})
            close = difflib.get_close_matches(_key(country), names, n=5, cutoff=0.5)
            raise not_found(f"no country is called {country!r}", parameter="country", suggestions=close or codes[:5],
                            hint="give an ISO code (AZ) or a country's name; GET /plans lists them")
        bits = 0
        for iri in plans:
            bits |= _range_bits(self.plans[iri].first, self.plans[iri].stop)
        return bits

    def section(self, name: str, *, plan: PlanRef | None = None) -> list[SectionRef]:
        """The sections ``name`` names: an IRI, or a code (within ``plan`` if given, else in every plan)."""
        if name in self.sections:
            return [self.sections[name]]
        found = [s for s in self.sections.values()
                 if s.code is not None and _key(s.code) == _key(name) and (plan is None or s.plan == plan.iri)]
        if not found:
            codes = sorted({s.code for s in self.sections.values() if s.code and (plan is None or s.plan == plan.iri)},
                           key=code_order)
            where = f" in plan {plan.id}" if plan else ""
            raise not_found(f"no section has the code or IRI {name!r}{where}", parameter="section", suggestions=codes[:10],
                            hint="GET /sections lists the sections of each plan with their codes")
        return found

    def activity(self, code: str, *, plan: str | None = None) -> ActivityRef:
        """The activity numbered ``code`` (as printed, e.g. "1.7"; or its IRI), in ``plan`` if given.

        Raises NotFound (closest codes) or :class:`Ambiguous` when several plans have the code
        and ``plan`` is not given.
        """
        if code in self.by_iri:
            return self.activities[self.by_iri[code]]
        chosen = self.plan(plan) if plan is not None and plan.strip() else None
        positions = self.by_code.get(_key(code), [])
        if chosen is not None:
            positions = [p for p in positions if self.activities[p].plan == chosen.iri]
        if not positions:
            pool = self.activities[chosen.first:chosen.stop] if chosen else self.activities
            codes = list(dict.fromkeys(a.code for a in pool))
            close = difflib.get_close_matches(code.strip(), codes, n=5, cutoff=0.5) if len(codes) <= 20_000 else []
            where = f" in plan {chosen.id}" if chosen else ""
            raise not_found(f"no activity is numbered {code!r}{where}", parameter="code", suggestions=close,
                            hint="GET /activities lists activities with their codes; GET /who-owns?q=<words> "
                                 "finds them by what they are about")
        if len(positions) > 1:
            ids = [self.plans[self.activities[p].plan].id for p in positions]
            raise Ambiguous(f"activity {code!r} exists in {len(ids)} plans", parameter="plan", candidates=ids,
                            hint=f"add plan=<one of the candidates>, e.g. ?plan={ids[0]}")
        return self.activities[positions[0]]

    def plan_of(self, activity: ActivityRef) -> PlanRef:
        return self.plans[activity.plan]

    def roles_of(self, body: BodyRef) -> dict[str, list[int]]:
        return self.body_roles.get(body.iri, {})

    def bodies_in(self, sort: str, *, country: str | None, collective: bool | None, with_metrics: bool) -> list[str]:
        """Body IRIs in ``sort`` order, of ``country`` (case-folded code or name), collective or not,
        with metrics or all (each combination computed once)."""
        key = (sort, country, collective, with_metrics)
        with self._lock:
            chosen = self._selections.get(key)
        if chosen is None:
            bodies, metrics = self.directory.bodies, self.metrics
            if country is None:
                pool = self.body_order(sort)
            else:
                rank = self._rank(sort)
                pool = sorted(self._country_bodies.get(country, ()), key=rank.__getitem__)
            chosen = [iri for iri in pool
                      if (not with_metrics or iri in metrics)
                      and (collective is None or bodies[iri].collective == collective)]
            with self._lock:
                if len(self._selections) > 4096:
                    self._selections.clear()
                self._selections[key] = chosen
        return chosen

    def _rank(self, sort: str) -> dict[str, int]:
        order = self.body_order(sort)
        with self._lock:
            rank = self._ranks.get(sort)
            if rank is None:
                rank = self._ranks[sort] = {iri: i for i, iri in enumerate(order)}
        return rank

    def body_order(self, sort: str) -> list[str]:
        """Body IRIs in the order ``sort`` names (computed once per order)."""
        with self._lock:
            order = self._orders.get(sort)
        if order is not None:
            return order
        bodies, metrics = self.directory.bodies, self.metrics
        if sort == "name":
            order = sorted(bodies, key=lambda b: (bodies[b].name.casefold(), b))
        elif sort == "bottleneck_rank":
            order = sorted(bodies, key=lambda b: (b not in metrics, bodies[b].collective,
                                                  metrics.get(b, {}).get("bottleneck_rank") or 0, b))
        else:
            order = sorted(bodies, key=lambda b: (-(metrics.get(b, {}).get(sort) or 0), bodies[b].name.casefold(), b))
        with self._lock:
            self._orders[sort] = order
        return order


# --- what the API asks the catalogue --------------------------------------------------------


def _terms(text: str, *, parameter: str = "q") -> list[str]:
    terms = search_terms(text)
    if not terms:
        raise InvalidParameter(f"{parameter}={text!r} has no word of two or more letters", parameter=parameter,
                               hint="search with one or more words, e.g. q=hotline")
    if len(terms) > MAX_TERMS:
        raise InvalidParameter(f"{parameter} has {len(terms)} different words; the most a search takes is {MAX_TERMS}",
                               parameter=parameter, hint="search with fewer words: the most telling ones")
    return terms


def _page_of(catalogue: Catalogue, bits: int, *, offset: int, limit: int) -> Page:
    return Page(bits.bit_count(), [catalogue.activities[p] for p in positions_of(bits, offset=offset, limit=limit)])


def list_activities(
    catalogue: Catalogue,
    *,
    plan: str | None = None,
    country: str | None = None,
    section: str | None = None,
    status: str | None = None,
    body: str | None = None,
    role: str | None = None,
    q: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> Page:
    """Activities that pass every filter given, in plan and code order.

    ``body`` is any name of a body (``country`` picks one when several countries share it);
    ``role`` is one of :data:`ROLES` (with ``body``: the body's role; alone: activities that
    have some body in that role); ``status`` one of :data:`STATUSES` or :data:`NO_STATUS`;
    ``q`` words, any of which must occur in the title, indicator or evidence.
    """
    bits = _range_bits(0, catalogue.size)
    chosen = catalogue.plan(plan) if plan is not None else None
    if chosen is not None:
        bits &= _range_bits(chosen.first, chosen.stop)
    if country is not None:
        bits &= catalogue.country_bits(country)
    if section is not None:
        bits &= bits_of(p for s in catalogue.section(section, plan=chosen) for p in s.positions)
    if status is not None:
        if status not in STATUSES and status != NO_STATUS:
            raise InvalidParameter(f"status={status!r} is not a status", parameter="status",
                                   hint=f"use one of {', '.join([*STATUSES, NO_STATUS])}")
        bits &= catalogue.status_bits.get(status, 0)
    if role is not None and role not in ROLES:
        raise InvalidParameter(f"role={role!r} is not a role", parameter="role", hint=f"use one of {', '.join(ROLES)}")
    if body is not None:
        ref = catalogue.directory.resolve(body, country=country, parameter="body")
        roles = catalogue.roles_of(ref)
        chosen_roles = [role] if role else ["implementer", "recommended_to"]
        bits &= bits_of(p for r in chosen_roles for p in roles.get(r, ()))
    elif role is not None:
        bits &= catalogue.role_bits[role]
    if q is not None:
        bits &= catalogue.text.any_match(_terms(q))
    return _page_of(catalogue, bits, offset=offset, limit=limit)


def search_activities(
    catalogue: Catalogue, text: str, *, plan: str | None = None, country: str | None = None,
    offset: int = 0, limit: int = 20,
) -> Page:
    """"Who owns what?": activities whose title, indicator or evidence hold the words of ``text``,
    best first, as ``(activity, score)`` pairs; scores as :class:`TextIndex` gives them."""
    terms = _terms(text)
    within = -1
    if plan is not None:
        chosen = catalogue.plan(plan)
        within = _range_bits(chosen.first, chosen.stop)
    if country is not None:
        within &= catalogue.country_bits(country)
    total, hits = catalogue.text.search(terms, within=within, offset=offset, limit=limit)
    return Page(total, [(catalogue.activities[p], score) for p, score in hits])


def body_activities(catalogue: Catalogue, body: BodyRef, *, offset: int = 0, limit: int = 50) -> dict[str, Page]:
    """A body's activities by role (:data:`ROLES`), each role's list paged on its own."""
    roles = catalogue.roles_of(body)
    return {role: Page(len(roles.get(role, ())), [catalogue.activities[p] for p in roles.get(role, [])[offset:offset + limit]])
            for role in ROLES}


def list_bodies(
    catalogue: Catalogue, *, q: str | None = None, country: str | None = None, collective: bool | None = None,
    with_metrics: bool = False, sort: str = "implementer_load", offset: int = 0, limit: int = 20,
) -> Page:
    """Bodies in ``sort`` order (``name``, ``bottleneck_rank`` or a metric, largest first), filtered."""
    if country is not None:
        catalogue.country_bits(country)  # NotFound for an unknown country
    needle = _key(q) if q is not None else None
    if needle == "":
        raise InvalidParameter("q is empty", parameter="q", hint="give part of a body's name, e.g. q=justice")
    bodies = catalogue.directory.bodies
    chosen = catalogue.bodies_in(sort, country=_key(country) if country is not None else None,
                                 collective=collective, with_metrics=with_metrics)
    if needle is not None:
        chosen = [iri for iri in chosen
                  if any(needle in _key(n) for n in (bodies[iri].name, bodies[iri].slug, *bodies[iri].aliases))]
    return Page(len(chosen), [bodies[iri] for iri in chosen[offset:offset + limit]])


def load_table(catalogue: Catalogue, *, sort: str = "implementer_load", **filters: Any) -> Page:
    """Bodies with metrics, by load (``sort``: a metric name), from the metrics stored in the graph."""
    return list_bodies(catalogue, with_metrics=True, sort=sort, **filters)


def bottleneck_table(catalogue: Catalogue, *, collective: bool = False, **filters: Any) -> Page:
    """Single agencies (or collective bodies) by bottleneck rank, from the metrics stored in the graph."""
    return list_bodies(catalogue, with_metrics=True, sort="bottleneck_rank", collective=collective, **filters)


def list_plans(catalogue: Catalogue, *, country: str | None = None, offset: int = 0, limit: int = 20) -> Page:
    """Plans in id order, of ``country`` if given."""
    plans = list(catalogue.plans.values())
    if country is not None:
        catalogue.country_bits(country)
        plans = [p for p in plans if _key(country) in {_key(p.country or ""), _key(p.country_code or "")}]
    return Page(len(plans), plans[offset:offset + limit])


def list_sections(catalogue: Catalogue, *, plan: str | None = None, offset: int = 0, limit: int = 20) -> Page:
    """Sections in plan and code order, of ``plan`` if given."""
    if plan is not None:
        sections = [catalogue.sections[s] for s in catalogue.plan(plan).sections]
    else:
        sections = list(catalogue.sections.values())
    return Page(len(sections), sections[offset:offset + limit])


def list_recommendations(catalogue: Catalogue, *, plan: str | None = None, offset: int = 0, limit: int = 20) -> Page:
    """Recommendations in the order of their ids, answered in reports on ``plan`` if given."""
    recommendations = list(catalogue.recommendations.values())
    if plan is not None:
        iri = catalogue.plan(plan).iri
        recommendations = [r for r in recommendations if r.plan == iri]
    return Page(len(recommendations), recommendations[offset:offset + limit])


def plan_figures_of(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    """:func:`napkg.graph.analysis.plan_figures` of the graph, keyed by plan IRI and ``"all"``; computed once."""
    with catalogue._figures_lock:
        if catalogue._figures is None:
            from napkg.graph.analysis import plan_figures
            from napkg.graph.analysis.network import bipartite_network

            catalogue._figures = plan_figures(bipartite_network(catalogue.select))
        return catalogue._figures


# --- details read by IRI when asked for -----------------------------------------------------------

_P = {  # the properties activity_detail reads, by the name it gives them
    "title": str(DCTERMS.title), "description": str(DCTERMS.description), "identifier": str(DCTERMS.identifier),
    "page": str(FOAF.page), "indicator": str(NAP.indicator), "start_date": str(NAP.startDate),
    "end_date": str(NAP.endDate), "period_note": str(NAP.periodNote), "note": str(NAP.editorialNote),
    "evidence": str(NAP.evidence), "text": str(NAP.text), "date": str(DCTERMS.date), "status": str(NAP.status),
    "status_basis": str(NAP.statusBasis), "actor": str(NAP.actor), "report": str(NAP.report),
}


def _properties(select: Select, iris: Sequence[str]) -> dict[str, dict[str, list[Any]]]:
    """Every property value of each IRI (subject), by property IRI."""
    found: dict[str, dict[str, list[Any]]] = {iri: {} for iri in iris}
    if iris:
        for row in select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(iris)} }} ?s ?p ?o }}"):
            found[row["s"]].setdefault(row["p"], []).append(row["o"])
    return found


def _sources(select: Select, iris: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Where each record comes from: document, its title and file, and the fragment (``line=4,7``, ``row=12``)."""
    if not iris:
        return {}
    query = PREFIXES + f"""
PREFIX oa: <{OA}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?record ?document ?title ?file ?fragment WHERE {{
  VALUES ?record {{ {_values(iris)} }}
  ?record prov:wasDerivedFrom ?source . ?source oa:hasSource ?document .
  OPTIONAL {{ ?document dcterms:title ?title }}
  OPTIONAL {{ ?document nap:sourceFile ?file }}
  OPTIONAL {{ ?source oa:hasSelector ?selector . ?selector a oa:FragmentSelector ; rdf:value ?fragment }}
}}"""
    found: dict[str, dict[str, Any]] = {}
    for row in select(query):
        found.setdefault(row["record"], {"document": row["document"], "title": row.get("title"),
                                         "file": row.get("file"), "fragment": row.get("fragment")})
    return found


def _one(values: dict[str, list[Any]], name: str) -> Any:
    found = values.get(_P[name])
    return found[0] if found else None


def activity_detail(catalogue: Catalogue, activity: ActivityRef) -> dict[str, Any]:
    """Everything about one activity: what the catalogue holds, plus its texts, period, evidence
    (with status and source) and the recommendations it answers, read by IRI."""
    select = catalogue.select
    own = _properties(select, [activity.iri])[activity.iri]
    evidence_iris = sorted(str(e) for e in own.get(_P["evidence"], []))
    evidence = _properties(select, evidence_iris)
    report_iris = sorted({str(r) for e in evidence.values() for r in e.get(_P["report"], [])})
    reports = _properties(select, report_iris)
    sources = _sources(select, [activity.iri, *evidence_iris])
    items = []
    for iri in evidence_iris:
        values = evidence[iri]
        report = _one(values, "report")
        items.append({
            "iri": iri, "date": _text(_one(values, "date")), "status": _STATUS_KEY.get(_one(values, "status") or ""),
            "status_basis": _one(values, "status_basis"), "text": _one(values, "text"),
            "actors": sorted(values.get(_P["actor"], [])),
            "report": None if report is None else {
                "iri": report, "title": _one(reports.get(report, {}), "title"),
                "date": _text(_one(reports.get(report, {}), "date"))},
            "source": sources.get(iri),
        })
    items.sort(key=lambda e: (e["date"] or "", e["iri"]))
    return {
        "activity": activity,
        "description": _one(own, "description"), "identifier": _one(own, "identifier"), "page": _one(own, "page"),
        "indicator": _one(own, "indicator"),
        "period": {"start_year": activity.start_year, "end_year": activity.end_year,
                   "start_date": _text(_one(own, "start_date")), "end_date": _text(_one(own, "end_date")),
                   "note": _one(own, "period_note")},
        "notes": own.get(_P["note"], []),
        "source": sources.get(activity.iri),
        "evidence": items,
        "recommendations": [catalogue.recommendations[r] for r in catalogue.answers.get(activity.position, [])
                            if r in catalogue.recommendations],
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def body_evidence(catalogue: Catalogue, body: BodyRef, *, offset: int = 0, limit: int = 50) -> Page:
    """The evidence that names ``body`` as having acted, in activity order, read by the body's IRI."""
    query = PREFIXES + f"""
SELECT ?evidence ?activity ?date ?status ?text WHERE {{
  ?evidence nap:actor <{body.iri}> . ?activity nap:evidence ?evidence .
  OPTIONAL {{ ?evidence dcterms:date ?date }}
  OPTIONAL {{ ?evidence nap:status ?status }}
  OPTIONAL {{ ?evidence nap:text ?text }}
}}"""
    rows = [r for r in _first(catalogue.select(query), "evidence").values() if r["activity"] in catalogue.by_iri]
    rows.sort(key=lambda r: (catalogue.by_iri[r["activity"]], str(r.get("date") or ""), r["evidence"]))
    return Page(len(rows), [
        {"iri": r["evidence"], "activity": catalogue.activities[catalogue.by_iri[r["activity"]]],
         "date": _text(r.get("date")), "status": _STATUS_KEY.get(r.get("status") or ""), "text": r.get("text")}
        for r in rows[offset:offset + limit]
    ])
