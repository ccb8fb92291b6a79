"""Merging the names of one country into bodies, conservatively, recording every merge, and the body
records that ``bodies.yaml`` holds.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from napkg.graph.ogp.institutions import Mention
from napkg.graph.ogp.text import initials_cover, is_acronym, name_key, slugify
from napkg.graph.ogp.units import is_generic_unit
from napkg.graph.ogp.vocabulary import UNKNOWN_SECTOR

__all__ = ["BodyMention", "Body", "merge_bodies", "body_record"]


@dataclass
class BodyMention:
    """One name found in a row: the mention, where it stands (row, column), its kind and sector.

    ``neighbours`` says the sector was taken from the other names of its group, ``parent_only``
    that the name stands in the row only as the parent of a unit (it is not an implementer).
    """

    mention: Mention
    row: int
    column: str
    kind: str
    sector: str
    neighbours: bool = False
    parent_only: bool = False


@dataclass
class Body:
    """A body of one country as the merge builds it."""

    key: str
    collective: bool
    mentions: list[BodyMention] = field(default_factory=list)
    merged_from: list[tuple[str, BodyMention, str]] = field(default_factory=list)
    id: str = ""
    name: str = ""
    kind: str = "other"
    sector: str = "public"
    parent: str | None = None
    scope: str = ""
    aliases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    merge_notes: list[str] = field(default_factory=list)




def merge_bodies(mentions: list[BodyMention], country: str) -> list[Body]:
    """Group a country's mentions into bodies, conservatively, recording every merge.

    Two spellings are one body when their :func:`name_key` agree (case, accents, punctuation,
    articles, "&", British/American spelling, a leading "NGO", a trailing "of <country>"), or
    when one is an acronym that exactly one other body of the country carries. Collective
    groups are never merged with single bodies.
    """
    bodies: dict[tuple[bool, str], Body] = {}
    for bm in mentions:
        collective = bm.kind == "collective"
        scope = _scope(bm, country)
        key = (collective, scope + name_key(bm.mention.name, country=country))
        body = bodies.setdefault(key, Body(key=key[1], collective=collective, scope=scope))
        body.mentions.append(bm)
    _merge_shared_acronyms(bodies, _carriers(bodies))
    carriers = _carriers(bodies)  # acronyms carried by exactly one body
    for key in list(bodies):
        body = bodies[key]
        names = {bm.mention.name for bm in body.mentions}
        if key[0] or not all(is_acronym(n) for n in names):
            continue
        owners = carriers.get(key[1], set()) - {key}
        rule = "acronym"
        if not owners:
            owners = _expansions(body, bodies, key)
            rule = "initials"
        if len(owners) == 1:
            target = bodies[owners.pop()]
            for bm in body.mentions:
                target.merged_from.append((bm.mention.name, bm, rule))
            target.mentions.extend(body.mentions)
            del bodies[key]
    out = list(bodies.values())
    for body in out:
        _settle(body)
    _qualify_scoped_names(out)
    _assign_ids(out)
    _assign_parents(out, country)
    _check_aliases(out)
    return sorted(out, key=lambda b: b.id)


def _qualify_scoped_names(bodies: list[Body]) -> None:
    """Units of different parents that share a name ("Departamento de Informática" of the Chamber and
    of the Senate) are named with their parent, or their row, so that a name names one body."""
    names = Counter(body.name.casefold() for body in bodies)
    for body in bodies:
        if body.scope and names[body.name.casefold()] > 1:
            parent = next((bm.mention.parent for bm in body.mentions if bm.mention.parent), None)
            qualifier = parent or f"row {body.mentions[0].row}"
            body.aliases = [a for a in body.aliases if a.casefold() != body.name.casefold()]
            body.notes.append(f"Named here with {'its parent' if parent else 'its row'}: other bodies of the "
                              f"country have units of the same name.")
            body.name = f"{body.name} ({qualifier})"


def _carriers(bodies: dict[tuple[bool, str], Body]) -> dict[str, set[tuple[bool, str]]]:
    """Each acronym the export gives for a body, and the bodies it is given for."""
    carriers: dict[str, set[tuple[bool, str]]] = {}
    for key, body in bodies.items():
        for bm in body.mentions:
            if bm.mention.acronym:
                carriers.setdefault(name_key(bm.mention.acronym), set()).add(key)
    return carriers


def _scope(bm: BodyMention, country: str) -> str:
    """The part of a name's key that scopes it: its parent, or for a generic unit name written
    without one ("Unidad de Transparencia"), its row."""
    if bm.mention.parent:
        return f"{name_key(bm.mention.parent, country=country)} / "
    if is_generic_unit(bm.mention.name):
        return f"row {bm.row} / "
    return ""


def _expansions(body: Body, bodies: dict[tuple[bool, str], Body], key: tuple[bool, str]) -> set[tuple[bool, str]]:
    """The bodies whose name's initials spell this acronym body's name ("GC" -> "Governance
    Commission"): three letters or more anywhere in the country, two within one row."""
    acronym = body.mentions[0].mention.name
    rows = {bm.row for bm in body.mentions}
    found = set()
    for other_key, other in bodies.items():
        if other_key == key or other_key[0] or other.scope:
            continue
        names = {bm.mention.name for bm in other.mentions if not is_acronym(bm.mention.name)}
        letters = sum(c.isupper() for c in acronym)
        for name in names:
            near = rows & {bm.row for bm in other.mentions}
            if initials_cover(acronym, name) or (letters == 2 and near and _two_initials(acronym, name)):
                found.add(other_key)
    return found


def _two_initials(acronym: str, name: str) -> bool:
    initials = [w[0] for w in name.split() if w[:1].isupper()]
    return [c for c in acronym if c.isupper()] == initials


def _merge_shared_acronyms(bodies: dict[tuple[bool, str], Body], carriers: dict[str, set[tuple[bool, str]]]) -> None:
    """Two spellings that carry the same acronym, and no other body of the country does, are one body
    ("Unidad de Acceso a la Información Pública (UAIP)", "Unit for Access to Public Information (UAIP)")."""
    for acronym, keys in carriers.items():
        present = [k for k in keys if k in bodies and not k[0]]
        scopes = {bodies[k].scope for k in present}
        if len(present) != 2 or len(keys) != 2 or (len(scopes) != 1 and not all(sc.startswith("row ") or not sc for sc in scopes)):
            continue  # units of two parents stay apart; a generic name's row scope yields to the acronym
        target, other = (bodies[k] for k in sorted(present, key=lambda k: bodies[k].mentions[0].row))
        for bm in other.mentions:
            target.merged_from.append((bm.mention.name, bm, f"shared acronym {acronym.upper()}"))
        target.mentions.extend(other.mentions)
        target.scope = "" if len(scopes) > 1 else target.scope
        del bodies[present[1] if bodies[present[0]] is target else present[0]]


def _assign_parents(bodies: list[Body], country: str) -> None:
    """A unit's parent: the body of the country its mentions name as parent."""
    by_key: dict[str, Body] = {}
    for body in bodies:
        if not body.scope.startswith("row ") and body.scope or body.collective:
            continue
        for bm in body.mentions:
            by_key.setdefault(body.scope + name_key(bm.mention.name, country=country), body)
    for body in bodies:
        named = [bm for bm in body.mentions if bm.mention.parent]
        key = name_key(named[0].mention.parent, country=country) if named else ""
        parent = by_key.get(key) or by_key.get(f"row {named[0].row} / {key}") if named else None
        if parent is not None and parent is not body:
            body.parent = parent.id


def _settle(body: Body) -> None:
    """Choose a body's name, kind, sector and aliases from its mentions, and write its merge notes."""
    counts = Counter(bm.mention.name for bm in body.mentions)
    first = {}
    for i, bm in enumerate(body.mentions):
        first.setdefault(bm.mention.name, i)
    body.name = min(counts, key=lambda n: (is_acronym(n), -counts[n], first[n]))
    kinds = [(bm.kind, bm.sector) for bm in body.mentions if bm.mention.name == body.name]
    kinds += [(bm.kind, bm.sector) for bm in body.mentions]
    decided = [ks for ks in kinds if ks[0] != "other"]
    known = [ks for ks in kinds if ks[1] != UNKNOWN_SECTOR]
    kind, sector = (decided or known or kinds)[0]
    if body.collective:
        kind = "collective"
    body.notes = []
    if kind == "other":
        said = {bm.mention.context for bm in body.mentions if bm.mention.context}
        if sector == UNKNOWN_SECTOR:
            body.notes.append("The export's text does not say what kind of body this is, nor its sector; both are "
                              "left open ('other', 'unknown').")
        elif said:
            body.notes.append("The export's text does not say what kind of body this is; its sector is taken "
                              "from the heading it is listed under.")
        else:
            body.notes.append("The export's text does not say what kind of body this is; its sector is the one "
                              "every named body listed with it shares.")
    if body.scope.startswith("row "):
        body.notes.append("A unit name any body may have, written without the body it belongs to: it is not "
                          "merged with the same name in other rows.")
    body.kind, body.sector = kind, sector
    aliases = []
    for name in counts:
        if name != body.name and name.casefold() != body.name.casefold():
            aliases.append(name)
    for bm in body.mentions:
        if bm.mention.acronym and bm.mention.acronym not in aliases and bm.mention.acronym != body.name:
            aliases.append(bm.mention.acronym)
    unique: dict[str, str] = {}
    for alias in aliases:
        unique.setdefault(alias.casefold(), alias)
    body.aliases = list(unique.values())
    merged: list[str] = []
    noted: set[str] = set()
    via_acronym = {id(bm) for _, bm, _ in body.merged_from}
    for bm in body.mentions:
        spelling = bm.mention.name
        if spelling == body.name or spelling in noted:
            continue
        noted.add(spelling)
        where = f"row {bm.row}, {bm.column}"
        rule = next((r for _, m, r in body.merged_from if m is bm), "")
        if rule == "initials":
            merged.append(f"{spelling!r} ({where}) merged into {body.name!r}: its letters are the initials of this "
                          f"body's name, and of no other body's of the country.")
        elif rule.startswith("shared acronym"):
            merged.append(f"{spelling!r} ({where}) merged into {body.name!r}: both carry the acronym "
                          f"{rule.rsplit(' ', 1)[-1]}, and no other body of the country does.")
        elif id(bm) in via_acronym:
            merged.append(f"{spelling!r} ({where}) merged into {body.name!r}: it is the acronym the export gives "
                          f"for this body, and no other body of the country carries it.")
        else:
            merged.append(f"{spelling!r} ({where}) merged into {body.name!r}: the same name once case, accents, "
                          f"punctuation, articles, spelling variants and the country's name are set aside.")
    body.merged_from = []
    body.merge_notes = merged


def _assign_ids(bodies: list[Body]) -> None:
    taken: set[str] = set()
    for body in sorted(bodies, key=lambda b: (b.mentions[0].row, b.name)):
        base = slugify(body.name) or "body-" + hashlib.sha1(body.key.encode()).hexdigest()[:8]
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        body.id = candidate
        taken.add(candidate)


def _check_aliases(bodies: list[Body]) -> None:
    """An alias must name one body only: drop any that two bodies of a country claim."""
    owners: dict[str, set[str]] = {}
    for body in bodies:
        for name in [body.name, *body.aliases]:
            owners.setdefault(name.casefold(), set()).add(body.id)
    for body in bodies:
        kept = []
        for alias in body.aliases:
            if len(owners[alias.casefold()]) > 1:
                others = sorted(owners[alias.casefold()] - {body.id})
                body.notes.append(f"{alias!r} also names {', '.join(others)} in the export; it is not kept as an "
                                  f"alias of this body (it stays among the raw names).")
            else:
                kept.append(alias)
        body.aliases = kept


def body_record(body: Body) -> dict[str, Any]:
    first = body.mentions[0]
    record: dict[str, Any] = {
        "id": body.id,
        "name": body.name,
        "kind": body.kind,
        "sector": body.sector,
        "source": {"document": "export", "rows": [first.row, first.row], "column": first.column},
    }
    if body.parent:
        record["parent"] = body.parent
    if body.aliases:
        record["aliases"] = body.aliases
    record["raw_names"] = list(dict.fromkeys(bm.mention.raw for bm in body.mentions))
    if body.merge_notes:
        record["merge_notes"] = body.merge_notes
    if body.notes:
        record["notes"] = " ".join(body.notes)
    return record
