"""The kind and sector of a body from its name (:func:`classify_body`): umbrella groups, named
international and civil-society organisations, and the name's head word.
"""

from __future__ import annotations

import re

from napkg.graph.ogp.keywords import (CIVIL_SOCIETY_PATTERNS, COLLECTIVE_HEADS, COLLECTIVE_LEADS, GENERIC_INTERNATIONAL, GROUP_PHRASES, INTERNATIONAL_PATTERNS, NAMED_CIVIL_SOCIETY, NAMED_INTERNATIONAL, PRIVATE_PATTERNS, PUBLIC_KINDS, PUBLIC_LEADS)
from napkg.graph.ogp.text import (fold, is_acronym, strip_accents)
from napkg.graph.ogp.vocabulary import SECTOR_OF_KIND

__all__ = ["classify_body", "is_collective", "context_sector"]


_SINGULAR_HEADS = frozenset("""
ministry ministerio department departamento office oficina agency agencia authority autoridad commission comision
council consejo committee comite parliament parlamento assembly asamblea senate senado congress congreso chamber
camara court tribunal secretariat secretaria service servicio directorate direccion institute instituto centre
center centro foundation fundacion association asociacion network red coalition federation federacion union union
forum foro platform plataforma university universidad fund fondo bank banco alliance alianza trust programme program
programa initiative iniciativa observatory observatorio caucus house cabinet board team panel chamber
""".split())


def is_collective(name: str) -> bool:
    """Whether a name stands for an unnamed group ("Line Ministries", "civil society organisations")."""
    key = strip_accents(name).casefold().strip()
    key = re.sub(r"^(?:the|la|las|los|el|les)\s+", "", key)
    if GROUP_PHRASES.match(key) or COLLECTIVE_LEADS.match(key):
        return True
    if is_acronym(name.strip()):
        return False
    words = re.findall(r"[\w-]+", key)
    if not words:
        return False
    if words[0] in COLLECTIVE_HEADS and len(words) > 1 and words[1] in ("of", "de", "del", "des", "que", "who", "which"):
        return True  # "Organizations of Persons with Disabilities", "Members of Parliament"
    return words[-1] in COLLECTIVE_HEADS and not any(w in _SINGULAR_HEADS for w in words[:-1])


def classify_body(name: str, context: str | None = None) -> tuple[str, str]:
    """The kind (one of the edition's ``BODY_KINDS``) and sector a name states.

    Named international and civil-society organisations are recognised anywhere in a name.
    Otherwise the name's head decides: a keyword that opens the name ("Ministry of ...",
    "Fundación ..."), else the last keyword before the first preposition ("Croatian Regulatory
    Authority for Network Industries" is an authority, "Parliamentary Network Africa" a network),
    else the first keyword anywhere. ``context`` is the sector a heading before the name stated;
    it decides only when the name itself says nothing. A name that says nothing and has no
    heading is of kind ``other`` (and, as the edition's default, of the public sector).

    >>> classify_body("Ministry of Justice")
    ('ministry', 'public')
    >>> classify_body("Transparency International Ukraine")
    ('civil-society', 'civil-society')
    >>> classify_body("United Nations Development Programme")
    ('international', 'international')
    >>> classify_body("Council for the Development of Civil Society")
    ('council', 'public')
    >>> classify_body("Croatian Regulatory Authority for Network Industries")
    ('state-agency', 'public')
    >>> classify_body("Parliamentary Network Africa")
    ('civil-society', 'civil-society')
    >>> classify_body("Nova TV d.d.")
    ('private', 'private')
    >>> classify_body("unspecified NGOs and international organisations")
    ('collective', 'civil-society')
    >>> classify_body("GGI", "non-public"), classify_body("GGI")
    (('other', 'civil-society'), ('other', 'public'))
    """
    key = fold(re.sub(r"[^\w'’&.-]+", " ", strip_accents(name).casefold())).strip(" .")
    if is_collective(name):
        for patterns, sector in ((CIVIL_SOCIETY_PATTERNS, "civil-society"), (PRIVATE_PATTERNS, "private"),
                                 (INTERNATIONAL_PATTERNS, "international"),
                                 ((r"organi[sz]ations|organizaciones|associations|asociaciones",), "civil-society")):
            if any(re.search(p, key) for p in patterns):
                return "collective", sector
        return "collective", context_sector(context)
    public_opening = bool(PUBLIC_LEADS.match(key))
    if not public_opening and any(re.search(p, key) for p in NAMED_INTERNATIONAL):
        return "international", "international"
    office = re.match(r"^(?:office|oficina|bureau|cabinet|gabinete) (?:of|for|de|du|del)(?: the| la| el)? (.+)$", key)
    if office:
        inner_kind, inner_sector = classify_body(office.group(1))
        if inner_kind not in ("other", "collective"):
            return inner_kind, inner_sector
    if any(re.search(p, key) for p in NAMED_CIVIL_SOCIETY):
        return "civil-society", "civil-society"
    matches: list[tuple[int, int, str]] = []  # (start, end, kind)
    for patterns, kind in ((GENERIC_INTERNATIONAL, "international"), (PRIVATE_PATTERNS, "private"),
                           (CIVIL_SOCIETY_PATTERNS, "civil-society")):
        for pattern in patterns:
            matches += [(m.start(), m.end(), kind) for m in re.finditer(pattern, key)]
    for kind, pattern in PUBLIC_KINDS:
        matches += [(m.start(), m.end(), kind) for m in re.finditer(pattern, key)]
    if not matches:
        return "other", context_sector(context)
    first_word = re.match(r"[\w'’-]*", key).group()
    opening = [m for m in matches if m[0] == 0 and first_word not in _ADJECTIVE_OPENERS]
    preposition = re.search(r"\s(?:of|for|on|in|to|at|under|against|with|de|del|da|do|des|du|para|pour|por)\s", key)
    prefix_end = preposition.start() if preposition else len(key)
    in_prefix = [m for m in matches if m[1] <= prefix_end]
    if opening:
        best = max(opening, key=lambda m: m[1])
    elif in_prefix:
        best = max(in_prefix, key=lambda m: (m[0], m[1]))
    else:
        best = min(matches, key=lambda m: (m[0], -m[1]))
    kind = best[2]
    return kind, SECTOR_OF_KIND.get(kind, "public")


#: Keywords that are adjectives when they open an English name ("Parliamentary Network Africa").
_ADJECTIVE_OPENERS = frozenset({"parliamentary", "municipal", "provincial", "metropolitan", "judicial", "presidential",
                                "regional", "legislative", "territorial", "governmental", "county", "district"})


def context_sector(context: str | None) -> str:
    if context in ("civil-society", "private", "international"):
        return context
    if context == "non-public":
        return "civil-society"
    return "public"
