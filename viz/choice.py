"""Which bodies and activities a page holds and which it draws, when the network is too large to draw whole.

When the network has more than ``max_bodies`` bodies the page keeps the most loaded (activities
held, in any role; bodies matching the initial filters first, the focused ones always). It holds
every activity a kept body holds (the bodies-only view counts them, the side panel lists them);
the bodies-and-activities view draws about ``max_activities`` of them, those most kept bodies
share, and for each kept body at least one. :func:`left_out` says in words what was left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from napkg.graph.analysis.network import body_nodes
from napkg.viz.index import NetworkIndex

__all__ = ["Choice", "body_load", "takes_part", "choose", "left_out"]


def body_load(B: nx.Graph) -> dict[str, int]:
    """The activities each body holds, in any role: what the page sizes bodies by and keeps the most of.

    >>> from napkg.graph.analysis.network import network_from_links
    >>> body_load(network_from_links([("a1", "moj", "lead"), ("a1", "parl", "recommended"), ("a2", "moj", "implementer")]))
    {'moj': 2, 'parl': 1}
    """
    return {body: B.degree(body) for body in body_nodes(B)}


def takes_part(link: Mapping[str, Any], role: str) -> bool:
    """Whether an activity–body link plays ``role`` (a key of :data:`~napkg.viz.options.ROLE_FILTERS`)."""
    return role == "all" or bool(link["implementer" if role == "implementer" else "recommended"])


@dataclass(frozen=True)
class Choice:
    """What one page holds: ``bodies`` kept (most loaded first), ``activities`` held (network order), ``drawn`` of them."""

    bodies: list[str]
    activities: list[str]
    drawn: set[str]
    held_by: dict[str, list[str]]
    preferred: set[str]
    load: dict[str, int]

    @property
    def capped(self) -> bool:
        return len(self.bodies) < len(self.load)


def choose(B: nx.Graph, *, passes: Callable[[str], bool] | None, role: str, focus: tuple[str, ...] = (),
           focus_activity: str | None = None, max_bodies: int, max_activities: int,
           index: NetworkIndex | None = None) -> Choice:
    """The bodies, activities and drawn activities of a page (see the module's docstring).

    ``passes(activity)`` says whether an activity matches the initial filters (None: every one
    does); ``focus`` are the bodies that must be kept, ``focus_activity`` an activity that must be
    drawn. ``index`` is the network's :class:`~napkg.viz.index.NetworkIndex`, kept between pages
    (one is made when it is not given). ``held_by`` lists the kept bodies of each held activity, in ``bodies`` order.
    """
    index = index or NetworkIndex(B)
    load, all_bodies = index.load, index.bodies
    preferred = index.preferred(passes, role)
    wanted, focused = max(max_bodies, len(focus)), set(focus)
    # the bodies ranked by (not focused, not preferred, most loaded, name): a stable partition of the ranked bodies
    ranked = [b for b in index.ranked if b in focused]
    for first in (True, False):
        if len(ranked) >= wanted:
            break
        ranked += [b for b in index.ranked if b not in focused and (b in preferred) == first][:wanted - len(ranked)]
    kept = sorted(ranked[:wanted], key=lambda b: (-load[b], b))
    capped = len(kept) < len(all_bodies)
    activities = index.held(kept, also=(focus_activity,) if focus_activity else ()) if capped else index.activities
    adj = index.adj
    held_by: dict[str, list[str]] = {a: [] for a in activities}
    for body in kept:
        for a in adj[body]:
            held_by[a].append(body)
    drawn = set(activities)
    if len(activities) > max_activities:
        order, focused_bodies = index.order, set(focus)

        def interest(a: str) -> tuple[Any, ...]:
            return (a != focus_activity, passes is not None and not passes(a),
                    focused_bodies.isdisjoint(adj[a]), -len(held_by[a]), order[a])

        by_interest = sorted(activities, key=interest)
        drawn = set(by_interest[:max_activities])
        rank = {a: i for i, a in enumerate(by_interest)}
        for body in kept:  # every drawn body keeps at least its most shared activity
            if not any(a in drawn for a in adj[body]):
                drawn.add(min(adj[body], key=rank.__getitem__))
    return Choice(bodies=kept, activities=activities, drawn=drawn, held_by=held_by, preferred=preferred, load=load)


def left_out(B: nx.Graph, choice: Choice, index: NetworkIndex | None = None) -> dict[str, Any] | None:
    """What a capped page leaves out, in numbers and in words; None when it draws everything."""
    index = index or NetworkIndex(B)
    all_bodies, kept = index.bodies, set(choice.bodies)
    left = [b for b in all_bodies if b not in kept]
    dropped = len(index.activities) - len(choice.activities)
    undrawn = len(choice.activities) - len(choice.drawn)
    if not left and not undrawn:
        return None
    load, sentences = choice.load, []
    if left:
        most = max(load[b] for b in left)
        filtered = len(choice.preferred) < len(all_bodies)
        sentences.append(
            f"This network has {len(all_bodies):,} bodies, too many to draw at once: the page draws the {len(kept):,} "
            f"that hold the most activities{' among those matching the filters given' if filtered else ''}. "
            f"Left out: {len(left):,} bodies, each holding at most {most} {'activity' if most == 1 else 'activities'}"
            + (f", and {dropped:,} activities that no drawn body holds." if dropped else "."))
    if undrawn:
        sentences.append(
            f"The bodies-and-activities view draws {len(choice.drawn):,} of the drawn bodies' {len(choice.activities):,} "
            "activities, those most of them share; the bodies-only view and the side panel count them all.")
    sentences.append("Search finds left-out bodies too; focus on one to draw it.")
    return {"bodies": len(left), "activities": dropped, "undrawn_activities": undrawn,
            "max_load": max((load[b] for b in left), default=0), "text": " ".join(sentences)}
