"""Units written with their parent body, posts written for their body, and lists that share one head
word: the parts of a name that say which body it belongs to or stands for.

- :func:`unit_of`: "Ministry of Justice / Directorate for ..." and "Poder Legislativo – Cámara de
  Senadores" are one body each, the unit, whose parent is the first name;
- :func:`body_of_post`: "Minister of Justice" stands for the Ministry of Justice; other posts
  ("Deputy Secretary General", "State Chairman") are not bodies;
- :func:`expand_distributive`: "Ministries of Finance, Justice and Communication" is three ministries;
- :func:`is_generic_unit`: a unit name that every body may have ("Unidad de Transparencia").
"""

from __future__ import annotations

import re

from napkg.graph.ogp.text import strip_accents

__all__ = ["ADDED", "PARENT_MARK", "unit_of", "trailing_unit", "mark_units", "body_of_post", "is_post", "expand_distributive", "is_generic_unit"]

#: Put after the words the splitter adds to a field of a list ("Ministry of\x03Finance"): what follows is the cell's text.
ADDED = "\x03"
#: Put between a parent and its unit where the splitter found them ("Treasury\x02Corporations Branch").
PARENT_MARK = "\x02"

#: Words that head a unit of a larger body.
_UNIT_HEADS = (r"department|departamento|departement|directorate(?:-general)?|direccion|direction|division|"
               r"division|unit|unidad|unidade|unite|office|oficina|bureau|team|equipo|branch|section|seccion|"
               r"faculty|facultad|school|secretariat|secretaria(?! de estado)|programme|program|programa|"
               r"commission|comision|committee|comite|service|servicio")
_UNIT = re.compile(rf"^(?:the |la |el )?(?:[\w'’-]+ ){{0,3}}?(?:{_UNIT_HEADS})\b", re.I)
#: Bodies that have units: ministries, governments, legislatures, universities, cities.
_PARENT = re.compile(r"^(?:the |la |el )?(?:(?:[\w'’-]+ ){0,2}?(?:ministry|ministerio|minister|government|gobierno|"
                     r"parliament|parlamento|congress|congreso|assembly|asamblea|senate|senado|poder legislativo|"
                     r"legislative branch|university|universidad|universidade|treasury|municipality|municipalidad|"
                     r"city hall|city of|secretaria general|provincial government|office of the president|presidency)\b)",
                     re.I)
_CHAMBER = re.compile(r"^(?:the |la |el )?(?:camara|chamber|senate|senado|house) ", re.I)
_LEGISLATURE = re.compile(r"^(?:poder legislativo|legislative branch|legislature|congreso|congress|parliament|"
                          r"parlamento|asamblea|assembly)\b", re.I)


def _fold(text: str) -> str:
    return strip_accents(text).casefold().strip()


def unit_of(parent: str, unit: str) -> bool:
    """Whether ``unit``, written after ``parent`` with a dash or a slash, is a unit of it.

    >>> unit_of("Ministry of Justice", "Directorate for the Promotion of Good Governance")
    True
    >>> unit_of("Poder Legislativo", "Cámara de Senadores"), unit_of("Congreso de la República", "Comisión de Derechos Humanos")
    (True, True)
    >>> unit_of("Cámara de Diputados de la Nación", "Senado de la Nación"), unit_of("Ministry of Finance", "Ministry of Economy")
    (False, False)
    """
    p, u = _fold(parent), _fold(unit)
    if not _PARENT.match(p) or _PARENT.match(u) and not (_LEGISLATURE.match(p) and _CHAMBER.match(u)):
        return False
    if _LEGISLATURE.match(p) and _CHAMBER.match(u):
        return p.startswith(("poder legislativo", "legislative branch", "legislature")) or "congres" in p
    return bool(_UNIT.match(u)) and len(u.split()) >= 2


#: A unit named first and its parent after a comma ("Digital Inclusion Policy Team, Ministry of ...").
_TRAILING_UNIT = re.compile(r"\b(?:team|division|branch|section|unit|directorate|equipo|unidad|seccion)$", re.I)


def trailing_unit(text: str) -> bool:
    """Whether a name ends with a word that names a unit ("... Policy Team", "Corporations Branch")."""
    return bool(_TRAILING_UNIT.search(_fold(text)))

_MINISTER = re.compile(r"^(?:the\s+)?(state\s+)?minister\s+(of|for)\s+(.+)$", re.I)
_MINISTRO = re.compile(r"^(?:el\s+|la\s+)?ministr[oa]\s+(de|del)\s+(.+)$", re.I)
_PRIME = re.compile(r"^(?:the\s+)?(deputy\s+|vice[- ])?prime[- ]minister$", re.I)
_POSTS = re.compile(
    r"^(?:the\s+)?(?:(?:deputy|vice|assistant|state|executive|chief|general|permanent|principal)[\s-]+)*"
    r"(?:(?:alternate|deputy|vice|assistant|junior)[\s-]+minister|secretary[\s-]general|chairman|chairperson|chairwoman|chair|speaker|director(?:[\s-]general)?|"
    r"manager|coordinator|adviser|advisor|clerk|permanent secretary|principal secretary|focal person|"
    r"secretario general|director(?:a)? general|coordinador(?:a)?|asesor(?:a)?)"
    r"(?:\s+(?:of|for|de|del)\s+(?:the\s+|la\s+|el\s+)?[A-Za-zÀ-ÿ].*)?$", re.I)


def body_of_post(name: str) -> str | None:
    """The body a post stands for, where its name says it: a minister's ministry, the prime
    minister's office.

    >>> body_of_post("Minister of Justice"), body_of_post("Deputy Prime Minister"), body_of_post("Ministro de Hacienda")
    ('Ministry of Justice', 'Office of the Deputy Prime Minister', 'Ministerio de Hacienda')
    >>> body_of_post("Ministry of Justice") is None
    True
    """
    text = " ".join(name.split())
    m = _MINISTER.match(text)
    if m:
        return f"Ministry of State {m.group(2).lower()} {m.group(3)}" if m.group(1) else \
            f"Ministry {m.group(2).lower()} {m.group(3)}"
    m = _MINISTRO.match(text)
    if m:
        return f"Ministerio {m.group(1).lower()} {m.group(2)}"
    m = _PRIME.match(text)
    if m:
        deputy = "Deputy " if m.group(1) and m.group(1).strip().lower() == "deputy" else (
            "Vice " if m.group(1) else "")
        return f"Office of the {deputy}Prime Minister"
    return None


def is_post(name: str) -> bool:
    """Whether a name is a post held by a person, not a body ("Deputy Secretary General", "State Chairman").

    >>> is_post("Deputy Secretary General"), is_post("State Chairman"), is_post("Alternate Minister for Reform")
    (True, True, True)
    >>> is_post("Secretariat General")
    False
    """
    return bool(_POSTS.match(" ".join(name.split())))


_DISTRIBUTIVE = re.compile(
    r"\b(?P<head>minist\w*ies|ministerios|ministeres|ministères|departments)\s+(?P<link>of|for|responsible for|"
    r"in charge of|de|del|des|chargés? de)\s*:?\s*(?P<list>[^;\n•]+)", re.I)
_FIELD = re.compile(r"^[A-ZÀ-Ý][\w'’-]*(?:\s+(?:and|&|y|et|of|de|la|el)?\s*[\w'’-]+){0,5}$")
_SINGULAR = {"ministries": "Ministry", "ministerios": "Ministerio", "ministeres": "Ministère",
             "ministères": "Ministère", "departments": "Department"}


def expand_distributive(text: str) -> str:
    """Write out a plural head shared by a list of fields, one body a field, separated by ";".

    The fields are split at commas, and at the last "and" only when no other field holds one
    ("Finance, Justice and Communication" is three; "Justice and Home Affairs, Finance" two).

    >>> expand_distributive("Ministries of Communication, Finance, Justice").replace(ADDED, " ")
    'Ministry of Communication; Ministry of Finance; Ministry of Justice'
    >>> expand_distributive("Ministries responsible for Finance, Justice and Communication").replace(ADDED, " ")
    'Ministry responsible for Finance; Ministry responsible for Justice; Ministry responsible for Communication'
    >>> expand_distributive("Ministrries of: Justice and Home Affairs, Finance").replace(ADDED, " ")
    'Ministry of Justice and Home Affairs; Ministry of Finance'
    """
    def expand(m: re.Match[str]) -> str:
        if re.match(r"^\s*[-–]\s", m.group("list")):  # "Ministries of: - Finance - Industry, Commerce and Tourism"
            items = [i.strip() for i in re.split(r"(?:^|\s)[-–]\s+", m.group("list")) if i.strip()]
            head = _SINGULAR.get(m.group("head").casefold(), "Ministry")
            return "; ".join(f"{head} {m.group('link')}{ADDED}{i}" for i in items)
        items = [i.strip() for i in m.group("list").split(",")]
        fields: list[str] = []
        for item in items:
            if not _FIELD.match(item) or re.search(r"\b(?:ministry|ministerio|department|office|agency|ngo)\b", item, re.I):
                break
            fields.append(item)
        if len(fields) < 2 and not (len(fields) == 1 and re.search(r"\s(?:and|y|et|&)\s", fields[0])):
            return m.group()
        consumed = len(fields)
        last = re.split(r"\s+(?:and|y|et|&)\s+", fields[-1])
        if len(last) == 2 and not any(re.search(r"\s(?:and|y|et|&)\s", f) for f in fields[:-1]):
            fields[-1:] = last
        head = _SINGULAR.get(m.group("head").casefold(), "Ministry")
        rest = ", ".join(items[consumed:])
        written = "; ".join(f"{head} {m.group('link')}{ADDED}{f}" for f in fields)
        return written + (", " + rest if rest else "")
    return _DISTRIBUTIVE.sub(expand, text)


_GENERIC_UNIT = re.compile(
    r"^(?:the |la |el )?(?:unidad|unit|departamento|department|direccion|directorate|division|oficina|office|"
    r"seccion|section|area|gerencia|fiscalia|secretaria general|secretaria tecnica|asesoria juridica|"
    r"legal department|legal unit|it department|ict unit)(?: (?:de|del|of|for) (?:la |el |the )?"
    r"(?:transparencia|informatica|comunicacion|comunicaciones|prensa|acceso a la informacion(?: publica)?|"
    r"tecnologia|sistemas|planificacion|archivo|participacion ciudadana|gobierno abierto|"
    r"transparency|information technology|communications?|planning|it|ict|press|archives?|gabinete|"
    r"comisiones|presupuesto|open government|public information|access to information))?$")


def is_generic_unit(name: str) -> bool:
    """Whether a name is one every body may have for its own unit ("Unidad de Transparencia",
    "Departamento de Informática", "Fiscalía"): such a name is one body only within its parent.

    >>> is_generic_unit("Departamento de Informática"), is_generic_unit("Fiscalía"), is_generic_unit("Ministry of Finance")
    (True, True, False)
    """
    return bool(_GENERIC_UNIT.match(_fold(name)))


def mark_units(segments: list[tuple[str, str | None, int]]) -> list[tuple[str, str | None, int]]:
    """Mark the units a cell lists after their parent: a body followed by its units only
    ("The Treasury, Corporations Branch, Markets ... Division"; "Secretaría General - Dirección
    General de ..."), a unit and its parent alone ("Digital Inclusion Policy Team, Ministry of
    Science and ICT"), a university and a faculty ("Latvian University, Faculty of ...")."""
    texts = [t for t, _, _ in segments]
    if len(texts) == 2 and trailing_unit(texts[0]) and _PARENT_BODY.match(strip_accents(texts[1]).casefold()):
        (unit, context, block), (parent, _, _) = segments
        return [(parent.strip() + PARENT_MARK + unit.strip(), context, block)]
    if len(texts) >= 3 and _PARENT_BODY.match(strip_accents(texts[0]).strip().casefold()) and all(
            trailing_unit(t) or _UNIT_FIRST.match(strip_accents(t).strip(" .•-").casefold())
            or strip_accents(t).strip(" .•-").casefold() in _VAGUE for t in texts[1:]):
        parent = re.sub(r"^(?:the|The)\s+", "", texts[0].strip())
        return [(parent + PARENT_MARK + t.strip(), c, b) for t, c, b in segments[1:]]
    out = []
    for k, (text, context, block) in enumerate(segments):
        if k and re.match(r"^(?:faculty|facultad|school|escuela) of\b|^(?:facultad|escuela) de\b", text.strip(), re.I) \
                and re.search(r"\b(?:university|universidad|universidade)\b", segments[k - 1][0], re.I) \
                and out and out[-1][0] == segments[k - 1][0]:
            out[-1] = (segments[k - 1][0].strip() + PARENT_MARK + text.strip(), context, block)
            continue
        out.append((text, context, block))
    return out


#: Bodies whose units a cell may list after them.
_PARENT_BODY = re.compile(r"^(?:the\s+)?(?:treasury|ministry|ministerio|secretaria general|department of|"
                          r"[\w-]+ government\b|government of)")
#: A unit written with its head word alone ("Secretaría"), which the cleaning drops as too vague.
_VAGUE = frozenset({"secretaria", "direccion", "oficina", "departamento", "unidad", "office", "department", "unit"})
_UNIT_FIRST = re.compile(r"^(?:direccion|departamento|division|unidad|oficina|seccion|comisiones)\b")
