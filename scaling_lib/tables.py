"""Accessible HTML tables that readers can search and sort on the static site.

:func:`html_table` turns a DataFrame into one self-contained block of HTML:

* a ``<table class="dr-table">`` with a ``<caption>``, one ``<th scope="col">``
  per column and one ``<td>`` per cell; every text is HTML-escaped;
* each cell carries its exact value in ``data-value`` (numbers in full
  precision, dates as ``YYYY-MM-DD``) so sorting does not depend on how the
  number is displayed;
* above the table, a search box (``<input type="search">``) with its
  ``<label>``, and a status line that says how many rows are shown.

The behaviour lives in ``_static/tables.js``, which Jupyter Book adds to every
page: typing in the search box hides the rows that do not contain every typed
word, and a button in each column header sorts the rows (numerically where the
column holds numbers) and sets ``aria-sort``. The search box and status line are
marked ``hidden`` and the script reveals them, so where the script is absent (a
notebook in JupyterLab) the reader sees a plain table and no control that does
nothing.

Presentation only: nothing here computes a number. Used by the appendix
"Appendix: the data" (``book/data.md``), and by any chapter that shows a table.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scaling_lib._checks import check_int

__all__ = ["TABLE_CLASS", "MAX_ROWS", "HtmlTable", "format_cell", "html_table"]

TABLE_CLASS = "dr-table"
"""CSS class of every table this module writes; ``_static/tables.js`` acts only on it."""

MAX_ROWS = 5_000
"""Largest number of rows :func:`html_table` accepts (keeps a page small and the script fast)."""

_ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True)
class HtmlTable:
    """A rendered table: ``html`` holds the markup; a notebook cell shows it as HTML."""

    html: str
    table_id: str
    n_rows: int
    n_columns: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"HtmlTable(table_id={self.table_id!r}, rows={self.n_rows}, columns={self.n_columns})"


def format_cell(value: Any, float_digits: int = 6) -> tuple[str, str]:
    """Return ``(shown, sort_value)`` for one cell, both plain (unescaped) strings.

    Missing values (None, NaN, NaT, ``pd.NA``) give ``("", "")``. Timestamps and
    dates give ``YYYY-MM-DD`` (with the time when it is not midnight). Finite
    floats are shown with ``float_digits`` significant digits (``4.7e+17``,
    ``0.367``, ``132``) and sorted by their full ``repr``; integers and booleans
    are shown as they are. Anything else is shown with ``str``. ``float_digits``
    must be an integer in [1, 17].
    """
    digits = check_int("float_digits", float_digits, low=1, high=17)
    if value is None or value is pd.NA or value is pd.NaT:
        return "", ""
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return "", ""
        text = stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat()
        return text, text
    if hasattr(value, "isoformat") and not isinstance(value, str):  # datetime.date / datetime.datetime
        text = value.isoformat()
        return text, text
    if isinstance(value, (bool, np.bool_)):
        text = "True" if value else "False"
        return text, text
    if isinstance(value, (int, np.integer)):
        text = str(int(value))
        return text, text
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            return "", ""
        if math.isinf(number):
            text = "inf" if number > 0 else "-inf"
            return text, text
        return f"{number:.{digits}g}", repr(number)
    text = str(value)
    return text, text


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:40].strip("-")
    return f"dr-table-{slug}" if slug else "dr-table"


def html_table(
    frame: pd.DataFrame,
    caption: str,
    table_id: str | None = None,
    search_label: str = "Search the table",
    float_digits: int = 6,
) -> HtmlTable:
    """Render ``frame`` as an accessible, searchable and sortable HTML table.

    ``frame`` is any non-empty DataFrame with unique column labels (shown as
    the column headers, in order) and at most :data:`MAX_ROWS` rows; its index
    is not shown (reset it first to show it). ``caption`` (non-empty text) is the
    table's ``<caption>``, which screen readers announce. ``table_id`` is the
    HTML id of the table (a letter, then letters, digits, ``-`` or ``_``; at most
    64 characters); the default is made from the caption, so give each table on
    a page its own caption or id. ``search_label`` is the visible label of the
    search box. Cells are formatted by :func:`format_cell` with
    ``float_digits`` significant digits.

    Returns an :class:`HtmlTable` whose ``_repr_html_`` lets a notebook cell
    show it. Raises ``TypeError`` for a non-DataFrame or non-text caption and
    ``ValueError`` for an empty frame, too many rows, duplicate columns, an
    empty caption or label, or a malformed ``table_id``. Used by the appendix
    on the data.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if not isinstance(caption, str):
        raise TypeError(f"caption must be text, got {type(caption).__name__}")
    if not caption.strip():
        raise ValueError("caption must be non-empty text: screen readers announce it")
    if not isinstance(search_label, str):
        raise TypeError(f"search_label must be text, got {type(search_label).__name__}")
    if not search_label.strip():
        raise ValueError("search_label must be non-empty text")
    if table_id is None:
        table_id = _slug(caption)
    if not isinstance(table_id, str) or not _ID_PATTERN.fullmatch(table_id):
        raise ValueError(
            f"table_id must start with a letter and hold only letters, digits, '-' or '_' (at most 64), got {table_id!r}"
        )
    if frame.shape[1] == 0:
        raise ValueError("frame has no columns")
    if frame.shape[0] == 0:
        raise ValueError("frame has no rows")
    if frame.shape[0] > MAX_ROWS:
        raise ValueError(f"frame has {frame.shape[0]} rows; html_table accepts at most {MAX_ROWS}")
    if isinstance(frame.columns, pd.MultiIndex):
        raise ValueError("frame has MultiIndex columns; flatten them to one header row first")
    labels = [str(label) for label in frame.columns]
    if len(set(labels)) != len(labels):
        duplicates = sorted({label for label in labels if labels.count(label) > 1})
        raise ValueError(f"frame has duplicate column labels: {duplicates}")
    format_cell(0.0, float_digits)  # validates float_digits once, before the loop

    escape = html.escape
    n_rows, n_columns = frame.shape
    search_id = f"{table_id}-search"
    status_id = f"{table_id}-status"
    header = "".join(f'<th scope="col">{escape(label)}</th>' for label in labels)
    body_rows = []
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value in row:
            shown, sort_value = format_cell(value, float_digits)
            cells.append(f'<td data-value="{escape(sort_value)}">{escape(shown)}</td>')
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    return HtmlTable(
        html=(
            f'<div class="dr-table-block" data-table="{table_id}">\n'
            f'<div class="dr-table-search" hidden>'
            f'<label for="{search_id}">{escape(search_label)}</label> '
            f'<input type="search" id="{search_id}" aria-controls="{table_id}" aria-describedby="{status_id}" autocomplete="off"> '
            f'<span id="{status_id}" class="dr-table-status" role="status" aria-live="polite">'
            f"{n_rows} of {n_rows} rows shown</span></div>\n"
            f'<div class="dr-table-scroll" tabindex="0" role="region" aria-labelledby="{table_id}-caption">\n'
            f'<table id="{table_id}" class="{TABLE_CLASS}" data-search="{search_id}" data-status="{status_id}">\n'
            f'<caption id="{table_id}-caption">{escape(caption)}</caption>\n'
            f"<thead><tr>{header}</tr></thead>\n"
            "<tbody>\n" + "\n".join(body_rows) + "\n</tbody>\n</table>\n</div>\n</div>\n"
        ),
        table_id=table_id,
        n_rows=int(n_rows),
        n_columns=int(n_columns),
    )
