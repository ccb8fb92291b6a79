"""Who owns what, as plain records: the activities the catalogue's search finds, each with its owners.

:func:`who_owns` answers the command line's ``napkg who-owns`` from a
:class:`~napkg.graph.catalogue.catalogue.Catalogue` (or any ``Select``, of which it builds one) by
the same search as the JSON API's ``/who-owns``
(:func:`~napkg.graph.catalogue.listings.search_activities`), so both give the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from napkg.graph.catalogue.catalogue import Catalogue
from napkg.graph.catalogue.listings import search_activities
from napkg.graph.catalogue.records import ActivityRef, Page
from napkg.graph.select import Select

if TYPE_CHECKING:
    from napkg.graph.search import Hit

__all__ = ["values", "owned", "who_owns", "who_owns_page"]


def values(iris: Sequence[str]) -> str:
    """``iris`` as the terms of a SPARQL ``VALUES`` block."""
    return " ".join(f"<{i}>" for i in iris)


def owned(catalogue: Catalogue, activity: ActivityRef, hit: Hit) -> dict[str, Any]:
    """One found activity as a record: IRI, code, title, plan IRI, status, score, the words matched,
    and its implementers and recommended-to bodies as {iri, id, name}."""
    bodies = catalogue.directory.bodies

    def named(iris: Sequence[str]) -> list[dict[str, str]]:
        return [{"iri": b, "id": bodies[b].slug, "name": bodies[b].name} for b in iris if b in bodies]

    return {"iri": activity.iri, "code": activity.code, "title": activity.title, "plan": activity.plan,
            "status": activity.status, "score": hit.score, "matched": hit.terms,
            "implementers": named(activity.implementers), "recommended_to": named(activity.recommended_to)}


def who_owns_page(source: Catalogue | Select, text: str, *, limit: int = 20, offset: int = 0) -> tuple[list[dict[str, Any]], Page]:
    """(the records of the activities found for ``text``, best first; the page with what the search made of it)."""
    catalogue = source if isinstance(source, Catalogue) else Catalogue(source)
    page = search_activities(catalogue, text, limit=limit, offset=offset)
    return [owned(catalogue, activity, hit) for activity, hit in page.items], page


def who_owns(source: Catalogue | Select, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Activities whose title, indicator or evidence match ``text``, best first, with their owners."""
    return who_owns_page(source, text, limit=limit)[0]
