"""The book's chart theme: one look for every figure, readable on light and dark pages.

* Colours: the Okabe–Ito palette (distinguishable under common colour blindness; shape or dash
  doubles colour where it carries meaning). Every :data:`PALETTE` colour reaches 3:1 (WCAG 1.4.11)
  on white and on the dark theme's #121212, so orange and sky blue appear darkened
  (:data:`AMBER`, :data:`STEEL_BLUE`); the light originals are for faint fills only. Marks are
  opaque: a point at 70 % opacity loses a third of its contrast.
* Backgrounds are transparent; text, axes and neutral marks use :data:`INK` (CSS ``currentColor``),
  so they follow the page in light and dark mode. Muted lines are INK with an opacity.
* Text is never under :data:`MIN_FONT_SIZE` (11 px), on a phone too, and never in a palette colour
  (no hue reaches 4.5:1 on both a white and a near-black page).
"""
from __future__ import annotations

from typing import Any

__all__ = [
    "THEME_NAME", "PALETTE", "BLUE", "VERMILION", "GREEN", "PURPLE", "AMBER", "STEEL_BLUE",
    "ORANGE", "SKY_BLUE", "YELLOW",
    "INK", "NEUTRAL", "MIN_FONT_SIZE", "theme_config",
]

THEME_NAME = "diminishing_returns"

# Okabe & Ito's colour-blind-safe hues (black omitted: see INK). Contrast on white, then on #121212.
BLUE = "#0072B2"  # 5.2:1, 3.6:1
VERMILION = "#D55E00"  # 3.9:1, 4.8:1
GREEN = "#009E73"  # bluish green: 3.4:1, 5.5:1
PURPLE = "#CC79A7"  # reddish purple: 3.1:1, 6.1:1
AMBER = "#B07800"  # Okabe-Ito orange darkened to 3.8:1, 4.9:1
STEEL_BLUE = "#3C8BBE"  # Okabe-Ito sky blue darkened to 3.7:1, 5.0:1
ORANGE = "#E69F00"  # 2.2:1 on white: faint fills only
SKY_BLUE = "#56B4E9"  # 2.3:1 on white: faint fills only
YELLOW = "#F0E442"  # 1.3:1 on white: faint fills only
#: The category colours in order of use; every one reaches 3:1 on white and on #121212.
PALETTE = [BLUE, VERMILION, GREEN, PURPLE, AMBER, STEEL_BLUE]

#: The colour of the surrounding text (CSS ``currentColor``): chart text and neutral marks follow the page.
INK = "currentColor"
#: A mid grey for a neutral data category (a "no change" class, say): at least 3:1 against both
#: a white page (3.9:1) and the dark theme's #121212 page (4.7:1).
NEUTRAL = "#808080"
#: The smallest text a chart shows, in CSS pixels (the runtime in ``runtime.js`` enforces it too).
MIN_FONT_SIZE = 11
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
            "legend": {
                "labelColor": INK,
                "titleColor": INK,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "symbolFillColor": INK,  # shape-only legends: Vega's default black vanishes on a dark page
                "symbolOpacity": 1,
            },
            "header": {"labelColor": INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 13},
            "text": {"color": INK, "fontSize": 12},
            "rule": {"color": INK},
            "range": {"category": PALETTE},
            "point": {"size": 60, "filled": True, "opacity": 1},
            "circle": {"opacity": 1},
            "square": {"opacity": 1},
            "line": {"strokeWidth": 2.5},
        }
    }
