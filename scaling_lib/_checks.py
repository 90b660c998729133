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
from typing import Any

import numpy as np

__all__ = [
    "check_number",
    "check_positive",
    "check_int",
    "check_probability",
    "check_array",
    "check_seed",
    "check_choice",
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
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers: {error}") from None
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
