"""What a page is filtered and focused on: its sections, the section asked for, the body or activity focused.

The section filter takes a section's number, title or IRI; the focus a body's name, alias, id or
IRI, or an activity's IRI; an IRI may be given as its path (``/id/body/az/ministry-of-justice``,
the IRI with :data:`IRI_BASE` removed, as the service serves entity pages). A value the page
cannot show raises :class:`~napkg.viz.options.ViewOptionError` naming the parameter, with close
matches where there are some.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from napkg.graph.namespace import ID
from napkg.graph.analysis.network import local_name
from napkg.viz.index import NetworkIndex, natural
from napkg.viz.options import ViewOptionError

__all__ = ["IRI_BASE", "Focus", "natural", "page_sections", "resolve_section", "resolve_focus", "iri_path"]

IRI_BASE = str(ID).removesuffix("/id/")
"""What nap-kg's IRIs begin with; the rest is the path of the entity's page on the service."""


def iri_path(iri: str) -> str:
    """The path of an entity's page on the service: its IRI without :data:`IRI_BASE` (other IRIs as they are).

    >>> iri_path("https://w3id.org/nap-kg/id/body/az/ministry-of-justice"), iri_path("http://x/a")
    ('/id/body/az/ministry-of-justice', 'http://x/a')
    """
    return iri[len(IRI_BASE):] if iri.startswith(IRI_BASE + "/") else iri


def _as_iri(value: str) -> str:
    return IRI_BASE + value if value.startswith("/id/") else value


def page_sections(B: nx.Graph, sections: Mapping[str, Mapping[str, Any]], plans: Mapping[str, str], *,
                  index: NetworkIndex | None = None) -> list[dict[str, Any]]:
    """The sections the network's activities are in, in plan and number order, each with its label on the page.

    ``index`` is the network's :class:`~napkg.viz.index.NetworkIndex`, when one is kept.
    """
    index = index or NetworkIndex(B)
    several_plans = len(index.plans) > 1
    used = sorted((s for s in index.by_section if s),
                  key=lambda s: (str(sections.get(s, {}).get("plan") or ""), natural(sections.get(s, {}).get("code")), s))
    found = []
    for key, iri in enumerate(used):
        info = sections.get(iri, {})
        code, title, plan = info.get("code") or local_name(iri), str(info.get("title") or ""), info.get("plan")
        label = f"§{code}" + (f" {title}" if title else "")
        if several_plans and plan:
            label += f" ({plans.get(plan, local_name(plan))})"
        found.append({"key": key, "iri": iri, "code": str(code), "title": title, "label": label})
    return found


def resolve_section(value: str | None, sections: list[dict[str, Any]]) -> int | None:
    """The key of the section ``value`` names (its number, title or IRI), None for no section."""
    if value is None or value == "":
        return None
    wanted = _as_iri(value.strip()).casefold()
    exact = [s["key"] for s in sections if wanted in (s["iri"].casefold(), str(s["code"]).casefold(), s["title"].casefold())]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise ViewOptionError(f"{value!r} names sections of several plans; give the section's IRI",
                              parameter="section", suggestions=[sections[k]["iri"] for k in exact])
    numbers = ", ".join(dict.fromkeys(s["code"] for s in sections))
    raise ViewOptionError(f"no section is called {value!r}; use a section number ({numbers}) or IRI",
                          parameter="section")


@dataclass(frozen=True)
class Focus:
    """What the page opens focused on: a body or an activity (its node in the network), and the bodies it keeps drawn."""

    node: str
    bodies: tuple[str, ...]

    @property
    def is_activity(self) -> bool:
        return self.bodies != (self.node,)


def resolve_focus(value: str | None, B: nx.Graph, aliases: Mapping[str, tuple[str, ...]], *,
                  index: NetworkIndex | None = None) -> Focus | None:
    """The body or activity ``value`` names, None for no focus (``index``: the network's, made with these ``aliases``)."""
    if value is None or value == "":
        return None
    wanted = _as_iri(value.strip())
    if wanted in B and B.nodes[wanted].get("kind") == "activity":
        return Focus(wanted, tuple(sorted(B.adj[wanted])))
    names = (index or NetworkIndex(B)).focus_names(aliases)
    found = list(dict.fromkeys(names.get(wanted.casefold(), [])))
    if len(found) == 1:
        return Focus(found[0], (found[0],))
    if len(found) > 1:
        raise ViewOptionError(f"{value!r} names several bodies; give the body's IRI", parameter="focus",
                              suggestions=found)
    close = difflib.get_close_matches(wanted.casefold(), [k for k in names if not k.startswith("http")], n=5, cutoff=0.5)
    raise ViewOptionError(f"no body or activity in the network is named {value!r}", parameter="focus",
                          suggestions=list(dict.fromkeys(str(B.nodes[names[k][0]]["name"]) for k in close)),
                          unknown=True)
