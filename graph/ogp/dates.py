"""Reading the export's date and year cells: ``M/D/YYYY`` or ``D/M/YYYY`` decided per plan, months,
quarters and bare years, never a guess between day and month.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from napkg.graph.ogp.text import fold, is_null

__all__ = ["ParsedDate", "parse_date", "date_order", "plan_year"]


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS.update({"sept": 9, "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
                "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12})


@dataclass(frozen=True)
class ParsedDate:
    """What a date cell says: an exact day, or only a year, or nothing usable (and why)."""

    day: date | None
    year: int | None
    problem: str | None = None


def _year(text: str) -> int | None:
    value = int(text)
    if len(text) == 2:
        value += 2000
    return value if 1900 <= value <= 2100 else None


def parse_date(cell: str, *, order: str | None = None) -> ParsedDate:
    """Read a Start/End Date cell: ``M/D/YYYY`` (OGP's usual form) where the second number is over
    12 or ``order="mdy"``, ``D/M/YYYY`` where the first is or ``order="dmy"``, ``Month YYYY``,
    ``Quarter N YYYY``, ``YYYY``; two-digit years are 20YY. A day whose month and day could be
    either way (and no ``order`` from the plan's other dates) is not guessed: only its year is kept.

    >>> parse_date("12/31/2022")
    ParsedDate(day=datetime.date(2022, 12, 31), year=2022, problem=None)
    >>> parse_date("31/12/2014").day, parse_date("July 2014"), parse_date("6/30/20").day
    (datetime.date(2014, 12, 31), ParsedDate(day=None, year=2014, problem=None), datetime.date(2020, 6, 30))
    >>> parse_date("1/7/2014").problem
    "'1/7/2014' could be day/month or month/day"
    >>> parse_date("1/7/2014", order="dmy").day
    datetime.date(2014, 7, 1)
    """
    text = fold(cell)
    if is_null(text):
        return ParsedDate(None, None)
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        if y is None:
            return ParsedDate(None, None, f"{text!r} has no year nap-kg can read")
        if a > 12 or (order == "dmy" and b <= 12):
            month, day = b, a
        elif b > 12 or order == "mdy" or a == b:
            month, day = a, b
        elif order is None:
            return ParsedDate(None, y, f"{text!r} could be day/month or month/day")
        else:
            month, day = a, b
        try:
            return ParsedDate(date(y, month, day), y)
        except ValueError:
            return ParsedDate(None, y, f"{text!r} is not a date of the calendar")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return ParsedDate(date.fromisoformat(text), int(m.group(1)))
        except ValueError:
            return ParsedDate(None, None, f"{text!r} is not a date of the calendar")
    m = re.fullmatch(r"(?:([A-Za-zé]+)\.?,?|(?:quarter|q)\s*([1-4])|(?:spring|summer|autumn|fall|winter)|"
                     r"(?:first|second|1st|2nd) (?:half|semester)(?: of)?|(?:h|s)[12])\s+(\d{4})", text, re.I)
    if m:
        word = (m.group(1) or "").casefold()
        if m.group(1) and word not in _MONTHS:
            return ParsedDate(None, None, f"{text!r} is not a date nap-kg can read")
        year = _year(m.group(3))
        return ParsedDate(None, year, None if year else f"{text!r} has no year nap-kg can read")
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        year = _year(text)
        return ParsedDate(None, year, None if year else f"{text!r} is not a year")
    return ParsedDate(None, None, f"{text!r} is not a date nap-kg can read")


def date_order(cells: Iterable[str]) -> str | None:
    """``dmy`` or ``mdy`` when the unambiguous numeric dates among ``cells`` all agree."""
    orders = set()
    for cell in cells:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})", fold(cell))
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                orders.add("dmy")
            elif b > 12 >= a:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


def plan_year(cell: str) -> int | None:
    text = fold(cell)
    m = re.fullmatch(r"(\d{4})(?:\.0+)?", text)
    if not m:
        return None
    value = int(m.group(1))
    return value if 1900 <= value <= 2100 else None
