"""Rows for nap-kg's own code: a SELECT's solutions as dicts of plain Python values."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from napkg.graph.errors import QueryError, QuerySyntaxError
from napkg.graph.store.prefixes import explain_syntax_error

__all__ = ["python_value", "select_rows"]

_NUMBERS = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


def python_value(term: Any) -> Any:
    """A pyoxigraph term as a plain value: IRIs as strings, numbers and booleans as Python's.

    >>> python_value(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    3
    >>> python_value(ox.NamedNode("http://x/a"))
    'http://x/a'
    """
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        convert = _NUMBERS.get(datatype)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:
                return term.value
        if datatype == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def select_rows(store: ox.Store, query: str, *, union: bool = True, with_columns: bool = False,
                prefixes: dict[str, str] | None = None) -> Any:
    """Run a SELECT (or ASK) on ``store``, by default over the union of its graphs; rows as dicts.

    ``prefixes`` may be used undeclared (a user's query gets
    :data:`~napkg.graph.store.prefixes.QUERY_PREFIXES`). Unbound
    variables are left out of a row. Raises QuerySyntaxError on a bad query.
    """
    try:
        result = store.query(query, use_default_graph_as_union=union, prefixes=prefixes)
    except SyntaxError as exc:
        raise QuerySyntaxError(explain_syntax_error(query, str(exc), prefixes or {})) from None
    if isinstance(result, ox.QueryBoolean):
        rows, columns = [{"result": bool(result)}], ["result"]
    elif isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows = [
            {name: python_value(term) for name, term in zip(columns, solution) if term is not None}
            for solution in result
        ]
    else:
        raise QueryError("this command answers SELECT and ASK queries; use /sparql for CONSTRUCT and DESCRIBE")
    return (rows, columns) if with_columns else rows
