"""Text helpers every part of the importer shares: white-space and accent folding, null cells, ASCII
slugs for ids, the key two spellings of one body share, acronyms.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from napkg.graph.ogp.columns import NULL_CELLS

__all__ = ["fold", "strip_accents", "is_null", "slugify", "name_key", "is_acronym", "initials_cover"]


def fold(text: str) -> str:
    """White space folded to single spaces, the ends stripped."""
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    """Accents dropped and letters of other scripts transliterated (anyascii); punctuation, symbols
    and spaces are left as they are, since the splitter's patterns look for them.

    >>> strip_accents("Secretaría – Łódź ‘Грузія’")
    'Secretaria – Lodz ‘Gruziya’'
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if text.isascii():
        return text
    return "".join(anyascii(c) if c.isalpha() and not c.isascii() else c for c in text)


def is_null(cell: str | None) -> bool:
    """Whether a cell holds nothing: empty, or a marker such as ``NA``, ``ND``, ``NR``.

    >>> is_null(" NA "), is_null("N/A"), is_null("Ministry of Justice")
    (True, True, False)
    """
    return cell is None or fold(cell).casefold().strip(" .") in NULL_CELLS


def slugify(text: str, *, max_length: int = 64) -> str:
    """A lowercase kebab-case ASCII id: accents stripped, other scripts transliterated.

    >>> slugify("Secretaría Técnica de Planificación (STP)")
    'secretaria-tecnica-de-planificacion-stp'
    >>> slugify("Міністерство юстиції України"), slugify("Sub‐secretaries")
    ('ministerstvo-yustitsii-ukraini', 'sub-secretaries')
    >>> slugify("Attorney-General's Department")
    'attorney-generals-department'
    """
    ascii_text = anyascii(text).lower()
    ascii_text = re.sub(r"['’`]", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def name_key(name: str, *, country: str | None = None) -> str:
    """The key two spellings of one body share: case, accents, punctuation, articles, "&" versus
    "and", British versus American spelling, a leading "NGO" and a trailing "of <country>" set aside.

    >>> name_key("Ministry of the Interior") == name_key("MINISTRY OF INTERIOR")
    True
    >>> name_key("Department of Public Expenditure & Reform") == name_key("Department of Public Expenditure and Reform.")
    True
    >>> name_key("Parliament of Georgia", country="Georgia") == name_key("Parliament")
    True
    >>> name_key("Center for Democratic Development") == name_key("Centre for Democratic Development")
    True
    >>> name_key("Ministry of Justice of RM", country="North Macedonia") == name_key("Ministry of Justice")
    True
    """
    text = strip_accents(name).casefold().replace("&", " and ")
    if country:
        place = re.escape(strip_accents(country).casefold())
        text = re.sub(rf"\s*(?:,|\bof)\s+(?:the\s+)?(?:republic\s+of\s+)?{place}\s*\.?$", "", text)
        text = re.sub(rf"\s*(?:de|del|de la)\s+(?:la\s+)?(?:republica\s+(?:de\s+)?)?{place}\s*\.?$", "", text)
        last = place.rsplit(" ", 1)[-1][:1] if place else ""
        if last.isalpha():  # "of RM", "of RNM": "of the Republic of (North) Macedonia"
            text = re.sub(rf"\s+of\s+(?:the\s+)?r[a-z]?{last}\s*\.?$", "", text)
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^\w]+", " ", text)
    words = [_SPELLING.get(w, w) for w in text.split() if w not in _KEY_ARTICLES]
    if len(words) > 1 and words[0] == "ngo":
        words = words[1:]
    return " ".join(words)


_KEY_ARTICLES = frozenset({"the", "a", "an", "la", "el", "los", "las", "le", "les", "l", "il", "lo"})
_SPELLING = {"center": "centre", "organization": "organisation", "organizations": "organisations",
             "program": "programme", "labor": "labour", "defense": "defence", "ministries": "ministries"}


def is_acronym(text: str) -> bool:
    """Whether a short token looks like an acronym (``DPER``, ``CDD-Ghana``, ``MoJ``).

    >>> [is_acronym(t) for t in ("DPER", "CDD-Ghana", "MoJ", "Ghana", "UN Women", "T.E.A.")]
    [True, True, True, False, False, True]
    """
    text = text.strip(" .,;")
    if not text or len(text) > 16 or " " in text:
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= 2 and upper * 2 >= len(letters) and text[0].isupper() or (
        len(letters) >= 2 and upper >= 3 and upper * 3 >= len(letters))


def initials_cover(acronym: str, phrase: str) -> bool:
    """Whether an acronym is made of the initials of a phrase's capitalised words."""
    letters = [c for c in acronym if c.isalpha() and c.isupper()]
    initials = [w[0] for w in re.split(r"[\s\-/]+", re.sub(r"['’]s\b", "", phrase)) if w[:1].isupper()]
    return len(letters) >= 3 and letters == initials
