"""Shared input validation for every public function of ``scaling_lib``.

One place for the rules "a positive finite number", "a probability in (0, 1)",
"an integer in a range" and "a 1-D array of finite numbers". Every check raises
``ValueError`` (or ``TypeError`` for a value of the wrong kind) with a message
that names the argument and the allowed range, so a reader who passes a bad
value learns at once which one and why.
"""
from __future__ import annotations

import math
import numbers
import os
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

__all__ = [
    "check_number",
    "check_positive",
    "check_int",
    "check_probability",
    "check_array",
    "check_seed",
    "check_choice",
    "check_text",
    "check_bool",
    "check_callable",
    "check_frame",
    "check_path",
    "check_dates",
    "check_mapping",
    "read_only_copy",
    "MissingFileError",
]

def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def check_number(
    name: str,
    value: Any,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float inside [low, high] (ends open if asked).

    Raises ``TypeError`` for a non-number (strings, None, bools, arrays) and
    ``ValueError`` for NaN, infinity or a value outside the range.
    """
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    number = float(value)
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    allowed = f"{left}{low:g}, {high:g}{right}"
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number in {allowed}, got {number!r}")
    too_low = number <= low if low_open else number < low
    too_high = number >= high if high_open else number > high
    if too_low or too_high:
        raise ValueError(f"{name} must be in {allowed}, got {number:g}")
    return number


def check_positive(name: str, value: Any, *, high: float = math.inf) -> float:
    """Return ``value`` as a float, requiring 0 < value <= high and finite."""
    return check_number(name, value, low=0.0, high=high, low_open=True)


def check_int(name: str, value: Any, *, low: int = 0, high: int | None = None) -> int:
    """Return ``value`` as an int in [low, high]; floats and bools are refused."""
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    integer = int(value)
    upper = "inf" if high is None else str(high)
    if integer < low or (high is not None and integer > high):
        raise ValueError(f"{name} must be an integer in [{low}, {upper}], got {integer}")
    return integer


def check_probability(name: str, value: Any, *, closed: bool = False) -> float:
    """Return ``value`` as a float in (0, 1), or [0, 1] when ``closed``."""
    return check_number(name, value, low=0.0, high=1.0, low_open=not closed, high_open=not closed)


def check_array(
    name: str,
    values: Any,
    *,
    min_length: int = 1,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
    ndim: int = 1,
) -> np.ndarray:
    """Return ``values`` as a float array with ``ndim`` dimensions, every entry finite and in range.

    Refuses strings, ragged or non-numeric input (``TypeError``), and NaN, infinity,
    too few entries or entries out of range (``ValueError``, naming the first bad index).
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(values).__name__}")
    if isinstance(values, (dict, set, frozenset)):
        raise TypeError(f"{name} must be an array of numbers, got {type(values).__name__}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be an array of numbers, got {type(values).__name__} with an entry that is not a number "
            "(or rows of different lengths)"
        ) from None
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if array.shape[0] < min_length:
        raise ValueError(f"{name} needs at least {min_length} values, got {array.shape[0]}")
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name} must contain only finite numbers; entry {index if ndim > 1 else index[0]} is {array[index]}")
    too_low = array <= low if low_open else array < low
    too_high = array >= high if high_open else array > high
    out = too_low | too_high
    if out.any():
        index = tuple(int(i) for i in np.argwhere(out)[0])
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        raise ValueError(
            f"{name} must lie in {left}{low:g}, {high:g}{right}; "
            f"entry {index if ndim > 1 else index[0]} is {array[index]:g}"
        )
    return array


def check_seed(name: str, value: Any) -> int:
    """Return a seed for ``numpy.random.default_rng``: an integer in [0, 2**32 - 1]."""
    return check_int(name, value, low=0, high=2**32 - 1)


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise ``ValueError`` listing them."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(repr(c) for c in choices)}; got {value!r}")
    return value


def check_text(name: str, value: Any, *, allow_empty: bool = False) -> str:
    """Return ``value`` if it is a string (non-empty unless ``allow_empty``); ``TypeError`` otherwise."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__} {value!r:.60}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` as a bool; only True or False (numpy's too) are accepted."""
    if not _is_bool(value):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r:.60}")
    return bool(value)


def check_callable(name: str, value: Any) -> Callable[..., Any]:
    """Return ``value`` if it can be called (a function); ``TypeError`` otherwise."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {type(value).__name__} {value!r:.60}")
    return value


def check_mapping(name: str, value: Any) -> dict:
    """Return ``value`` if it is a dict (or other mapping); ``TypeError`` otherwise."""
    from collections.abc import Mapping

    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict, got {type(value).__name__} {value!r:.60}")
    return value  # type: ignore[return-value]


def check_frame(name: str, value: Any, columns: Iterable[str] = (), *, min_rows: int = 1) -> pd.DataFrame:
    """Return ``value`` if it is a DataFrame with every one of ``columns`` and at least ``min_rows`` rows.

    ``TypeError`` for anything that is not a DataFrame; ``ValueError`` naming the missing
    columns, or saying the table is empty.
    """
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(value).__name__}")
    missing = [column for column in columns if column not in value.columns]
    if missing:
        raise ValueError(f"{name} is missing columns {sorted(missing)}")
    if len(value) < min_rows:
        raise ValueError(f"{name} needs at least {min_rows} row(s), got {len(value)}")
    return value


class MissingFileError(FileNotFoundError, ValueError):
    """A file or folder argument that does not exist: both ``FileNotFoundError`` and ``ValueError``."""


def check_path(name: str, value: Any, *, must_exist: str | None = None) -> Path:
    """Return ``value`` as a :class:`pathlib.Path`; it must be a non-empty str or path-like.

    ``must_exist="file"`` or ``"dir"`` also requires that it exists as one
    (:class:`MissingFileError`, a ``FileNotFoundError`` and ``ValueError``, otherwise).
    """
    if isinstance(value, bool) or not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or pathlib.Path), got {type(value).__name__} {value!r:.60}")
    path = Path(value)
    if not str(value).strip():
        raise ValueError(f"{name} must be a non-empty path, got {value!r}")
    if must_exist == "file" and not path.is_file():
        raise MissingFileError(f"{name} must be an existing file; not found: {path}")
    if must_exist == "dir" and not path.is_dir():
        raise MissingFileError(f"{name} must be an existing folder; not found: {path}")
    return path


def check_dates(name: str, values: Any, *, min_length: int = 1) -> pd.Series:
    """Return ``values`` as a Series of timestamps (1-D, none missing).

    Accepts anything :func:`pandas.to_datetime` reads element by element: a Series,
    DatetimeIndex, list of strings or datetimes. ``TypeError`` for a scalar, string,
    dict or 2-D array; ``ValueError`` for an unreadable or missing date, naming its entry.
    """
    if isinstance(values, (str, bytes, dict, set, pd.DataFrame)) or values is None or np.ndim(values) != 1:
        raise TypeError(f"{name} must be a 1-D sequence of dates, got {type(values).__name__}")
    if pd.api.types.is_datetime64_any_dtype(getattr(values, "dtype", None)):
        series = pd.Series(values).reset_index(drop=True)
        if len(series) < min_length:
            raise ValueError(f"{name} needs at least {min_length} date(s), got {len(series)}")
        if series.isna().any():
            raise ValueError(f"{name} must not have missing dates; entry {int(np.flatnonzero(series.isna().to_numpy())[0])} is missing")
        return series
    series = pd.Series(list(values), dtype=object)
    if len(series) < min_length:
        raise ValueError(f"{name} needs at least {min_length} date(s), got {len(series)}")
    parsed = []
    for index, item in enumerate(series):
        if _is_bool(item) or isinstance(item, (numbers.Number, list, tuple, dict, np.ndarray)):
            raise TypeError(f"{name} must hold dates, not numbers or containers; entry {index} is {item!r:.40}")
        try:
            parsed.append(pd.Timestamp(item) if item is not None else pd.NaT)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{name} must hold readable dates; entry {index} is {item!r:.40}") from None
    result = pd.Series(pd.to_datetime(pd.Series(parsed, dtype=object)), index=series.index)
    if result.isna().any():
        raise ValueError(f"{name} must not have missing dates; entry {int(np.flatnonzero(result.isna().to_numpy())[0])} is missing")
    return result


def read_only_copy(array: Any) -> np.ndarray:
    """Return a read-only float copy of ``array``: results handed out cannot be changed in place."""
    out = np.array(array, dtype=float, copy=True)
    out.flags.writeable = False
    return out
