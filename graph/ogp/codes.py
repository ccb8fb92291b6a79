"""Codes in the export: a member's country code (ISO 3166-1 alpha-2 from pycountry, or OGP's locality
code) and a commitment's number as the plan prints it.
"""

from __future__ import annotations

import re

import pycountry

from napkg.graph.ogp.text import fold, slugify

__all__ = ["NON_ISO_ALPHA_2", "alpha_2", "country_code", "commitment_code"]


#: Codes OGP uses that ISO 3166-1 does not assign: Kosovo's XKX, with the user-assigned XK in general use.
NON_ISO_ALPHA_2 = {"XKX": "XK"}


def alpha_2(code: str) -> str:
    """ISO 3166-1 alpha-2 for an alpha-3 code; any other code (OGP's locality codes) as given.

    >>> alpha_2("AZE"), alpha_2("XKX"), alpha_2("ARBA")
    ('AZ', 'XK', 'ARBA')
    """
    if code in NON_ISO_ALPHA_2:
        return NON_ISO_ALPHA_2[code]
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return country.alpha_2 if country else code

def country_code(code_cell: str | None, plan_id: str | None, name: str) -> str:
    """The edition's code for an OGP member: ISO alpha-2 for a country, OGP's own code for a locality.

    >>> country_code("ALB", "AP_ALB01", "Albania"), country_code("ARBA", "AP_ARBA02", "Buenos Aires, Argentina")
    ('AL', 'ARBA')
    >>> country_code("", "AP_XKX01", "Kosovo"), country_code(None, None, "Jalisco, Mexico")
    ('XK', 'JALISCO-MEXICO')
    """
    code = (code_cell or "").strip().upper()
    if not code and plan_id:
        m = re.match(r"^AP_([A-Z]{3,6}?)\d+$", plan_id.strip().upper())
        code = m.group(1) if m else ""
    if code:
        return alpha_2(code)
    return slugify(name).upper()


def commitment_code(cell: str) -> tuple[str, str | None]:
    """A commitment's number as the plan prints it, mending the export's floating-point artefacts.

    >>> commitment_code("2.2999999999999998"), commitment_code("4.0999999999999996"), commitment_code("B.1.A")
    (('2.3', "OGP's export gives the number as '2.2999999999999998', a floating-point artefact; read as '2.3'."), ('4.1', "OGP's export gives the number as '4.0999999999999996', a floating-point artefact; read as '4.1'."), ('B.1.A', None))
    """
    text = fold(cell).rstrip(".")
    if re.fullmatch(r"\d+\.\d*(?:9{6,}|0{6,})\d*", text):
        mended = repr(float(text))
        return mended, f"OGP's export gives the number as {text!r}, a floating-point artefact; read as {mended!r}."
    return text, None
