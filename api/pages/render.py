"""How pages are rendered: one Jinja2 environment (escaping on), the Content-Security-Policy, and the
links from nap-kg's IRIs to the server's paths (the ``base_url`` setting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from napkg import __version__
from napkg.graph.describe import BASE, SourceRef
from napkg.graph.store import accept_quality

__all__ = ["CSP", "DOCS_CSP", "ALTERNATES", "HTML_EXAMPLE", "RDF_EXAMPLES", "render", "iri_path", "page_href", "source_href", "source_text",
           "base_url", "alternate_links", "link_header", "names_html"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pages"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# Swagger UI and Redoc set styles from script, and Redoc starts a worker from a blob
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")

HTML_EXAMPLE = {"text/html": {"example": '<!doctype html>\n<html lang="en">…</html>'}}
RDF_EXAMPLES = {  # for the OpenAPI schema of the routes that answer a description
    "text/turtle": {"example": "<https://w3id.org/nap-kg/id/country/az> a <https://w3id.org/nap-kg/ontology#Country> ."},
    "application/ld+json": {"example": '[{"@id": "https://w3id.org/nap-kg/id/country/az", '
                                       '"@type": ["https://w3id.org/nap-kg/ontology#Country"]}]'},
    "application/n-triples": {"example": "<https://w3id.org/nap-kg/id/country/az> "
                                         "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                                         "<https://w3id.org/nap-kg/ontology#Country> .\n"},
    "application/rdf+xml": {"example": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">…</rdf:RDF>'},
}

ALTERNATES: tuple[tuple[str, str, str], ...] = (  # (format= name, media type, label)
    ("turtle", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("ntriples", "application/n-triples", "N-Triples"),
    ("rdfxml", "application/rdf+xml", "RDF/XML"),
)

_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)


def base_url(request: Request) -> str:
    """The ``base_url`` setting without its trailing slash (empty: links relative to this server)."""
    settings = getattr(request.app.state, "settings", None)
    return (getattr(settings, "base_url", "") or "").rstrip("/")


def iri_path(iri: str) -> str | None:
    """The path nap-kg serves ``iri`` at (``/id/…``, ``/ontology``), or None for another site's IRI.

    >>> iri_path("https://w3id.org/nap-kg/id/body/az/ministry-of-justice")
    '/id/body/az/ministry-of-justice'
    >>> iri_path("https://w3id.org/nap-kg/ontology#Limited")
    '/ontology#Limited'
    """
    if not iri.startswith(BASE + "/"):
        return None
    path, hash_, fragment = iri[len(BASE):].partition("#")
    return quote(path, safe="/:@!$&'()*+,;=-._~") + (f"#{quote(fragment, safe='')}" if hash_ else "")


def page_href(request: Request, iri: str) -> str:
    """Where a link to ``iri`` points: its page on this deployment, else the IRI itself."""
    path = iri_path(iri)
    return iri if path is None else base_url(request) + path


def source_href(request: Request, ref: SourceRef) -> str:
    """The link to a provenance selector: the source's page with the lines (or rows) picked out.

    The query (``?line=14,15``) has the server mark the lines; the fragment (``#line=14,15``, RFC 5147's
    own syntax) scrolls the browser to them, without JavaScript.
    """
    href = page_href(request, ref.document)
    if ref.fragment:
        href += f"?{quote(ref.fragment, safe='=,-')}#{quote(ref.fragment, safe='=,-')}"
    return href


def source_text(ref: SourceRef) -> str:
    """A provenance selector in words, lines numbered from 1 as the source pages show them.

    >>> source_text(SourceRef("https://w3id.org/nap-kg/id/source/nap-2020-2022.txt", "line=40,44"))
    'nap-2020-2022.txt, lines 41–44'
    """
    name = ref.document.rsplit("/", 1)[-1]
    fragment = ref.fragment or ""
    if fragment.startswith("line="):
        first, _, last = fragment[5:].partition(",")
        if first.isdigit() and last.isdigit():
            a, b = int(first) + 1, int(last)
            return f"{name}, line {a}" if a >= b else f"{name}, lines {a}–{b}"
    if fragment.startswith("row="):
        return f"{name}, row {fragment[4:]}"
    return name


def names_html(request: Request) -> bool:
    """Whether the client names ``text/html`` in its Accept header (a browser): it gets errors as pages.

    Other clients, ``*/*`` among them, get errors in the one JSON shape.
    """
    accept = (request.headers.get("accept") or "").lower()
    return "text/html" in accept and accept_quality(accept, "text/html") > 0


def alternate_links(request: Request) -> list[dict[str, str]]:
    """The same resource in each RDF format, for ``<link rel=alternate>`` and the page's links."""
    path = base_url(request) + request.url.path
    return [{"href": f"{path}?format={key}", "type": media, "label": label} for key, media, label in ALTERNATES]


def link_header(links: list[dict[str, str]]) -> str:
    """A ``Link`` header naming the alternates."""
    return ", ".join(f'<{link["href"]}>; rel="alternate"; type="{link["type"]}"' for link in links)


def render(request: Request, template: str, context: dict[str, Any], *, status_code: int = 200,
           headers: dict[str, str] | None = None, csp: str = CSP) -> HTMLResponse:
    """``template`` rendered with ``context`` (and what every page needs), under ``csp``."""
    base = base_url(request)
    values = {"request": request, "version": __version__, "base": base,
              "href": lambda iri: page_href(request, iri), "source_href": lambda ref: source_href(request, ref),
              "source_text": source_text, "q": request.query_params.get("q", ""), **context}
    body = _env.get_template(template).render(values)
    return HTMLResponse(body, status_code=status_code,
                        headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
                                 "Referrer-Policy": "same-origin", "Vary": "Accept", **(headers or {})})
