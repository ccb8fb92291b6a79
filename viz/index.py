"""What every page of one network reads whatever its options: the network's nodes in order, each body's load, the bodies ranked.

A page's options (view, section, status, role, focus, cap) change which bodies it keeps and which
activities it draws (:mod:`napkg.viz.choice`), but not the network: its bodies and activities in
their stable order, each body's load, the bodies ranked by load and name, the activities of each
section and status, and the names a focus may use. :class:`NetworkIndex` computes these once for a
network; :class:`~napkg.viz.data.VizData` keeps one (``VizData.index``), so that a page with new
options at 100,000 activities walks only the bodies it keeps and the activities they hold, not the
whole network again. The network must not change after its index is made (the page's data never do).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property, lru_cache
from typing import Any

import networkx as nx

from napkg.graph.analysis.network import activity_nodes, body_nodes
from napkg.viz.options import status_of

__all__ = ["NetworkIndex", "natural"]


@lru_cache(maxsize=1 << 18)
def natural(code: Any) -> tuple[Any, ...]:
    """A sort key that puts "1.2" before "1.10" (kept for the codes seen, as a page sorts the same codes often).

    >>> sorted(["1.10", "1.2", "2"], key=natural)
    ['1.2', '1.10', '2']
    """
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s]+", str(code or "")))


def _takes_part(link: Mapping[str, Any], role: str) -> bool:
    return role == "all" or bool(link["implementer" if role == "implementer" else "recommended"])


class NetworkIndex:
    """The option-free facts of the activity–body network ``B``, each computed when first read.

    >>> from napkg.graph.analysis.network import network_from_links
    >>> index = NetworkIndex(network_from_links([("a1", "moj", "lead"), ("a1", "parl", "recommended"),
    ...                                          ("a2", "moj", "implementer")]))
    >>> index.activities, index.load, index.ranked
    (['a1', 'a2'], {'moj': 2, 'parl': 1}, ['moj', 'parl'])
    >>> sorted(index.preferred(lambda a: a == "a1", "recommended-to"))
    ['parl']
    """

    def __init__(self, B: nx.Graph) -> None:
        self.network = B
        self._unfiltered: dict[str, set[str]] = {}
        self._names: dict[str, list[str]] | None = None
        self._memo: dict[str, Any] = {}

    @cached_property
    def activities(self) -> list[str]:
        """The activity nodes, in the network's stable order (:func:`~napkg.graph.analysis.network.activity_nodes`)."""
        return activity_nodes(self.network)

    @cached_property
    def bodies(self) -> list[str]:
        """The body nodes, in the network's stable order (:func:`~napkg.graph.analysis.network.body_nodes`)."""
        return body_nodes(self.network)

    @cached_property
    def adj(self) -> dict[str, Mapping[str, Mapping[str, Any]]]:
        """Each node's neighbours with the link's attributes: the network's own adjacency dicts
        (:meth:`networkx.Graph.adjacency`), read only, without a view made at each look-up."""
        return dict(self.network.adjacency())

    @cached_property
    def position(self) -> dict[str, int]:
        """Each activity's place in :attr:`activities`."""
        return {activity: i for i, activity in enumerate(self.activities)}

    @cached_property
    def load(self) -> dict[str, int]:
        """The activities each body holds, in any role (in :attr:`bodies` order)."""
        B = self.network
        return {body: B.degree(body) for body in self.bodies}

    @cached_property
    def ranked(self) -> list[str]:
        """The bodies most loaded first, then by name (case folded) and IRI: the order a page keeps them in,
        after the focused bodies and those matching its filters."""
        B, load = self.network, self.load
        return sorted(self.bodies, key=lambda b: (-load[b], str(B.nodes[b]["name"]).casefold(), b))

    def preferred(self, passes: Callable[[str], bool] | None, role: str) -> set[str]:
        """The bodies that play ``role`` in some activity ``passes`` (None: every activity passes).

        A body is preferred when one of its activities matches the page's filters and the body
        plays the role asked for in it; without filters the answer is worked out once, for every role.
        """
        adj = self.adj
        if passes is None:
            if not self._unfiltered:
                found: dict[str, set[str]] = {"all": set(), "implementer": set(), "recommended-to": set()}
                for body in self.bodies:
                    links = adj[body].values()
                    if links:
                        found["all"].add(body)
                    if any(link["implementer"] for link in links):
                        found["implementer"].add(body)
                    if any(link["recommended"] for link in links):
                        found["recommended-to"].add(body)
                self._unfiltered = found
            return self._unfiltered[role]
        chosen: set[str] = set()
        for activity in self.activities:
            if passes(activity):
                chosen.update(b for b, link in adj[activity].items() if _takes_part(link, role))
        return chosen

    @cached_property
    def order(self) -> dict[str, int]:
        """Each activity's place when open ones come first, then by number (natural order) and IRI: how a page
        breaks ties among the activities it could draw."""
        B = self.network
        ranked = sorted(self.activities, key=lambda a: (bool(B.nodes[a]["complete"]), natural(B.nodes[a]["label"]), a))
        return {a: i for i, a in enumerate(ranked)}

    def memo(self, name: str, make: Callable[[], Any]) -> Any:
        """What ``make()`` gives, made once for this network and kept under ``name`` (for the model's own parts)."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    @cached_property
    def by_section(self) -> dict[Any, list[str]]:
        """The activities of each section (its IRI, or None), in network order."""
        B, found = self.network, defaultdict(list)
        for activity in self.activities:
            found[B.nodes[activity]["section"]].append(activity)
        return dict(found)

    @cached_property
    def status_key(self) -> dict[str, str]:
        """Each activity's status key (:func:`~napkg.viz.options.status_of`)."""
        B = self.network
        return {activity: status_of(B.nodes[activity]["status"]).key for activity in self.activities}

    def held(self, bodies: Iterable[str], also: Iterable[str] = ()) -> list[str]:
        """The activities some of ``bodies`` hold, and those of ``also`` that are activities of the network, in network order."""
        adj, position = self.adj, self.position
        found = {activity for body in bodies for activity in adj[body]}
        found.update(a for a in also if a in position)
        return sorted(found, key=position.__getitem__)

    @cached_property
    def plans(self) -> list[Any]:
        """The plans of the network's activities (IRIs, None for an activity without one), each once."""
        B = self.network
        return list(dict.fromkeys(B.nodes[a]["plan"] for a in self.activities))

    def focus_names(self, aliases: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
        """Every name a focus may give a body by (its IRI, id, name or one of its ``aliases``, case folded),
        with the bodies so named; computed once, for the aliases first given (the page's)."""
        if self._names is None:
            B, names = self.network, {}
            for body in self.bodies:
                data = B.nodes[body]
                for name in {body, str(data.get("slug") or ""), str(data["name"]), *aliases.get(body, ())}:
                    if name:
                        names.setdefault(name.casefold(), []).append(body)
            self._names = names
        return self._names
