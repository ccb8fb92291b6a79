"""The page's options and their spellings: views, statuses, roles, kinds of body, and how a value is read.

One table a vocabulary (a row a term, with its label and colour), so the legend, the filters,
the URL parameters and ``napkg viz`` all spell a status or a role the same way. Statuses are
``not-started``, ``limited``, ``substantial``, ``complete`` (and ``unknown``: none recorded);
roles are ``all``, ``implementer`` and ``recommended-to``. The old spellings (``NotStarted``,
``recommended``) are read as aliases; the page answers with the canonical ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from napkg.graph.errors import NapKgError
from napkg.graph.namespace import NAP
from napkg.graph.analysis.network import PROJECTION_ROLES, local_name, projection_role
from napkg.graph.vocabulary import IMPLEMENTER, RECOMMENDED_TO, STATUSES as _SCALE

__all__ = [
    "PAGE_POLICY", "SERVED_PAGE_POLICY", "VIEWS", "ROLE_FILTERS", "ROLE_ALIASES", "STATUSES", "KIND_GROUPS",
    "MAX_BODIES", "ACTIVITIES_PER_BODY", "RECOMMENDED_EDGE", "Status", "KindGroup", "ViewOptionError",
    "kind_group", "status_of", "status_keys", "role_key", "check_view",
]

PAGE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'"
)
"""The written file's Content-Security-Policy: every script and style is inline, and it fetches nothing."""

SERVED_PAGE_POLICY = PAGE_POLICY.replace("connect-src 'none'", "connect-src 'self'")
"""The served page's policy: the same, except that it fetches activity details from the service that served it."""

MAX_BODIES = 300
"""Most bodies drawn by default (the service takes ``max_viz_bodies`` from its settings)."""

ACTIVITIES_PER_BODY = 3
"""On a capped page the bipartite view draws at most this many activities per body drawn."""

RECOMMENDED_EDGE = "#98a2b0"
"""The colour of a recommended-to edge (dashed); other edges take the page's edge colour."""

VIEWS = {
    "bipartite": "bodies and activities, an edge for each role a body holds in an activity",
    "agency": "bodies only, linked when they share activities; the wider the line, the more they share",
}
"""The two views of the page."""

_ROLE_WORDS = {"all": "any role", IMPLEMENTER.key: f"{IMPLEMENTER.label} (lead and supporting included)",
               RECOMMENDED_TO.key: RECOMMENDED_TO.key}

ROLE_FILTERS = {role: _ROLE_WORDS[role] for role in PROJECTION_ROLES}
"""The role filter: which part a body must play in an activity for the link to show (the
projection's roles, :data:`napkg.graph.analysis.network.PROJECTION_ROLES`)."""

ROLE_ALIASES = {"any": "all"}
"""Spellings of the role filter the vocabulary does not know (its older spellings, such as
``recommended``, are read through :meth:`~napkg.graph.vocabulary.Terms.key`)."""


@dataclass(frozen=True)
class Status:
    """An activity status of the completion scale: its key on the page, the ``nap:`` term, label and colour."""

    key: str
    term: str
    label: str
    colour: str


_COLOURS = {"not-started": "#d7301f", "limited": "#fc8d59", "substantial": "#91cf60", "complete": "#1a9850"}
"""The page's colour of each status of the scale."""

UNKNOWN = Status("unknown", "unknown", "no status recorded", "#b0b7bf")

STATUSES = (*(Status(t.key, str(local_name(t.iri)), t.label, _COLOURS[t.key]) for t in _SCALE), UNKNOWN)
"""Activity statuses (``nap:status``, the completion scale of :data:`napkg.graph.vocabulary.STATUSES`)
in order, with their colours, and ``unknown``: none recorded."""

_BY_KEY = {status.key: status for status in STATUSES}


@dataclass(frozen=True)
class KindGroup:
    """A colour group of body kinds (``nap:kind`` local names)."""

    key: str
    label: str
    colour: str
    kinds: tuple[str, ...]


def _kinds(*terms: object) -> tuple[str, ...]:
    return tuple(str(local_name(str(term))) for term in terms)


KIND_GROUPS = (
    KindGroup("ministry", "ministry", "#1f5fa8", _kinds(NAP.Ministry)),
    KindGroup("committee", "state committee, commission or council", "#7b4fb0",
              _kinds(NAP.StateCommittee, NAP.Commission, NAP.Council)),
    KindGroup("executive", "other executive body (office, service, agency, central bank)", "#4aa3df",
              _kinds(NAP.ExecutiveOffice, NAP.StateService, NAP.StateAgency, NAP.CentralBank)),
    KindGroup("company", "state company or public legal entity", "#c07a1a",
              _kinds(NAP.StateOwnedCompany, NAP.PublicLegalEntity)),
    KindGroup("independent", "court, parliament or oversight body", "#c2185b",
              _kinds(NAP.Court, NAP.Parliament, NAP.Prosecution, NAP.Ombudsman, NAP.AuditInstitution)),
    KindGroup("collective", "collective group (umbrella for many bodies)", "#37474f", _kinds(NAP.CollectiveGroup)),
    KindGroup("other", "other: local, non-state or international body", "#a1887f",
              _kinds(NAP.LocalGovernment, NAP.ProfessionalBody, NAP.Association, NAP.CivilSocietyOrganisation,
                     NAP.PrivateOrganisation, NAP.InternationalOrganisation, NAP.OtherBody)),
)
"""How bodies are coloured: each group of body kinds (``nap:kind``) with its colour."""

_GROUP_OF_KIND = {kind: group for group in KIND_GROUPS for kind in group.kinds}
_GROUPS = {group.key: group for group in KIND_GROUPS}


class ViewOptionError(NapKgError, ValueError):
    """A page option (view, section, status, role, focus, max_bodies) has a value the page cannot show."""

    def __init__(self, message: str, *, parameter: str, suggestions: list[str] | None = None,
                 unknown: bool = False) -> None:
        self.parameter = parameter
        self.suggestions = suggestions or []
        self.unknown = unknown  # the value names nothing the network holds (a focus on no body or activity)
        close = f" (close matches: {'; '.join(self.suggestions[:5])})" if self.suggestions else ""
        super().__init__(f"{parameter}: {message}{close}")


def kind_group(body_kind: str | None, *, collective: bool = False) -> KindGroup:
    """The colour group of a body kind (a ``nap:kind`` local name).

    >>> kind_group("StateCommittee").key, kind_group(None).key, kind_group(None, collective=True).key
    ('committee', 'other', 'collective')
    """
    if collective:
        return _GROUPS["collective"]
    return _GROUP_OF_KIND.get(body_kind or "", _GROUPS["other"])


def status_of(key: str | None) -> Status:
    """The status of a network node's ``status`` (a vocabulary key, ``"not-started"``; an older
    spelling is read too), ``unknown`` for any other.

    >>> status_of("not-started").key, status_of("NotStarted").key, status_of(None).key
    ('not-started', 'not-started', 'unknown')
    """
    return _BY_KEY.get(key or "") or _BY_KEY.get(_SCALE.key(key or "") or "", UNKNOWN)


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


_STATUS_SPELLINGS = {_fold(spelling): s.key for s in STATUSES for spelling in (s.key, s.term, s.label)}


def status_keys(status: str | Iterable[str] | None) -> list[str]:
    """The status keys asked for: one or more values, each a key, an old spelling or a label, or comma-separated.

    >>> status_keys(["NotStarted, limited", "not-started"])
    ['not-started', 'limited']
    """
    if status is None:
        return []
    values = [status] if isinstance(status, str) else list(status)
    keys: list[str] = []
    for part in (p.strip() for value in values for p in str(value).split(",")):
        if not part:
            continue
        key = _STATUS_SPELLINGS.get(_fold(part))
        if key is None:
            raise ViewOptionError(f"{part!r} is not a status; use one of " + ", ".join(s.key for s in STATUSES),
                                  parameter="status")
        if key not in keys:
            keys.append(key)
    return keys


def role_key(role: str | None) -> str:
    """The role filter asked for, in its canonical spelling.

    >>> role_key(None), role_key("recommended"), role_key("implementer")
    ('all', 'recommended-to', 'implementer')
    """
    given = (role or "all").strip()
    try:
        return projection_role(ROLE_ALIASES.get(given, given))
    except ValueError:
        raise ViewOptionError(f"{role!r} is not a role; use one of {', '.join(ROLE_FILTERS)}", parameter="role") from None


def check_view(view: str) -> str:
    """``view`` if the page has it."""
    if view not in VIEWS:
        raise ViewOptionError(f"{view!r} is not a view; use one of {', '.join(VIEWS)}", parameter="view")
    return view
