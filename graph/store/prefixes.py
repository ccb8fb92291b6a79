"""The default prefixes of user queries, and the message for a prefix a query neither declares nor has by default.

A query to ``/sparql`` or ``napkg query`` may use the prefixes of
:data:`napkg.graph.vocabulary.QUERY_PREFIXES` without declaring them: pyoxigraph's
``Store.query(..., prefixes=...)`` adds them while parsing, so a query's own ``PREFIX`` wins
and error positions count the user's own lines. For a prefix that is neither declared nor a
default one, pyoxigraph's message names the tokens it expected instead; :func:`explain_syntax_error`
says which prefix is missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from napkg.graph.vocabulary import QUERY_PREFIXES

__all__ = ["QUERY_PREFIXES", "undeclared_prefix", "explain_syntax_error"]

# what may hide a colon that is not a prefixed name: comments, IRIs, strings
_HIDDEN = re.compile(
    r"""\#[^\r\n]*|<[^<>"{}|^`\\\x00-\x20]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*\"""",
    re.DOTALL,
)
_DECLARED = re.compile(r"(?i:PREFIX)\s+([A-Za-z][\w.-]*)?:")
_USED = re.compile(r"(?<![\w?$.:\-@])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?![/])")


def undeclared_prefix(query: str, defaults: Mapping[str, str] = QUERY_PREFIXES) -> tuple[str, int, int] | None:
    """The first prefix ``query`` uses without declaring it (nor having it by default), with its line and column.

    >>> undeclared_prefix("SELECT * WHERE {\\n  ?s x:p nap:Activity }")
    ('x', 2, 6)
    >>> undeclared_prefix("PREFIX x: <http://x/> SELECT * { ?s x:p '''a:b''' } # y:z") is None
    True
    """
    visible = _HIDDEN.sub(lambda m: " " * len(m.group()), query)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(visible)}
    for match in _USED.finditer(visible):
        prefix = match.group(1) or ""
        if prefix in declared or prefix in defaults or prefix.upper() == "PREFIX":
            continue
        before = query[:match.start()]
        return prefix, before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1
    return None


def explain_syntax_error(query: str, message: str, defaults: Mapping[str, str] = QUERY_PREFIXES) -> str:
    """pyoxigraph's ``message`` for ``query``, or a short one if the query uses an undeclared prefix.

    >>> explain_syntax_error("SELECT * { ?s x:p ?o }", "error at 1:18: expected OPTIONAL", {"nap": "…"})
    'syntax error at 1:15: prefix x: is not declared; known prefixes: nap:; declare it with PREFIX x: <…>'
    >>> explain_syntax_error("SELECT * { ?s ?p ?o ", "error at 1:21: expected one of \\"}\\"")
    'syntax error at 1:21: expected one of "}"'
    """
    found = undeclared_prefix(query, defaults)
    if found is None:
        return f"syntax {message}"
    prefix, line, column = found
    known = ", ".join(f"{p}:" for p in defaults)
    return (f"syntax error at {line}:{column}: prefix {prefix}: is not declared; known prefixes: {known}; "
            f"declare it with PREFIX {prefix}: <…>")
