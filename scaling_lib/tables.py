"""The book's one table helper: readable, accessible HTML tables that fit a phone and print whole.

:func:`html_table` writes a ``<table class="dr-table">`` with a caption, scoped header cells and
escaped text; human numbers (:func:`format_cell`: ``1.5 × 10¹⁸``, ``$2.1 billion`` in money
columns, ``—`` for missing); an ``x`` column followed by ``x_low``/``x_high`` shown as one
interval cell; extra columns behind "Show all columns"; each cell's exact value in
``data-value`` for sorting and the "Download CSV" button; a search box above ten rows.
``_static/tables.js`` adds the behaviour (search, sort, column toggle, CSV, scroll cue); its
controls are ``hidden`` until it runs, so a notebook shows a plain table.

On the site (``SCALING_LIB_TARGET=site``) every DataFrame a cell displays goes through
:func:`html_table` (:func:`install_dataframe_formatter`), captioned by ``frame.attrs["caption"]``
or from its column names. Presentation only: nothing here computes a number.
"""
from __future__ import annotations

import html
import itertools
import math
import os
import re
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from scaling_lib._checks import check_bool, check_int

__all__ = [
    "TABLE_CLASS", "MAX_ROWS", "SHOWN_COLUMNS", "HtmlTable", "format_cell", "html_table",
    "install_dataframe_formatter",
]

TABLE_CLASS = "dr-table"
"""CSS class of every table this module writes; ``_static/tables.js`` acts only on it."""

MAX_ROWS = 5_000
"""Largest number of rows :func:`html_table` accepts (keeps a page small and the script fast)."""

SHOWN_COLUMNS = 7
"""Columns a DataFrame displayed by a chapter cell shows before its "Show all columns" button."""

_SEARCH_ABOVE_ROWS = 10
_ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_MONEY_NAME = re.compile(r"(usd|dollar|price|cost(?!_?(flop|share|ratio|per_flop))|\$)", re.IGNORECASE)
_MISSING = "—"


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


def _significant(number: float, digits: int) -> str:
    """``number`` (finite, not huge or tiny) with at most ``digits`` significant digits and thousands separators."""
    if number == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(number)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", "−")


def _human_number(number: float, digits: int) -> str:
    if number == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(number)))
    if -3 <= magnitude < 6:
        return _significant(number, digits)
    mantissa = number / 10.0**magnitude
    if round(abs(mantissa), max(0, min(digits, 3) - 1)) >= 10:  # 9.996e5 rounds to 10.0 × 10⁵
        mantissa, magnitude = mantissa / 10, magnitude + 1
    head = _significant(mantissa, min(digits, 3))
    power = f"10{str(magnitude).translate(_SUPERSCRIPT)}"
    return power if head == "1" else ("−" + power if head == "−1" else f"{head} × {power}")


def _money(number: float, digits: int) -> str:
    sign = "−" if number < 0 else ""
    value = abs(number)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{sign}${_significant(value / size, min(digits, 3))} {word}"
    if value >= 100:
        return f"{sign}${value:,.0f}"
    return f"{sign}${value:,.2f}"


def format_cell(value: Any, float_digits: int = 4, money: bool = False) -> tuple[str, str]:
    """Return ``(shown, exact)`` for one cell, both plain (unescaped) strings.

    Missing values (None, NaN, NaT, ``pd.NA``) give ``("—", "")``. Timestamps and dates give
    ``YYYY-MM-DD`` (with the time when it is not midnight). Numbers are shown for a reader:
    at most ``float_digits`` significant digits, thousands separators, a true minus sign, and
    powers of ten written ``1.5 × 10¹⁸`` below 0.001 and from a million up; with ``money``,
    as dollars (``$2.1 billion``, ``$12,300``, ``$4.50``). Whole numbers below ten thousand
    (years) have no separator. Booleans are ``yes``/``no``. The exact value is the number's
    full ``repr`` (the sort key and the CSV value). ``float_digits`` must be an integer in [1, 17].
    """
    digits = check_int("float_digits", float_digits, low=1, high=17)
    check_bool("money", money)
    if value is None or value is pd.NA or value is pd.NaT:
        return _MISSING, ""
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return _MISSING, ""
        text = stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat()
        return text, text
    if hasattr(value, "isoformat") and not isinstance(value, str):  # datetime.date / datetime.datetime
        text = value.isoformat()
        return text, text
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), ("True" if value else "False")
    if isinstance(value, (int, np.integer)):
        number = int(value)
        exact = str(number)
        if money:
            return _money(float(number), digits), exact
        if abs(number) >= 10**15:
            return _human_number(float(number), digits), exact
        return (f"{number:,}" if abs(number) >= 10_000 else str(number)).replace("-", "−"), exact
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            return _MISSING, ""
        if math.isinf(number):
            return ("∞" if number > 0 else "−∞"), ("inf" if number > 0 else "-inf")
        exact = repr(number)
        if money:
            return _money(number, digits), exact
        if number.is_integer() and abs(number) < 10_000:
            return str(int(number)).replace("-", "−"), exact
        return _human_number(number, digits), exact
    text = str(value)
    return text, text


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:40].strip("-")
    return f"dr-table-{slug}" if slug else "dr-table"


def _flat_labels(columns: pd.Index) -> list[str]:
    if isinstance(columns, pd.MultiIndex):
        labels = [" · ".join(str(part) for part in key if str(part) != "") for key in columns]
    else:
        labels = [str(label) for label in columns]
    return labels


def _intervals(labels: list[str]) -> dict[int, tuple[int, int]]:
    """Column positions ``i`` whose value has its bounds in two other columns: ``{i: (low, high)}``."""
    found: dict[int, tuple[int, int]] = {}
    position = {label: i for i, label in enumerate(labels)}
    used: set[int] = set()
    for i, label in enumerate(labels):
        for low, high in ((f"{label}_low", f"{label}_high"), (f"{label} low", f"{label} high")):
            if low in position and high in position:
                found[i] = (position[low], position[high])
                used |= {position[low], position[high]}
                break
        else:
            if i + 2 < len(labels) and labels[i + 1] in ("low", "lower") and labels[i + 2] in ("high", "upper") and i not in used:
                found[i] = (i + 1, i + 2)
                used |= {i + 1, i + 2}
    return found


def html_table(
    frame: pd.DataFrame,
    caption: str,
    table_id: str | None = None,
    search_label: str = "Search the table",
    float_digits: int = 4,
    columns: Sequence[str] | None = None,
    index: bool | None = None,
    intervals: bool = True,
) -> HtmlTable:
    """Render ``frame`` as a readable, accessible, searchable and sortable HTML table.

    ``frame`` is any non-empty DataFrame with unique column labels (MultiIndex columns are
    joined with ``" · "``) and at most :data:`MAX_ROWS` rows. ``caption`` (non-empty text) is
    the table's ``<caption>``, which screen readers announce. ``table_id`` is the HTML id of
    the table (a letter, then letters, digits, ``-`` or ``_``; at most 64 characters); the
    default is made from the caption, so give each table on a page its own caption or id.
    ``search_label`` is the visible label of the search box (shown for more than ten rows).
    Numbers have at most ``float_digits`` significant digits (:func:`format_cell`).

    ``columns`` names the columns shown at first (``None``: all); the others sit behind a
    "Show all columns" button, and are printed and downloaded with the rest. ``index``
    shows the row labels as the first column(s): ``None`` shows them unless they are the
    default 0, 1, 2 …. With ``intervals``, a column with ``_low``/``_high`` partners (or
    followed by ``low`` and ``high``) shows ``value (low–high)``.

    Returns an :class:`HtmlTable` whose ``_repr_html_`` lets a notebook cell show it.
    Raises ``TypeError`` for a wrong type and ``ValueError`` for an empty frame, too many
    rows, duplicate columns, an empty caption or label, an unknown column in ``columns``,
    or a malformed ``table_id``.
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
    if index is not None:
        check_bool("index", index)
    check_bool("intervals", intervals)
    digits = check_int("float_digits", float_digits, low=1, high=17)
    if frame.shape[1] == 0:
        raise ValueError("frame has no columns")
    if frame.shape[0] == 0:
        raise ValueError("frame has no rows")
    if frame.shape[0] > MAX_ROWS:
        raise ValueError(f"frame has {frame.shape[0]} rows; html_table accepts at most {MAX_ROWS}")
    labels = _flat_labels(frame.columns)
    if len(set(labels)) != len(labels):
        duplicates = sorted({label for label in labels if labels.count(label) > 1})
        raise ValueError(f"frame has duplicate column labels: {duplicates}")
    if columns is not None:
        if isinstance(columns, str) or not isinstance(columns, Sequence):
            raise TypeError(f"columns must be a list of column labels, got {type(columns).__name__}")
        wanted = [str(label) for label in columns]
        unknown = [label for label in wanted if label not in labels]
        if unknown or not wanted:
            raise ValueError(f"columns must name columns of the frame (it has {labels[:12]}), got {list(columns)[:12]}")
        shown = set(wanted)
    else:
        shown = set(labels)
    show_index = index if index is not None else not (
        isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1 and frame.index.name is None
    )

    escape = html.escape
    n_rows, n_columns = frame.shape
    merged = _intervals(labels) if intervals else {}
    bounds = {position for pair in merged.values() for position in pair}
    money = [bool(_MONEY_NAME.search(label)) for label in labels]
    # Bounds shown inside their value's cell sit with the extra columns.
    extra = [label not in shown or position in bounds for position, label in enumerate(labels)]
    index_frame = frame.index.to_frame(index=False) if show_index else None
    index_labels = []
    if index_frame is not None:
        index_labels = [str(name) if name is not None else "" for name in index_frame.columns]

    header_cells = [f'<th scope="col" class="dr-row-label">{escape(label)}</th>' for label in index_labels]
    for position, label in enumerate(labels):
        shown_label = label
        if position in merged:
            shown_label = f"{label} (95% interval)" if any(k in label for k in ("gamma", "γ")) else f"{label} (low–high)"
        css = ' class="dr-col-extra"' if extra[position] else ""
        header_cells.append(f'<th scope="col"{css} data-label="{escape(label)}">{escape(shown_label)}</th>')

    values = frame.to_numpy(dtype=object)
    index_values = index_frame.to_numpy(dtype=object) if index_frame is not None else None
    body_rows = []
    for row_number in range(n_rows):
        cells = []
        if index_values is not None:
            for value in index_values[row_number]:
                text, exact = format_cell(value, digits)
                cells.append(f'<th scope="row" class="dr-row-label" data-value="{escape(exact)}">{escape(text)}</th>')
        row = values[row_number]
        for position, value in enumerate(row):
            text, exact = format_cell(value, digits, money[position])
            if position in merged and exact != "":
                low, high = merged[position]
                low_text = format_cell(row[low], digits, money[position])[0]
                high_text = format_cell(row[high], digits, money[position])[0]
                if format_cell(row[low])[1] != "" or format_cell(row[high])[1] != "":
                    text = f"{text} ({low_text}–{high_text})"
            css = ' class="dr-col-extra"' if extra[position] else ""
            cells.append(f'<td{css} data-value="{escape(exact)}">{escape(text)}</td>')
        body_rows.append("<tr>" + "".join(cells) + "</tr>")

    search_id = f"{table_id}-search"
    status_id = f"{table_id}-status"
    hint_id = f"{table_id}-hint"
    n_extra = sum(extra)
    search = ""
    if n_rows > _SEARCH_ABOVE_ROWS:
        search = (
            f'<div class="dr-table-search" hidden>'
            f'<label for="{search_id}">{escape(search_label)}</label> '
            f'<input type="search" id="{search_id}" aria-controls="{table_id}" aria-describedby="{status_id}" autocomplete="off"> '
            f'<span id="{status_id}" class="dr-table-status" role="status" aria-live="polite">'
            f"{n_rows} of {n_rows} rows shown</span></div>\n"
        )
    toggle = (
        f'<button type="button" class="dr-table-columns" aria-controls="{table_id}" aria-expanded="false">'
        f"Show all {len(labels)} columns</button>" if n_extra else ""
    )
    tools = (
        f'<div class="dr-table-tools" hidden>{toggle}'
        f'<button type="button" class="dr-table-csv" aria-controls="{table_id}">Download CSV</button></div>\n'
    )
    attributes = f' data-search="{search_id}" data-status="{status_id}"' if search else ""
    collapsed = ' data-collapsed="yes"' if n_extra else ""
    # Tables of many columns print on landscape pages, in columns of equal width (see _static/site.css).
    css_class = TABLE_CLASS + (" dr-table-wide" if len(labels) + len(index_labels) > 8 else "")
    return HtmlTable(
        html=(
            f'<div class="dr-table-block" data-table="{table_id}">\n'
            f"{search}"
            f'<div class="dr-table-scroll" tabindex="0" role="region" aria-labelledby="{table_id}-caption" aria-describedby="{hint_id}">\n'
            f'<table id="{table_id}" class="{css_class}"{attributes}{collapsed}>\n'
            f'<caption id="{table_id}-caption">{escape(caption)}</caption>\n'
            f"<thead><tr>{''.join(header_cells)}</tr></thead>\n"
            "<tbody>\n" + "\n".join(body_rows) + "\n</tbody>\n</table>\n</div>\n"
            f'<p id="{hint_id}" class="dr-table-hint" hidden>Scroll sideways in the table for more columns.</p>\n'
            f"{tools}"
            "</div>\n"
        ),
        table_id=table_id,
        n_rows=int(n_rows),
        n_columns=int(n_columns),
    )


# --- every DataFrame a chapter displays on the site ----------------------------------------------------

_auto_ids = itertools.count(1)
_AUTO_ROWS = 300


def _auto_caption(frame: pd.DataFrame) -> str:
    labels = _flat_labels(frame.columns)
    if len(labels) > 4:
        named = ", ".join(labels[:4]) + f" and {len(labels) - 4} more"
    else:
        named = ", ".join(labels[:-1]) + (" and " if len(labels) > 1 else "") + labels[-1]
    by = [str(name) for name in frame.index.names if name is not None]
    rows = frame.shape[0]
    return f"Table of {named}" + (f", by {', '.join(by)}" if by else "") + f" ({rows} row{'s' if rows != 1 else ''})."


def _frame_html(frame: pd.DataFrame) -> str | None:
    """The display of one DataFrame a cell returns, through :func:`html_table` (``None``: let pandas show it)."""
    try:
        if frame.shape[0] == 0 or frame.shape[1] == 0:
            return None
        caption = frame.attrs.get("caption") if isinstance(frame.attrs.get("caption"), str) else None
        shown = frame
        note = ""
        if frame.shape[0] > _AUTO_ROWS:
            shown = frame.head(_AUTO_ROWS)
            note = f" The first {_AUTO_ROWS} of {frame.shape[0]} rows."
        if isinstance(shown.columns, pd.MultiIndex) or len(set(_flat_labels(shown.columns))) != shown.shape[1]:
            shown = shown.copy()
            labels = _flat_labels(shown.columns)
            seen: dict[str, int] = {}
            unique = []
            for label in labels:
                seen[label] = seen.get(label, 0) + 1
                unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
            shown.columns = unique
        labels = _flat_labels(shown.columns)
        merged = _intervals(labels)
        bounds = {position for pair in merged.values() for position in pair}
        primary = [label for position, label in enumerate(labels) if position not in bounds]
        columns = primary[:SHOWN_COLUMNS] if len(primary) > SHOWN_COLUMNS else None
        return html_table(
            shown, caption=(caption or _auto_caption(frame)) + note, table_id=f"dr-table-{next(_auto_ids)}", columns=columns
        ).html
    except Exception:  # never let a display hook break a page: fall back to pandas' own HTML
        return None


def install_dataframe_formatter(force: bool = False) -> bool:
    """Show every DataFrame a cell returns through :func:`html_table` (the site's build does this).

    Installs an IPython ``text/html`` formatter for DataFrames in the running kernel when the
    book is built for the site (``SCALING_LIB_TARGET=site``), or always with ``force``. Returns
    whether a formatter is installed (``False`` outside IPython, or in a notebook).
    """
    check_bool("force", force)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with every kernel
        return False
    shell = get_ipython()
    if shell is None:
        return False
    if not force and os.environ.get("SCALING_LIB_TARGET", "").strip() != "site":
        return False
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _frame_html)
    return True


install_dataframe_formatter()
