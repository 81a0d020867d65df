"""Problems found while reading a data file, reported all at once.

Imports are all-or-nothing: a file with one bad row is rejected whole, so the register never
holds half a file. To make that bearable, parsers collect *every* problem (row, column, what is
wrong) before raising, and the message names the row as a spreadsheet would show it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an input file.

    ``row`` is the line number a spreadsheet would show (the header is row 1, the first data
    row is row 2; for JSON files it is the 1-based position in the list). ``row`` and
    ``column`` are None when the problem concerns the whole file.
    """

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFileError(Exception):
    """A file was rejected; ``problems`` lists everything wrong with it, in file order."""

    def __init__(self, problems: list[ImportProblem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"{head}{len(self.problems)} problem(s): {shown}{more}")


class ProblemList:
    """Collects problems while a parser walks a file, then raises them together."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(ImportProblem(row, column, message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, source: str | None = None) -> None:
        """Raise ImportFileError if anything was collected (so callers get all or nothing)."""
        if self.problems:
            ordered = sorted(self.problems, key=lambda p: (p.row is not None, p.row or 0))
            raise ImportFileError(ordered, source)
