"""Which tables are too wide for the page in columns, and are printed as stacked rows."""

from __future__ import annotations

from booklet.model import Edition, Table

#: The most columns a table is printed with, by paper (more are stacked: one short list a row).
MAX_COLUMNS = {"a5": 5, "half-letter": 5, "a4": 8, "letter": 8}
#: Large print (18 pt) has room for two columns only.
LARGE_PRINT_MAX_COLUMNS = 2


def max_columns(edition: Edition) -> int:
    """How many columns fit across this edition's page."""
    if edition.variant == "large-print":
        return LARGE_PRINT_MAX_COLUMNS
    return MAX_COLUMNS.get(edition.paper, min(MAX_COLUMNS.values()))


def stacked(table: Table, edition: Edition) -> bool:
    """Whether `table` is printed as stacked rows in `edition`."""
    return len(table.header) > max_columns(edition)
