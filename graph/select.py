"""How nap-kg reads a graph: the ``Select`` protocol, and a ``Select`` over an rdflib graph.

A ``Select`` is a function that runs a SPARQL SELECT and returns its rows as plain dicts (IRIs
as strings, literals as Python values, unbound variables left out), so the same code reads an
embedded store, a remote endpoint or an in-memory rdflib graph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Row", "Select", "select_from_rdflib"]

Row = dict[str, Any]
Select = Callable[[str], list[Row]]


def select_from_rdflib(graph: Any) -> Select:
    """A ``Select`` over an rdflib Graph (or Dataset): IRIs as strings, literals as Python values.

    Unbound variables are left out of a row, as a store does.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='<http://x/a> <http://x/p> 3 .', format="turtle")
    >>> select_from_rdflib(g)("SELECT ?s ?n ?none WHERE { ?s ?p ?n }")
    [{'s': 'http://x/a', 'n': 3}]
    """
    from rdflib import BNode, Literal

    def value(term: Any) -> Any:
        if isinstance(term, Literal):
            python = term.toPython()
            return str(python) if isinstance(python, Literal) else python
        if isinstance(term, BNode):
            return f"_:{term}"
        return str(term)

    def select(query: str) -> list[Row]:
        result = graph.query(query)
        names = [str(v) for v in result.vars]
        return [
            {name: value(term) for name, term in zip(names, row) if term is not None}
            for row in result
        ]

    return select
