"""Small building blocks shared by the chapter chart modules."""
from __future__ import annotations

from typing import Sequence

import altair as alt
import numpy as np
import pandas as pd

from .._checks import check_array, check_number, check_text

__all__ = ["slider", "dropdown", "log_axis_note"]


def slider(name: str, values: Sequence[float], value: float, label: str) -> alt.Parameter:
    """A Vega-Lite parameter bound to a range slider that steps through ``values`` exactly.

    ``values`` must be evenly spaced (the grid the computation was run on), so every
    position of the slider matches a precomputed row and a filter ``datum.x == param``
    selects it.
    """
    check_text("name", name)
    check_text("label", label, allow_empty=True)
    check_number("value", value)
    ordered = sorted(float(v) for v in check_array("values", values, min_length=1))
    if len(ordered) < 2:
        raise ValueError(f"slider {name!r} needs at least two values")
    step = ordered[1] - ordered[0]
    return alt.param(
        name=name,
        value=value,
        bind=alt.binding_range(min=ordered[0], max=ordered[-1], step=step, name=label),
    )


def dropdown(name: str, options: Sequence[str], value: str, label: str) -> alt.Parameter:
    """A Vega-Lite parameter bound to a drop-down menu of ``options``."""
    check_text("name", name)
    check_text("label", label, allow_empty=True)
    if isinstance(options, (str, bytes, dict, set)) or not isinstance(options, (list, tuple, pd.Series, pd.Index, np.ndarray, range)):
        raise TypeError(f"options must be a list of strings, got {type(options).__name__}")
    if len(options) == 0:
        raise ValueError("options must not be empty")
    for index, option in enumerate(options):
        check_text(f"options[{index}]", option, allow_empty=True)
    check_text("value", value, allow_empty=True)
    return alt.param(name=name, value=value, bind=alt.binding_select(options=list(options), name=label))


def log_axis_note(unit: str) -> str:
    """Axis title suffix saying the axis is logarithmic."""
    return f"{check_text('unit', unit)}, log scale"
