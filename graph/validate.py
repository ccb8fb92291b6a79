"""Validate a built graph against nap-kg's SHACL shapes (``ontology/shapes.ttl``) with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from napkg.graph.build import SHAPES_FILE

__all__ = ["Violation", "ValidationReport", "validate", "shapes_graph"]


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

    def summary(self, limit: int = 20) -> str:
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


def validate(graph: Graph) -> ValidationReport:
    """Check ``graph`` (data merged with the ontology) against the shapes."""
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
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))
