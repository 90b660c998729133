"""The book's chart theme: one look for every figure, readable on light and dark pages.

* Colours: the Okabe–Ito palette, chosen to stay distinguishable under the common
  forms of colour blindness; figures also vary shape or dash where colour would
  otherwise carry the meaning alone.
* Backgrounds are transparent, so a chart sits on the page's own colour. Text, axis
  lines and neutral marks are drawn in :data:`INK`, the CSS ``currentColor``: the
  colour of the text around the chart. It is dark on a light page and light on a
  dark one (the site's dark mode, JupyterLab's dark theme), so chart text keeps the
  page's own contrast in both. Muted lines are the same ink made fainter with an
  opacity, never a fixed grey. Only ink that sits on a coloured mark (a label inside
  a heatmap cell, say) uses a fixed colour, chosen against that mark.
* No single hue has a 4.5:1 contrast against both a white and a near-black page,
  so text is never drawn in a palette colour: labels that name a series are
  :data:`INK` and sit beside the series they name.
"""
from __future__ import annotations

from typing import Any

__all__ = ["THEME_NAME", "PALETTE", "INK", "NEUTRAL", "theme_config"]

THEME_NAME = "diminishing_returns"

#: Okabe & Ito's colour-blind-safe palette (black omitted; yellow last, as it is faint on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]

#: The colour of the surrounding text (CSS ``currentColor``): chart text and neutral marks follow the page.
INK = "currentColor"
#: A mid grey for a neutral data category (a "no change" class, say): at least 3:1 against both
#: a white page (3.9:1) and the dark theme's #121212 page (4.7:1).
NEUTRAL = "#808080"
_MUTED_OPACITY = 0.75  # axis lines: INK at 75 % stays above 3:1 on light and dark pages
_GRID_OPACITY = 0.15


def theme_config() -> dict[str, Any]:
    """The Vega-Lite ``config`` block every chart in the book uses."""
    return {
        "config": {
            "background": None,
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "view": {"stroke": None, "continuousWidth": 420, "continuousHeight": 280},
            "title": {"fontSize": 15, "fontWeight": 600, "anchor": "start", "color": INK, "subtitleColor": INK},
            "axis": {
                "labelColor": INK,
                "titleColor": INK,
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": 500,
                "domainColor": INK,
                "domainOpacity": _MUTED_OPACITY,
                "tickColor": INK,
                "tickOpacity": _MUTED_OPACITY,
                "gridColor": INK,
                "gridOpacity": _GRID_OPACITY,
            },
            "legend": {"labelColor": INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "header": {"labelColor": INK, "titleColor": INK},
            "text": {"color": INK},
            "rule": {"color": INK},
            "range": {"category": PALETTE},
            "point": {"size": 60, "filled": True},
            "line": {"strokeWidth": 2.5},
        }
    }
