"""What the read-only SPARQL endpoint refuses, checked without a full parse.

pyoxigraph parses every query itself (cheaply, in Rust) and never runs an update through
``Store.query``, and its ``FROM``/``FROM NAMED`` only select graphs already in the store.
Two things still need guarding before a query runs:

- ``SERVICE``: pyoxigraph *does* send an HTTP request to the service IRI.
- graph names: the endpoint answers only for graphs it holds, and refuses any other name
  (a URL, a ``file:`` IRI) with a message naming it, instead of silently answering from
  an empty graph.

:func:`scan_query` is a single left-to-right tokenizer that mirrors the SPARQL terminals
(comments, IRIs, the four string forms, variables, blank node labels, language tags and
prefixed names with their escapes). It only *hides* what SPARQL itself treats as a comment,
IRI, string, variable, label or local name, so a ``SERVICE`` keyword cannot slip past it;
it errs towards refusing (``PREFIX service: <…>`` is refused). SPARQL reads ``\\u``/``\\U``
escapes before the grammar (``<file:///etc/\\u0070asswd>`` is an IRI), so the scan decodes
them first (:func:`decode_escapes`). :func:`check_nesting` refuses a query nested deeper than
:data:`MAX_NESTING` before the parser sees it: the parser recurses, and thousands of nested
groups overflow its stack. As defence in depth,
:func:`~napkg.graph.store.sandbox.deny_network` forbids the query worker processes to open any
non-Unix socket, so even a missed ``SERVICE`` could not reach the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from napkg.graph.errors import QueryRefused, QuerySyntaxError
from napkg.graph.vocabulary import QUERY_PREFIXES

__all__ = [
    "QueryScan", "scan_query", "check_graph_names", "looks_like_update", "decode_escapes", "check_nesting",
    "UPDATE_KEYWORDS", "MAX_NESTING",
]

MAX_NESTING = 256  # the deepest nesting of { ( [ a query may have; the parser's stack holds far more

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group()


def decode_escapes(query: str) -> str:
    """``query`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes decoded, as SPARQL reads them before parsing.

    >>> decode_escapes(r"FROM <file:///etc/\\u0070asswd>")
    'FROM <file:///etc/passwd>'
    """
    return _ESCAPE.sub(_unescape, query) if "\\" in query else query


def check_nesting(query: str) -> None:
    """Raise QuerySyntaxError if ``query`` nests groups, brackets or parentheses deeper than :data:`MAX_NESTING`.

    Counts only the delimiters outside strings, IRIs and comments; queries with fewer
    delimiters than the limit in all are not tokenized.
    """
    if query.count("{") + query.count("(") + query.count("[") <= MAX_NESTING:
        return
    depth = deepest = 0
    for match in _TOKEN.finditer(query):
        if match.lastgroup == "other":
            char = match.group()
            if char in "{([":
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > MAX_NESTING:
                        raise QuerySyntaxError(
                            f"the query nests groups, brackets or parentheses more than {MAX_NESTING} deep, "
                            "the nesting limit; flatten the query (join patterns in one group, "
                            "use UNION or VALUES instead of nested groups)")
            elif char in "})]":
                depth -= 1

UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"

_TOKEN = re.compile(
    rf"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
               |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
               |'(?:[^'\\\r\n]|\\.)*'
               |"(?:[^"\\\r\n]|\\.)*")
    | (?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
    | (?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>(?P<prefix>{_PREFIX})?:(?P<local>{_LOCAL})?)
    | (?P<word>[{_CHARS}]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class QueryScan:
    """What the tokenizer found: ``SERVICE`` use and the graphs ``FROM``/``FROM NAMED`` name."""

    service: bool = False
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset_clause(self) -> bool:
        """Whether the query gives its own dataset (``FROM`` or ``FROM NAMED``)."""
        return bool(self.from_graphs or self.from_named_graphs)


_NOTHING = QueryScan()


_CACHED_QUERY_CHARS = 16_384  # scans of queries up to this length are remembered


def scan_query(query: str, *, base_iri: str | None = None) -> QueryScan:
    """Tokenize ``query`` and report ``SERVICE`` use and ``FROM`` graph IRIs (resolved).

    Queries that contain neither ``service`` nor ``from`` (in any case) are not tokenized, and
    the scans of the last 1,024 short queries are remembered (clients repeat their queries).

    >>> scan_query("SELECT * FROM <http://ex/g> WHERE { ?s ?p 'service' }").from_graphs
    ('http://ex/g',)
    >>> scan_query("SELECT * { ?s ?p 1SERVICE <http://ex/> {} }").service
    True
    >>> scan_query("PREFIX nap: <https://w3id.org/nap-kg/ontology#> SELECT * { ?b nap:kind nap:StateService }").service
    False
    """
    if len(query) <= _CACHED_QUERY_CHARS:
        return _scan_remembered(query, base_iri)
    return _scan(query, base_iri)


@lru_cache(maxsize=1024)
def _scan_remembered(query: str, base_iri: str | None) -> QueryScan:
    return _scan(query, base_iri)


def _scan(query: str, base_iri: str | None) -> QueryScan:
    query = decode_escapes(query)
    lowered = query.lower()
    if "service" not in lowered and "from" not in lowered:
        return _NOTHING
    service = False
    prefixes: dict[str, str] = dict(QUERY_PREFIXES)  # a query may use them undeclared
    base = base_iri
    from_graphs: list[str] = []
    from_named: list[str] = []
    state = ""  # "", "from", "from-named", "prefix", "prefix-iri", "base"
    pending_prefix = ""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        text = match.group()
        word = text.lower() if kind == "word" else ""
        iri: str | None = None
        if kind == "iri":
            iri = urljoin(base, text[1:-1]) if base else text[1:-1]
        elif kind == "pname":
            prefix = match.group("prefix") or ""
            if "service" in prefix.lower():
                service = True
            if match.group("local") is None and state == "prefix":
                pending_prefix, state = prefix, "prefix-iri"
                continue
            # pyoxigraph reads ``FROM:g`` (and ``FROM NAMED:g``) as the keyword and ``:g``
            if prefix.lower() == "from" and not state:
                state, prefix = "from", ""
            elif prefix.lower() == "named" and state == "from":
                state, prefix = "from-named", ""
            namespace = prefixes.get(prefix)
            if namespace is not None:
                iri = namespace + re.sub(r"\\(.)", r"\1", match.group("local") or "")
        elif "service" in word:
            service = True
        if state == "prefix-iri" and iri is not None and kind == "iri":
            prefixes[pending_prefix] = iri
        elif state == "base" and kind == "iri" and iri is not None:
            base = iri
        elif state == "from" and word == "named":
            state = "from-named"
            continue
        elif state in ("from", "from-named") and iri is not None:
            (from_named if state == "from-named" else from_graphs).append(iri)
        state = {"prefix": "prefix", "base": "base", "from": "from"}.get(word, "")
    return QueryScan(service, tuple(from_graphs), tuple(from_named))


def check_graph_names(names: tuple[str, ...] | list[str], graphs: frozenset[str], *, where: str) -> None:
    """Refuse any graph name the store does not hold; ``where`` says where it was named."""
    for name in names:
        if name not in graphs:
            raise QueryRefused(
                f"{where} names the graph <{name}>, which this endpoint does not hold; "
                "graph names only select graphs already in the store, nothing is ever fetched "
                "or read from a file"
            )


_PROLOGUE = re.compile(
    r"""(?:\s+|\#[^\r\n]*|(?i:PREFIX)\s*[^\s:]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)*""",
)


def looks_like_update(query: str) -> bool:
    """Whether ``query`` reads as SPARQL Update (its first keyword after the prologue).

    Only used to word the refusal: ``Store.query`` can never run an update anyway.

    >>> looks_like_update("PREFIX ex: <http://ex/>\\nINSERT DATA { ex:a ex:b ex:c }")
    True
    >>> looks_like_update("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    rest = query[_PROLOGUE.match(query).end():]  # type: ignore[union-attr]
    word = re.match(r"[A-Za-z]+", rest)
    return bool(word) and word.group().lower() in UPDATE_KEYWORDS  # type: ignore[union-attr]
