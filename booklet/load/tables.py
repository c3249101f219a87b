"""Load data tables (CSV files beside the sections) into Tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.fields import raise_if_problems, read_fields
from booklet.load.files import read_text
from booklet.model import Table

#: The optional key column: identifies rows across translations, never printed (without it,
#: rows pair by position).
ID_COLUMN = "id"
#: The keys of NAME.yml beside NAME.csv.
CAPTION_KEYS = ("caption", "credit")


def load_table(path: Path) -> Table:
    """Read a CSV table: the first row is the header, every row has as many cells.

    Raises:
        ContentError: an empty file, an empty header cell, a ragged row or a duplicate id.
    """
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ContentError(SourceLocation(path, reader.line_num), f"malformed CSV: {exc}",
                           "check the quotes on this line") from None
    if not records:
        raise ContentError(SourceLocation(path, 1), "table file is empty",
                           "the first line names the columns; one line per row follows")
    (_, header), *rows = records
    header = [cell.strip() for cell in header]
    problems: list[Problem] = []
    if any(not cell for cell in header):
        problems.append(Problem(SourceLocation(path, 1), "a header cell is empty",
                                "name every column in the first line"))
    if not rows:
        problems.append(Problem(SourceLocation(path, 1), "table has a header but no rows",
                                "add one line per row"))
    for line, row in rows:
        if len(row) != len(header):
            problems.append(Problem(
                SourceLocation(path, line),
                f"row has {len(row)} cells but the header has {len(header)}",
                "give every row one cell per column (quote cells that contain commas)"))
    key = header.index(ID_COLUMN) if ID_COLUMN in header else None
    if key is not None:
        seen: dict[str, int] = {}
        for line, row in rows:
            if key < len(row):
                row_id = row[key].strip()
                if row_id in seen:
                    problems.append(Problem(SourceLocation(path, line),
                                            f"row id {row_id!r} repeats line {seen[row_id]}",
                                            "give every row its own id"))
                seen[row_id] = line
    raise_if_problems(problems)
    cells = [[cell.strip() for cell in row] for _, row in rows]
    ids = [row.pop(key) if key is not None else str(n) for n, row in enumerate(cells, 1)]
    if key is not None:
        header.pop(key)
    caption, credit = load_caption(path)
    return Table(name=path.stem, header=tuple(header), rows=tuple(tuple(r) for r in cells),
                 ids=tuple(ids), location=SourceLocation(path, 1),
                 row_locations=tuple(SourceLocation(path, line) for line, _ in rows),
                 caption=caption, credit=credit)


def load_caption(path: Path) -> tuple[str, str]:
    """The `caption` and `credit` (source and licence) of a table, from NAME.yml beside
    NAME.csv ('' for each when there is no such file).

    Raises:
        ContentError: the file is not a mapping of these two texts (at the value's line).
    """
    meta = path.with_suffix(".yml")
    if not meta.is_file():
        return "", ""
    problems: list[Problem] = []
    fields = read_fields(meta, f"table caption file {meta.name}", problems)
    fields.reject_unknown(CAPTION_KEYS)
    caption, credit = (fields.get(key, str, "") for key in CAPTION_KEYS)
    raise_if_problems(problems)
    return caption.strip(), credit.strip()
