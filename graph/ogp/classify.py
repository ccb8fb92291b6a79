"""The kind and sector of a body from its name (:func:`classify_body`): umbrella groups, named
international and civil-society organisations, and the name's head word.
"""

from __future__ import annotations

import re

from napkg.graph.ogp.keywords import (CIVIL_SOCIETY_PATTERNS, COLLECTIVE_HEADS, COLLECTIVE_LEADS, GENERIC_INTERNATIONAL, GROUP_PHRASES, INTERNATIONAL_PATTERNS, NAMED_CIVIL_SOCIETY, NAMED_INTERNATIONAL, PRIVATE_PATTERNS, PUBLIC_KINDS, PUBLIC_LEADS)
from napkg.graph.ogp.text import (fold, is_acronym, strip_accents)
from napkg.graph.ogp.vocabulary import SECTOR_OF_KIND, UNKNOWN_SECTOR

__all__ = ["classify_body", "is_collective", "context_sector", "sectors_from_neighbours", "cell_language"]


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
    if words[0] in COLLECTIVE_HEADS and len(words) > 1 and words[1] in ("of", "for", "de", "del", "des", "que", "who", "which", "at", "in", "with", "that",
                                                                 "working", "from", "involved", "active"):
        return True  # "Organizations of Persons with Disabilities", "Members of Parliament"
    return words[-1] in COLLECTIVE_HEADS and not any(w in _SINGULAR_HEADS for w in words[:-1])


#: Acronyms whose body depends on the language of the cell: "MP" is the Ministerio Público (the
#: prosecution) in Spanish and Portuguese, members of parliament in English.
_ACRONYMS_BY_LANGUAGE = {("mp", "es"): ("prosecution", "public"), ("mp", "pt"): ("prosecution", "public"),
                         ("mpf", "pt"): ("prosecution", "public")}
_LANGUAGE_WORDS = {
    "es": re.compile(r"\b(?:de la|del|los|las|y|secretaria|ministerio|comision|direccion|por medio de|fiscalia)\b"),
    "pt": re.compile(r"\b(?:da|do|dos|das|e|secretaria|ministerio|comissao|camara dos|assembleia)\b"),
    "fr": re.compile(r"\b(?:de la|du|des|et|ministere|direction|societe civile)\b"),
}


def cell_language(cell: str) -> str | None:
    """The language a cell's words say it is written in (``es``, ``pt``, ``fr``), if any but English.

    >>> cell_language("TSC, MP por medio de la Fiscalía Especial"), cell_language("Ministry of Justice")
    ('es', None)
    """
    key = strip_accents(cell or "").casefold()
    counts = {lang: len(pattern.findall(key)) for lang, pattern in _LANGUAGE_WORDS.items()}
    english = len(re.findall(r"\b(?:of|the|and|for|ministry)\b", key))
    lang, count = max(counts.items(), key=lambda kv: kv[1])
    return lang if count >= 2 and count > english else None


def classify_body(name: str, context: str | None = None, *, language: str | None = None) -> tuple[str, str]:
    """The kind (one of the edition's ``BODY_KINDS``) and sector a name states.

    Named international and civil-society organisations are recognised anywhere in a name.
    Otherwise the name's head decides: a keyword that opens the name ("Ministry of ...",
    "Fundación ..."), else the last keyword before the first preposition ("Croatian Regulatory
    Authority for Network Industries" is an authority, "Parliamentary Network Africa" a network),
    else the first keyword anywhere. ``context`` is the sector a heading before the name stated;
    it decides only when the name itself says nothing; ``language``, the cell's (see
    :func:`cell_language`), decides what some acronyms stand for ("MP"). A name that says nothing and has no
    heading is of kind ``other`` and sector ``unknown``; think tanks ("Institute for ...",
    "Centre for ...") are civil society unless their name says they are the state's.

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
    (('other', 'civil-society'), ('other', 'unknown'))
    >>> classify_body("Institute for Democratic Governance"), classify_body("National Institute of Statistics")
    (('civil-society', 'civil-society'), ('state-agency', 'public'))
    """
    key = fold(re.sub(r"[^\w'’&.-]+", " ", strip_accents(name).casefold())).strip(" .")
    if (key, language) in _ACRONYMS_BY_LANGUAGE:
        return _ACRONYMS_BY_LANGUAGE[(key, language)]
    if is_collective(name):
        if _STATE_GROUP.search(key):
            return "collective", "public"
        for patterns, sector in ((CIVIL_SOCIETY_PATTERNS, "civil-society"), (PRIVATE_PATTERNS, "private"),
                                 (INTERNATIONAL_PATTERNS, "international"),
                                 ((r"organi[sz]ations|organizaciones|associations|asociaciones|federations|"
                                   r"^(?:[\w'’-]+ )?(?:centers|centres|institutes) (?:for|of|on)\b",), "civil-society")):
            if any(re.search(p, key) for p in patterns):
                return "collective", sector
        if _PUBLIC_GROUP.search(key) or any(re.search(p, key) for _, p in PUBLIC_KINDS):
            return "collective", "public"
        return "collective", context_sector(context)
    if _FOREIGN_AGENCY.search(key):
        return "international", "international"
    public_opening = bool(PUBLIC_LEADS.match(key))
    if not public_opening and any(re.search(p, key) for p in NAMED_INTERNATIONAL):
        return "international", "international"
    office = re.match(r"^(?:office|oficina|bureau|cabinet|gabinete) (?:of|for|de|du|del)(?: the| la| el)? (.+)$", key)
    if office:
        inner_kind, inner_sector = classify_body(office.group(1))
        if inner_kind not in ("other", "collective"):
            return inner_kind, inner_sector
    if any(re.search(p, key) for p in NAMED_CIVIL_SOCIETY) or _SELF_REGULATION.search(key):
        return "civil-society", "civil-society"
    if _BROADCASTER.search(key):
        return "state-owned-company", "public"
    if _PUBLIC_ACADEMY.search(key):
        return "public-legal-entity", "public"
    if _THINK_TANK.search(key) and not _PUBLIC_MARKERS.search(key):
        return "civil-society", "civil-society"
    matches: list[tuple[int, int, str]] = []  # (start, end, kind)
    for patterns, kind in ((GENERIC_INTERNATIONAL, "international"), (PRIVATE_PATTERNS, "private"),
                           (CIVIL_SOCIETY_PATTERNS, "civil-society")):
        for pattern in patterns:
            matches += [(m.start(), m.end(), kind) for m in re.finditer(pattern, key)]
    for kind, pattern in PUBLIC_KINDS:
        matches += [(m.start(), m.end(), kind) for m in re.finditer(pattern, key)
                    if not (kind == "parliament" and m.group() == "assembly" and not _LEGISLATIVE_ASSEMBLY.search(key))]
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
    if kind == "civil-society" and context == "public" and not _NON_GOVERNMENTAL.search(key):
        return "association", "public"  # "County Assemblies Forum" listed under "Government"
    return kind, SECTOR_OF_KIND.get(kind, "public")


#: Keywords that are adjectives when they open an English name ("Parliamentary Network Africa").
_ADJECTIVE_OPENERS = frozenset({"parliamentary", "municipal", "provincial", "metropolitan", "judicial", "presidential",
                                "regional", "legislative", "territorial", "governmental", "county", "district"})


#: An assembly that is a legislature: "National Assembly", "Assembly of RNM", "The Assembly";
#: not "Estonian Cooperation Assembly" or "County Assemblies Forum".
_LEGISLATIVE_ASSEMBLY = re.compile(r"^(?:the )?assembly(?: of\b|$)|house of assembly|(?:national|legislative|parliamentary|general|"
                                   r"people'?s|state|federal|provincial|municipal|regional|county) assembly\b")
#: Think tanks and research centres, civil society unless the name says they are the state's.
_THINK_TANK = re.compile(r"^(?:[\w'’-]+ ){0,3}?(?:institute|instituto|institut|centre|center|centro|centers|centres)"
                         r"\b(?: (?:of|for|on|de|para|pour) .+| [a-z]+)?$|\b(?:institute|centre|center)$")
_PUBLIC_MARKERS = re.compile(r"\b(?:national|state|federal|governmental|public administration|statistics?|"
                             r"statistical|nacional|estatal|del estado|ministry|ministerio|parliamentary|judicial|"
                             r"australian|municipal|provincial|regional|"
                             r"transaction reports|analysis centre|data centre|call centre|service centre|training centre|registers|"
                             r"registry|information systems)\b")
#: A university the state runs ("Universidade Federal de Alfenas", "National University of ...").
_PUBLIC_ACADEMY = re.compile(r"\b(?:federal|state|national|nacional|estatal|publica|public) "
                             r"(?:university|universidad|universidade|universite)|"
                             r"\b(?:universidade|universidad|universite|university) (?:federal|estatal|nacional|national|publica)\b")
#: A donor country's development agency, though its name opens like a public body's.
_FOREIGN_AGENCY = re.compile(r"agencia francesa de desarrollo|agence francaise de developpement|french development agency|"
                             r"agency for international development|japan international cooperation|"
                             r"korea international cooperation|agencia (?:espanola|alemana) de cooperacion")
#: Press and media councils, the profession's own bodies.
_SELF_REGULATION = re.compile(r"\b(?:media|press) council\b")
#: A state's broadcaster.
_BROADCASTER = re.compile(r"\b(?:national|public|state) (?:broadcaster|broadcasting|television|radio)\b")
#: Groups of public bodies whatever other words they hold ("Citizen Representatives Hurals").
_STATE_GROUP = re.compile(r"\b(?:hurals?|khurals?|collectivities|municipalities|municipalidades|ministries|ministerios|"
                          r"governors|public bodies|state bodies|sujetos obligados)\b")
#: Words that say a body is not the state's, whatever heading it stands under.
_NON_GOVERNMENTAL = re.compile(r"\b(?:ngos?|csos?|non-?governmental|non-?profit|civil society|sociedad civil|ong)\b")
#: Groups whose words say they are the state's ("all government bodies", "Territorial collectivities").
_PUBLIC_GROUP = re.compile(r"\b(?:government|governmental|public|state|ministries|ministerios|municipalities|"
                           r"authorities|administrations|collectivities|hurals?|governors|departments|districts|"
                           r"sujetos obligados|public bodies|state bodies|line ministries)\b")


def context_sector(context: str | None) -> str:
    """The sector a heading states: ``non-public`` (civil society, private or multilaterals) is
    taken for civil society; without a heading the sector is unknown."""
    if context in ("public", "civil-society", "private", "international"):
        return context
    if context == "non-public":
        return "civil-society"
    return UNKNOWN_SECTOR


def sectors_from_neighbours(entries: list[tuple[str, str, int]]) -> list[str]:
    """The sectors of one cell's names, those the names leave unknown taken from their block.

    ``entries`` are (kind, sector, block) in cell order, a block being the names between two
    headings or blank lines. A name of kind ``other`` whose sector is unknown takes the sector
    that every named body of its block (kind not ``other`` nor ``collective``) shares, if they
    agree and are at least half as many as the unknown ones; otherwise it stays unknown.

    >>> sectors_from_neighbours([("other", "unknown", 0), ("civil-society", "civil-society", 0),
    ...                          ("other", "unknown", 1), ("ministry", "public", 1), ("civil-society", "civil-society", 1)])
    ['civil-society', 'civil-society', 'unknown', 'public', 'civil-society']
    """
    said: dict[int, list[str]] = {}
    unknown: dict[int, int] = {}
    for kind, sector, block in entries:
        if kind not in ("other", "collective") and sector != UNKNOWN_SECTOR:
            said.setdefault(block, []).append(sector)
        elif sector == UNKNOWN_SECTOR and kind == "other":
            unknown[block] = unknown.get(block, 0) + 1
    out = []
    for kind, sector, block in entries:
        agreed = said.get(block, [])
        if sector == UNKNOWN_SECTOR and kind == "other" and len(set(agreed)) == 1 \
                and 2 * len(agreed) >= unknown[block]:
            sector = agreed[0]
        out.append(sector)
    return out
