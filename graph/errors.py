"""One exception hierarchy for nap-kg; every message names the file, entry or parameter at fault."""

from __future__ import annotations

__all__ = [
    "NapKgError", "DataError", "ShapeError", "QueryError", "QuerySyntaxError",
    "QueryRefused", "QueryTimeout", "QueryTooLarge", "NotFound", "StoreError", "Ambiguous",
    "InvalidParameter",
    "OutputError", "TooManyQueries",
]


class NapKgError(Exception):
    """Base class of every error nap-kg raises on purpose."""


class DataError(NapKgError):
    """The data edition is malformed: names the file and the entry."""

    def __init__(self, message: str, *, file: str | None = None, entry: str | None = None) -> None:
        self.file, self.entry = file, entry
        where = ": ".join(part for part in (file, entry) if part)
        super().__init__(f"{where}: {message}" if where else message)


class ShapeError(NapKgError):
    """The built graph does not conform to the SHACL shapes."""

    def __init__(self, message: str, *, report_text: str = "") -> None:
        self.report_text = report_text
        super().__init__(message)


class QueryError(NapKgError):
    """A SPARQL query could not be answered."""


class QuerySyntaxError(QueryError):
    """The query does not parse; the message gives the parser's words and position."""


class QueryRefused(QueryError):
    """The query asks for something the read-only endpoint never does (update, SERVICE, fetching)."""


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


class QueryTooLarge(QueryError):
    """The query's result is larger than the result-size limit."""


class NotFound(NapKgError):
    """A requested body, activity or resource does not exist; ``suggestions`` holds close matches."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        super().__init__(message)


class StoreError(NapKgError):
    """The triple store cannot be opened, loaded or reached."""


class Ambiguous(NapKgError):
    """A name or code that fits several things; ``candidates`` lists them and ``parameter`` names
    the request parameter that picks one (``plan`` for an activity code, ``country`` for a body)."""

    def __init__(self, message: str, *, parameter: str, candidates: list[str], hint: str) -> None:
        self.parameter, self.candidates, self.hint = parameter, candidates, hint
        super().__init__(message)


class InvalidParameter(NapKgError):
    """A request value the catalogue cannot use (a search without words, too many words, …)."""

    def __init__(self, message: str, *, parameter: str, hint: str) -> None:
        self.parameter, self.hint = parameter, hint
        super().__init__(message)


class OutputError(NapKgError):
    """An output path nap-kg will not write: a file, the data itself, or a folder it did not make."""


class TooManyQueries(NapKgError):
    """A client past its fair share of the query workers (concurrency or query time); retry after ``retry_after_s``."""

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message)
