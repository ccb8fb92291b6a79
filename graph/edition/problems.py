"""Collect the data edition's errors, so that one run reports every one of them, not only the first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from napkg.graph.errors import DataError

__all__ = ["Problems", "EditionErrors"]


class EditionErrors(DataError):
    """Several errors of a data edition; ``problems`` holds each (file, entry, message)."""

    def __init__(self, problems: list[DataError]) -> None:
        self.problems = list(problems)
        listed = "\n  ".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} error(s) in the data edition; fix them all, then build again:\n  {listed}")
        self.file = self.problems[0].file if len({p.file for p in self.problems}) == 1 else None


class Problems:
    """The errors found so far; each entry is checked inside :meth:`entry`, which records its error.

    >>> problems = Problems()
    >>> with problems.entry():
    ...     raise DataError("missing required field 'title'", file="plan.yaml", entry="activity 1.1")
    >>> with problems.entry():
    ...     raise DataError("unknown body id 'x'", file="plan.yaml", entry="activity 1.2")
    >>> try:
    ...     problems.raise_if_any()
    ... except EditionErrors as error:
    ...     print(error)
    2 error(s) in the data edition; fix them all, then build again:
      plan.yaml: activity 1.1: missing required field 'title'
      plan.yaml: activity 1.2: unknown body id 'x'
    """

    def __init__(self) -> None:
        self.errors: list[DataError] = []

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, error: DataError) -> None:
        """Record ``error`` (each of an :class:`EditionErrors`'s problems)."""
        self.errors.extend(error.problems if isinstance(error, EditionErrors) else [error])

    @contextmanager
    def entry(self) -> Iterator[None]:
        """Run the block; a DataError it raises is recorded and the run goes on after the block."""
        try:
            yield
        except DataError as error:
            self.add(error)

    def raise_if_any(self) -> None:
        """Raise the one error found as it is, or :class:`EditionErrors` for several."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise EditionErrors(self.errors)
