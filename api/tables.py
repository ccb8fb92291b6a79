"""The JSON API's lists as CSV tables: one row an item, nested values flattened to text.

:func:`flatten` turns one list item into a flat row: a nested object becomes columns named
``field.key`` (``plan.id``, ``statuses.complete``), a list of linked things (bodies, plans,
activities) the names of those things joined with ``"; "``, a list of plain values those values
joined alike. :func:`csv_table` writes the rows with a header of every column in the order the
items first give it, so pandas, R or a spreadsheet read a page as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["JOINER", "NAME_KEYS", "flatten", "csv_table"]

JOINER = "; "
"""What separates the values of a list in one cell."""

NAME_KEYS = ("name", "title", "code", "id", "iri")
"""What names a linked thing in a cell, first found first."""


def _cell(value: Any) -> Any:
    if isinstance(value, Mapping):
        return next((value[k] for k in NAME_KEYS if value.get(k) not in (None, "")), "")
    if isinstance(value, list | tuple):
        return JOINER.join(str(_cell(v)) for v in value if v is not None)
    return "" if value is None else value


def flatten(item: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One list item as a flat row.

    >>> flatten({"code": "1.7", "plan": {"id": "az", "title": "AZ plan"}, "implementers": [
    ...     {"name": "Ministry of Justice"}, {"name": "Prosecutor's Office"}], "tags": ["a", "b"], "note": None})
    {'code': '1.7', 'plan.id': 'az', 'plan.title': 'AZ plan', 'implementers': "Ministry of Justice; Prosecutor's Office", 'tags': 'a; b', 'note': ''}
    """
    row: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            row.update(flatten(value, f"{name}."))
        else:
            row[name] = _cell(value)
    return row


def csv_table(items: Iterable[Mapping[str, Any]]) -> str:
    """The items as CSV (RFC 4180, CRLF line ends), a header row first.

    >>> csv_table([{"id": "a", "n": 1}, {"id": "b", "x": True}]).splitlines()
    ['id,n,x', 'a,1,', 'b,,True']
    """
    rows = [flatten(item) for item in items]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
