"""Validate a built graph against nap-kg's SHACL shapes (``ontology/shapes.ttl``).

Two engines check the same shapes:

- ``pyshacl``: pySHACL on an rdflib graph, the reference implementation of SHACL;
- ``sparql``: the shapes compiled to SPARQL *violation queries* (one query per constraint
  that must return no rows, the ODK ``*-violation.sparql`` habit) and run on the pyoxigraph
  store. It covers the SHACL Core constraints the shapes use (targets by class, node,
  subjects-of and objects-of; predicate, inverse, sequence and alternative paths;
  ``minCount``, ``maxCount``, ``class``, ``datatype`` with well-formed lexical forms,
  ``nodeKind``, ``in``, ``hasValue``, ``lessThanOrEquals``, ``not``, ``and``, ``or``, ``xone``,
  severities, ``deactivated``). A shape using any other SHACL term makes :func:`compile_shapes`
  raise :class:`UnsupportedShapes`; :func:`validate_store` then falls back to pySHACL, so the
  fast engine never validates less than the shapes say. The test suite holds the two engines
  to the same verdicts on the real data and on broken graphs.

pySHACL over rdflib needs minutes beyond a few hundred thousand triples; the SPARQL engine
checks the 6.5 million triples of 100,000 synthetic activities in well under a minute.
:func:`validate_store` with ``engine="auto"`` uses pySHACL up to :data:`PYSHACL_LIMIT`
triples and the SPARQL engine above; the report says which engine ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from napkg.graph.build.emit import SHAPES_FILE
from napkg.graph.errors import NapKgError
from napkg.graph.forking import fork_map, usable_processes

__all__ = [
    "Violation", "ValidationReport", "validate", "validate_store", "shapes_graph", "compile_shapes",
    "ShapeQuery", "UnsupportedShapes", "PYSHACL_LIMIT", "PARALLEL_FROM", "ENGINES",
]

PYSHACL_LIMIT = 200_000
"""``engine="auto"`` validates graphs of up to this many triples with pySHACL, larger ones with SPARQL."""

ENGINES = ("auto", "pyshacl", "sparql")

PARALLEL_FROM = 500_000
"""The SPARQL engine spreads its queries over worker processes from this many quads on."""


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"{self.focus}{path}{value}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    engine: str = "pyshacl"
    """Which engine checked: ``pyshacl``, ``sparql`` or ``none`` (validation skipped)."""

    def summary(self, limit: int = 20) -> str:
        if self.engine == "none":
            return "The graph was NOT validated against the shapes (validation was skipped)."
        if self.conforms:
            return "The graph conforms to the shapes."
        lines = [f"{len(self.violations)} violation(s) of the shapes:"]
        lines += [f"  - {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _shapes_turtle() -> str:
    return SHAPES_FILE.read_text(encoding="utf-8")


def shapes_graph() -> Graph:
    """The SHACL shapes as a Graph."""
    return Graph().parse(data=_shapes_turtle(), format="turtle")


def _report(conforms: bool, violations: Iterable[Violation], engine: str) -> ValidationReport:
    ordered = sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return ValidationReport(conforms=conforms, violations=tuple(ordered), engine=engine)


def validate(graph: Graph) -> ValidationReport:
    """Check ``graph`` (data merged with the ontology) against the shapes with pySHACL."""
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(
        graph, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, advanced=True,
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        def one(p: URIRef) -> str | None:
            value = results.value(result, p)
            return None if value is None else str(value)

        violations.append(Violation(
            focus=one(SH.focusNode) or "?",
            path=one(SH.resultPath),
            value=one(SH.value),
            message=one(SH.resultMessage) or "violates a shape",
        ))
    return _report(bool(conforms), violations, "pyshacl")


# ---------------------------------------------------------------------------
# SHACL Core (the part the shapes use) as SPARQL violation queries
# ---------------------------------------------------------------------------


class UnsupportedShapes(NapKgError):
    """The shapes use a SHACL feature the SPARQL engine does not compile."""


@dataclass(frozen=True)
class ShapeQuery:
    """One violation query: every row is a violation (``?focus``, and ``?v`` where a value is at fault)."""

    shape: str
    constraint: str
    path: str | None
    message: str
    query: str
    merged: str | None = None
    """The same check for several predicates at once (``%PREDICATES%`` for them, ``?p`` in each row), if it merges."""
    predicate: str | None = None
    """The predicate (``<iri>``) this query checks, where ``merged`` is given."""


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CASTABLE = {f"{_XSD}{t}" for t in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime")}
_NODE_KINDS = {
    SH.IRI: "isIRI({n})", SH.Literal: "isLiteral({n})", SH.BlankNode: "isBlank({n})",
    SH.BlankNodeOrIRI: "!isLiteral({n})", SH.IRIOrLiteral: "!isBlank({n})", SH.BlankNodeOrLiteral: "!isIRI({n})",
}
# SHACL terms that describe rather than constrain, and the constraint terms compiled below
_PASSIVE = {SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
            SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH.path,
            SH.defaultValue}
_NODE_CONSTRAINTS = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue, SH["not"], SH["and"], SH["or"],
                     SH.xone}
_PROPERTY_CONSTRAINTS = _NODE_CONSTRAINTS | {SH.minCount, SH.maxCount, SH.lessThanOrEquals}


def _term(node: Any) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShapes(f"a blank node {node} where the SPARQL engine needs an IRI or literal")


def _path(shapes: Graph, path: Any) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"^({_path(shapes, inverse)})"
    alternative = shapes.value(path, SH.alternativePath)
    if alternative is not None:
        return "(" + "|".join(_path(shapes, p) for p in Collection(shapes, alternative)) + ")"
    if (path, RDF.first, None) in shapes:
        return "(" + "/".join(_path(shapes, p) for p in Collection(shapes, path)) + ")"
    raise UnsupportedShapes(f"a property path the SPARQL engine does not compile: {path}")


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes

    def check_terms(self, shape: Any, allowed: set[URIRef]) -> None:
        for p in set(self.shapes.predicates(shape)):
            if str(p).startswith(str(SH)) and p not in allowed and p not in _PASSIVE:
                raise UnsupportedShapes(f"shape {shape} uses {p}, which the SPARQL engine does not compile")

    def node_expr(self, shape: Any, n: str) -> str:
        """A SPARQL expression true when node ``n`` conforms to the node constraints of ``shape``."""
        if (shape, SH.property, None) in self.shapes or (shape, SH.path, None) in self.shapes:
            raise UnsupportedShapes(f"nested shape {shape} with property constraints")
        self.check_terms(shape, _NODE_CONSTRAINTS)
        parts = [self.constraint_expr(shape, p, o, n) for p, o in self.shapes.predicate_objects(shape)
                 if p in _NODE_CONSTRAINTS]
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def constraint_expr(self, shape: Any, p: URIRef, o: Any, n: str) -> str:
        g = self.shapes
        if p == SH["class"]:
            if not isinstance(o, URIRef):
                raise UnsupportedShapes(f"sh:class {o} is not an IRI")
            return f"EXISTS {{ {n} <{_RDF_TYPE}> ?valueClass . VALUES ?valueClass {{ %CLASSES:{o}% }} }}"
        if p == SH.datatype:
            expr = f"(isLiteral({n}) && datatype({n}) = {_term(o)}"
            if str(o) in _CASTABLE:
                expr += f" && COALESCE({_term(o)}(STR({n})) = {n}, false)"
            return expr + ")"
        if p == SH.nodeKind:
            if o not in _NODE_KINDS:
                raise UnsupportedShapes(f"sh:nodeKind {o}")
            return _NODE_KINDS[o].format(n=n)
        if p == SH["in"]:
            return "(" + " || ".join(f"sameTerm({n}, {_term(v)})" for v in Collection(g, o)) + ")"
        if p == SH.hasValue:
            return f"sameTerm({n}, {_term(o)})"
        if p == SH["not"]:
            return f"!{self.node_expr(o, n)}"
        if p in (SH["and"], SH["or"]):
            joined = (" && " if p == SH["and"] else " || ").join(self.node_expr(s, n) for s in Collection(g, o))
            return f"({joined})"
        if p == SH.xone:
            return "((" + " + ".join(f"IF({self.node_expr(s, n)}, 1, 0)" for s in Collection(g, o)) + ") = 1)"
        raise UnsupportedShapes(f"constraint {p}")

    def compile(self) -> list[ShapeQuery]:
        g = self.shapes
        queries: list[ShapeQuery] = []
        node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
        for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            node_shapes |= set(g.subjects(target, None))
        if any(g.triples((None, SH.sparql, None))) or any(g.triples((None, SH.rule, None))) or any(
                g.triples((None, SH.target, None))):
            raise UnsupportedShapes("SHACL-SPARQL or SHACL-AF (sh:sparql, sh:rule, sh:target)")
        for shape in sorted(node_shapes, key=str):
            if (shape, RDF.type, RDFS.Class) in g:
                raise UnsupportedShapes(f"implicit class target of {shape}")
            if g.value(shape, SH.deactivated) == Literal(True):
                continue
            targets = self.targets(shape)
            if not targets:
                continue
            severity = g.value(shape, SH.severity, default=SH.Violation)
            self.check_terms(shape, _NODE_CONSTRAINTS)
            if severity == SH.Violation:
                message = str(g.value(shape, SH.message) or f"{shape} is not satisfied")
                for p, o in g.predicate_objects(shape):
                    if p in _NODE_CONSTRAINTS:
                        expr = self.constraint_expr(shape, p, o, "?focus")
                        queries.append(ShapeQuery(str(shape), self.local(p), None, message,
                                                  f"SELECT DISTINCT ?focus WHERE {{ {targets} FILTER(!{expr}) }}"))
            for prop in sorted(g.objects(shape, SH.property), key=str):
                queries += self.property_queries(shape, prop, targets)
        return queries

    @staticmethod
    def local(term: URIRef) -> str:
        return "sh:" + str(term)[len(str(SH)):]

    def targets(self, shape: Any) -> str:
        g, patterns = self.shapes, []
        for cls in g.objects(shape, SH.targetClass):
            patterns.append(f"{{ ?focus <{_RDF_TYPE}> ?focusClass . VALUES ?focusClass {{ %CLASSES:{cls}% }} }}")
        for node in g.objects(shape, SH.targetNode):
            patterns.append(f"{{ VALUES ?focus {{ {_term(node)} }} }}")
        for p in g.objects(shape, SH.targetSubjectsOf):
            patterns.append(f"{{ ?focus <{p}> [] }}")
        for p in g.objects(shape, SH.targetObjectsOf):
            patterns.append(f"{{ [] <{p}> ?focus }}")
        return " UNION ".join(patterns)

    def property_queries(self, shape: Any, prop: Any, targets: str) -> list[ShapeQuery]:
        g = self.shapes
        if g.value(prop, SH.deactivated) == Literal(True):
            return []
        if g.value(prop, SH.severity, default=SH.Violation) != SH.Violation:
            return []  # warnings and infos never make a graph fail
        self.check_terms(prop, _PROPERTY_CONSTRAINTS)
        raw_path = g.value(prop, SH.path)
        if raw_path is None:
            raise UnsupportedShapes(f"property shape {prop} without sh:path")
        path = _path(g, raw_path)
        shown = str(raw_path) if isinstance(raw_path, URIRef) else None
        message = g.value(prop, SH.message)
        queries = []
        simple = isinstance(raw_path, URIRef)  # a predicate: the count checks of a shape's predicates merge
        for p, o in g.predicate_objects(prop):
            if p not in _PROPERTY_CONSTRAINTS:
                continue
            text = str(message) if message is not None else f"{self.local(p)} {o} is not satisfied"
            merged = None
            if p == SH.minCount:
                n = int(o)
                if n == 1:
                    q = f"SELECT DISTINCT ?focus WHERE {{ {targets} FILTER NOT EXISTS {{ ?focus {path} ?v }} }}"
                    merged = (f"SELECT DISTINCT ?focus ?p WHERE {{ {targets} VALUES ?p {{ %PREDICATES% }} "
                              f"FILTER NOT EXISTS {{ ?focus ?p ?v }} }}")
                else:
                    q = (f"SELECT ?focus WHERE {{ {targets} OPTIONAL {{ ?focus {path} ?v }} }} "
                         f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})")
            elif p == SH.maxCount:
                q = (f"SELECT ?focus WHERE {{ {targets} ?focus {path} ?v }} "
                     f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {int(o)})")
                merged = (f"SELECT ?focus ?p WHERE {{ {targets} VALUES ?p {{ %PREDICATES% }} ?focus ?p ?v }} "
                          f"GROUP BY ?focus ?p HAVING (COUNT(DISTINCT ?v) > {int(o)})")
            elif p == SH.hasValue:
                q = f"SELECT DISTINCT ?focus WHERE {{ {targets} FILTER NOT EXISTS {{ ?focus {path} {_term(o)} }} }}"
            elif p == SH.lessThanOrEquals:
                q = (f"SELECT DISTINCT ?focus ?v WHERE {{ {targets} ?focus {path} ?v . ?focus <{o}> ?w "
                     f"FILTER(!COALESCE(?v <= ?w, false)) }}")
            else:
                expr = self.constraint_expr(prop, p, o, "?v")
                q = f"SELECT DISTINCT ?focus ?v WHERE {{ {targets} ?focus {path} ?v FILTER(!{expr}) }}"
            queries.append(ShapeQuery(str(shape), self.local(p), shown, text, q,
                                      *((merged, path) if simple and merged else (None, None))))
        return queries


@lru_cache(maxsize=1)
def _compiled() -> tuple[ShapeQuery, ...]:
    return tuple(_Compiler(shapes_graph()).compile())


def compile_shapes(shapes: Graph | None = None) -> list[ShapeQuery]:
    """The shapes (nap-kg's by default) as violation queries; raises UnsupportedShapes.

    Target classes appear as ``%CLASSES:<iri>%`` placeholders, replaced by the class and its
    subclasses in the data graph when the queries run (SHACL's instances of a class).
    """
    return list(_compiled()) if shapes is None else _Compiler(shapes).compile()


def _classes_of(store: Any, cls: str) -> str:
    rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{_SUBCLASS}>* <{cls}> }}", use_default_graph_as_union=True)
    found = {row["c"].value for row in rows} | {cls}
    return " ".join(f"<{c}>" for c in sorted(found))


def _expanded_queries(store: Any) -> list[tuple[tuple[ShapeQuery, ...], str]]:
    """The violation queries to run, each with the shape queries it checks, class placeholders replaced.

    Shape queries with the same ``merged`` form (the count checks of one shape's predicates)
    run as one query over all their predicates, which reads the shape's targets once; a row's
    ``?p`` tells which of them it violates.
    """
    import re

    classes: dict[str, str] = {}

    def expand(match: re.Match[str]) -> str:
        cls = match.group(1)
        if cls not in classes:
            classes[cls] = _classes_of(store, cls)
        return classes[cls]

    batches: dict[str, list[ShapeQuery]] = {}
    runs: list[tuple[tuple[ShapeQuery, ...], str]] = []
    for sq in _compiled():
        if sq.merged is None:
            runs.append(((sq,), sq.query))
        else:
            batches.setdefault(sq.merged, []).append(sq)
    for merged, group in batches.items():
        if len(group) == 1:
            runs.append(((group[0],), group[0].query))
        else:
            predicates = " ".join(dict.fromkeys(sq.predicate for sq in group))
            runs.append((tuple(group), merged.replace("%PREDICATES%", predicates)))
    return [(group, re.sub(r"%CLASSES:([^%]+)%", expand, query)) for group, query in runs]


def _violations(store: Any, group: tuple[ShapeQuery, ...], query: str) -> list[Violation]:
    """The rows of one violation query, as violations of the shape query each row names (``?p``) or of the one."""
    import pyoxigraph as ox

    head = query.split("WHERE", 1)[0]
    with_value, by_predicate = "?v" in head, "?p" in head
    named: dict[str, list[ShapeQuery]] = {}
    for sq in group:
        named.setdefault(sq.predicate or "", []).append(sq)
    found = []
    for row in store.query(query, use_default_graph_as_union=True):
        focus, value = row["focus"], row["v"] if with_value else None
        focus_text = focus.value if isinstance(focus, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(focus)
        for sq in named[str(row["p"])] if by_predicate else group:
            found.append(Violation(focus=focus_text, path=sq.path,
                                   value=None if value is None else value.value, message=sq.message))
    return found


def _processes_for(store: Any, processes: int | None) -> int:
    """How many processes run the queries: one below :data:`PARALLEL_FROM` quads unless told."""
    if processes is None and len(store) < PARALLEL_FROM:
        return 1
    return usable_processes(processes)


def _validate_sparql(store: Any, *, processes: int | None = None) -> ValidationReport:
    """Run every violation query on ``store``: in one process, or shared among forked ones.

    Forked workers read the store their parent built (copy-on-write, nothing is copied), one
    query at a time, so the queries spread evenly over the cores.
    """
    queries = _expanded_queries(store)
    found = fork_map(lambda pair: _violations(store, *pair), queries, processes=_processes_for(store, processes))
    violations = [v for part in found for v in part]
    return _report(not violations, violations, "sparql")


def validate_store(
    store: Any, *, engine: str = "auto", graph: Graph | None = None, processes: int | None = None,
) -> ValidationReport:
    """Check a pyoxigraph store (all its graphs merged, the ontology among them) against the shapes.

    ``engine`` is ``"pyshacl"``, ``"sparql"`` or ``"auto"`` (pySHACL up to
    :data:`PYSHACL_LIMIT` triples, SPARQL above, pySHACL whenever the shapes use a feature
    the SPARQL engine does not compile). ``graph``, if given, is the same graph as rdflib's,
    to spare pySHACL a conversion. ``processes`` is how many processes the SPARQL engine
    uses (default: one, or one per core up to four from :data:`PARALLEL_FROM` quads on).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "auto":
        engine = "pyshacl" if len(store) <= PYSHACL_LIMIT else "sparql"
        if engine == "sparql":
            try:
                compile_shapes()
            except UnsupportedShapes:
                engine = "pyshacl"
    if engine == "sparql":
        return _validate_sparql(store, processes=processes)
    if graph is None:
        graph = Graph().parse(data=_union_ntriples(store), format="nt")
    return validate(graph)


def _union_ntriples(store: Any) -> bytes:
    import pyoxigraph as ox

    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)

