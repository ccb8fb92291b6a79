"""The catalogue's search engine: one :class:`~napkg.graph.search.SearchIndex` of its activities and bodies.

:func:`search_index` makes the documents from the graph the catalogue reads (titles from the
catalogue's activities, indicators and evidence texts, bodies' names, aliases and parents, each
plan's and body's language from its literals' tags), in the catalogue's order: a document's
position in the index is the activity's position in the catalogue, so ties keep plan and code
order. :class:`LazySearch` builds it once, at the first search (or when :meth:`LazySearch.start`
asks for it in a background thread), so that the catalogue is ready as soon as it was before.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from napkg.graph.catalogue.records import ActivityRef, BodyRef
from napkg.graph.select import Select
from napkg.graph.vocabulary import SPARQL_PROLOGUE

if TYPE_CHECKING:
    from napkg.graph.search import ActivityDoc, BodyDoc, SearchIndex

__all__ = ["search_index", "search_documents", "LazySearch", "country_key"]

_INDICATORS = SPARQL_PROLOGUE + "SELECT ?activity ?text WHERE { ?activity a nap:Activity ; nap:indicator ?text }"
_EVIDENCE_TEXTS = SPARQL_PROLOGUE + "SELECT ?activity ?text WHERE { ?activity nap:evidence ?e . ?e nap:text ?text }"
_PLAN_LANGUAGES = SPARQL_PROLOGUE + """
SELECT ?plan (SAMPLE(LANG(?title)) AS ?language) WHERE {
  ?activity a nap:Activity ; nap:plan ?plan ; dcterms:title ?title } GROUP BY ?plan"""
_BODY_LANGUAGES = SPARQL_PROLOGUE + """
SELECT ?body (SAMPLE(LANG(?label)) AS ?language) WHERE { ?body a nap:Body ; rdfs:label ?label } GROUP BY ?body"""
_UNITS = SPARQL_PROLOGUE + "SELECT DISTINCT ?body WHERE { ?body a nap:Body ; org:subOrganizationOf ?parent }"


def country_key(body: BodyRef) -> str:
    """How the index names a body's country: its ISO code, else its name (case-folded)."""
    return (body.country_code or body.country).casefold()


def _language(tag: object) -> str | None:
    """A literal's language tag as the index takes it: None for a plain literal (a language not known)."""
    text = str(tag or "").casefold()
    return text.split("-", 1)[0] or None


def search_index(select: Select, activities: Sequence[ActivityRef], bodies: dict[str, BodyRef]) -> SearchIndex:
    """The search index of ``activities`` (keyed by IRI, in the given order) and ``bodies`` (keyed by IRI)."""
    from napkg.graph.search import SearchIndex  # numpy and rapidfuzz: only once searched

    return SearchIndex.build(*search_documents(select, activities, bodies))


def search_documents(select: Select, activities: Sequence[ActivityRef],
                     bodies: dict[str, BodyRef]) -> tuple[list[ActivityDoc], list[BodyDoc]]:
    """The documents :func:`search_index` indexes, read from the graph: one an activity, one a body, in order."""
    from napkg.graph.search import ActivityDoc, BodyDoc

    position = {a.iri: a.position for a in activities}
    texts: list[tuple[list[str], list[str]]] = [([], []) for _ in activities]
    for field, query in ((0, _INDICATORS), (1, _EVIDENCE_TEXTS)):
        for row in select(query):
            at = position.get(row["activity"])
            if at is not None:
                texts[at][field].append(str(row["text"]))
    languages = {r["plan"]: _language(r.get("language")) for r in select(_PLAN_LANGUAGES)}
    activity_docs = [
        ActivityDoc(a.iri, a.plan, a.title or "", "\n".join(indicator) or None, tuple(evidence),
                    languages.get(a.plan, "en"))
        for a, (indicator, evidence) in zip(activities, texts)
    ]
    body_languages = {r["body"]: _language(r.get("language")) for r in select(_BODY_LANGUAGES)}
    units = {r["body"] for r in select(_UNITS)}
    body_docs = [BodyDoc(b.iri, country_key(b), b.name, b.aliases, b.iri in units,
                         body_languages.get(b.iri, "en"))
                 for b in bodies.values()]
    return activity_docs, body_docs


class LazySearch:
    """A :class:`SearchIndex` built once, by the first caller of :meth:`get` or by :meth:`start`'s thread."""

    def __init__(self, select: Select, activities: Sequence[ActivityRef], bodies: dict[str, BodyRef]) -> None:
        self._args = (select, activities, bodies)
        self._lock = threading.Lock()
        self._index: SearchIndex | None = None

    def get(self) -> SearchIndex:
        """The index (built now, or waited for while another thread builds it)."""
        index = self._index
        if index is not None:
            return index
        with self._lock:
            if self._index is None:
                self._index = search_index(*self._args)
            return self._index

    def start(self) -> threading.Thread:
        """Build the index in a background (daemon) thread; :meth:`get` waits for it."""
        thread = threading.Thread(target=self.get, name="napkg-search-index", daemon=True)
        thread.start()
        return thread

    @property
    def ready(self) -> bool:
        """Whether the index is built."""
        return self._index is not None
