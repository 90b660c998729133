"""Presentation: the book's Altair chart builders, theme and offline renderer.

Importing ``scaling_lib.charts`` switches Altair to the book's theme and to the
``diminishing_returns`` renderer (see :mod:`scaling_lib.charts.render`), so a chapter
only needs ``from scaling_lib import charts`` before its first figure. When the book is
built for the site, it also shows every DataFrame a cell returns through the book's table
helper (:func:`scaling_lib.tables.install_dataframe_formatter`).
"""
from __future__ import annotations

import altair as alt

from . import render as _render
from .theme import THEME_NAME, theme_config


def enable() -> None:
    """Register and switch on the book's theme and renderer (safe to call twice)."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(lambda: alt.theme.ThemeConfig(theme_config()))
    alt.theme.enable(THEME_NAME)
    if _render.RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(_render.RENDERER_NAME, _render.render)
    alt.renderers.enable(_render.RENDERER_NAME)
    from .. import tables

    tables.install_dataframe_formatter()


enable()
