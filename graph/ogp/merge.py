"""Merging the names of one country into bodies, conservatively, recording every merge, and the body
records that ``bodies.yaml`` holds.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from napkg.graph.ogp.institutions import Mention
from napkg.graph.ogp.text import is_acronym, name_key, slugify

__all__ = ["BodyMention", "Body", "merge_bodies", "body_record"]


@dataclass
class BodyMention:
    """One name found in a row: the mention, where it stands (row, column), its kind and sector."""

    mention: Mention
    row: int
    column: str
    kind: str
    sector: str


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
        key = (collective, name_key(bm.mention.name, country=country))
        body = bodies.setdefault(key, Body(key=key[1], collective=collective))
        body.mentions.append(bm)
    # acronyms carried by exactly one body
    carriers: dict[str, set[tuple[bool, str]]] = {}
    for key, body in bodies.items():
        for bm in body.mentions:
            if bm.mention.acronym:
                carriers.setdefault(name_key(bm.mention.acronym), set()).add(key)
    for key in list(bodies):
        body = bodies[key]
        names = {bm.mention.name for bm in body.mentions}
        if key[0] or not all(is_acronym(n) for n in names):
            continue
        owners = carriers.get(key[1], set()) - {key}
        if len(owners) == 1:
            target = bodies[owners.pop()]
            for bm in body.mentions:
                target.merged_from.append((bm.mention.name, bm, "acronym"))
            target.mentions.extend(body.mentions)
            del bodies[key]
    out = list(bodies.values())
    for body in out:
        _settle(body)
    _assign_ids(out)
    _check_aliases(out)
    return sorted(out, key=lambda b: b.id)


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
    kind, sector = (decided or kinds)[0]
    if body.collective:
        kind = "collective"
    body.notes = []
    if kind == "other":
        said = {bm.mention.context for bm in body.mentions if bm.mention.context}
        if said:
            body.notes.append("The export's text does not say what kind of body this is; its sector is taken "
                              "from the heading it is listed under.")
        else:
            body.notes.append("The export's text does not say what kind of body this is; it is left as 'other' "
                              "(and public, the edition's default sector).")
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
        if id(bm) in via_acronym:
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
    if body.aliases:
        record["aliases"] = body.aliases
    record["raw_names"] = list(dict.fromkeys(bm.mention.raw for bm in body.mentions))
    if body.merge_notes:
        record["merge_notes"] = body.merge_notes
    if body.notes:
        record["notes"] = " ".join(body.notes)
    return record
