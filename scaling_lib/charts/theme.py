"""The book's chart theme: one look for every figure, readable on light and dark pages.

* Colours: the Okabe–Ito palette, chosen to stay distinguishable under the common
  forms of colour blindness; figures also vary shape or dash where colour would
  otherwise carry the meaning alone.
* Backgrounds are transparent, so a chart sits on the page's own colour. Text and
  axis lines are drawn in dark grey; the stylesheet ``_static/charts.css``
  recolours them for the site's dark mode through Vega's role classes.
"""
from __future__ import annotations

from typing import Any

__all__ = ["THEME_NAME", "PALETTE", "theme_config"]

THEME_NAME = "diminishing_returns"

#: Okabe & Ito's colour-blind-safe palette (black omitted; yellow last, as it is faint on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]

_TEXT = "#222222"
_MUTED = "#555555"
_GRID = "#d9d9d9"


def theme_config() -> dict[str, Any]:
    """The Vega-Lite ``config`` block every chart in the book uses."""
    return {
        "config": {
            "background": None,
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "view": {"stroke": None, "continuousWidth": 420, "continuousHeight": 280},
            "title": {"fontSize": 15, "fontWeight": 600, "anchor": "start", "color": _TEXT, "subtitleColor": _MUTED},
            "axis": {
                "labelColor": _TEXT,
                "titleColor": _TEXT,
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": 500,
                "domainColor": _MUTED,
                "tickColor": _MUTED,
                "gridColor": _GRID,
            },
            "legend": {"labelColor": _TEXT, "titleColor": _TEXT, "labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "header": {"labelColor": _TEXT, "titleColor": _TEXT},
            "text": {"color": _TEXT},
            "range": {"category": PALETTE},
            "point": {"size": 60, "filled": True},
            "line": {"strokeWidth": 2.5},
        }
    }
