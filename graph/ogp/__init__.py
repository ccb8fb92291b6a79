"""Import OGP's commitment data export (one CSV row a commitment) into the data edition.

The Open Government Partnership publishes its commitment database as a spreadsheet: the
country or locality, the action plan, the commitment's title and full text, its lead and
supporting institutions (free text) and the Independent Reporting Mechanism's assessments.
:func:`convert` reads such a file into edition records without writing anything;
:func:`write_edition` writes them as a data folder (``plans/<plan>/plan.yaml`` and
``bodies.yaml``, the CSV copied under ``sources/``), atomically; :func:`import_ogp` does both.

Rows are counted as RFC 7111 counts them: the header is row 1, the first commitment row 2,
whatever line breaks the cells hold. Every record cites its row (``rows: [N, N]``); a body
also cites the column that named it first.

The modules, in the order data flows through them:

- ``columns``: the export's columns; ``vocabulary``: the edition's terms its values map onto;
- ``read``: CSV rows and their RFC 7111 numbers, and the errors of a file that cannot be read;
- ``text``, ``keywords``: shared text helpers and the keyword tables;
- ``institutions``: splitting institution cells (:func:`split_institutions`);
- ``classify``: kinds and sectors of bodies (:func:`classify_body`);
- ``codes``, ``dates``: country codes, commitment numbers, dates and years;
- ``merge``: a country's names into bodies; ``convert``: rows into records;
- ``write``: the data folder; ``importer``: :func:`import_ogp`.

``docs/ogp-import.md`` states the rules in prose.
"""

from __future__ import annotations

from napkg.graph.ogp.classify import classify_body
from napkg.graph.ogp.codes import commitment_code, country_code
from napkg.graph.ogp.columns import BAD_ROW_POLICIES, COLUMNS, FIELD_COLUMNS, NULL_CELLS
from napkg.graph.ogp.convert import BadRow, Conversion, convert
from napkg.graph.ogp.dates import ParsedDate, parse_date
from napkg.graph.ogp.importer import ImportResult, import_ogp
from napkg.graph.ogp.institutions import Mention, split_institutions
from napkg.graph.ogp.text import is_null, name_key, slugify
from napkg.graph.ogp.vocabulary import COMPLETION_VALUES, IMPACT_VALUES, OPEN_GOV_VALUES
from napkg.graph.ogp.write import write_edition

__all__ = [
    "Mention", "BadRow", "Conversion", "ImportResult", "ParsedDate", "BAD_ROW_POLICIES", "COLUMNS",
    "FIELD_COLUMNS", "NULL_CELLS", "COMPLETION_VALUES", "IMPACT_VALUES", "OPEN_GOV_VALUES", "split_institutions",
    "classify_body", "name_key", "slugify", "is_null", "country_code", "commitment_code", "parse_date", "convert",
    "write_edition", "import_ogp"
]


