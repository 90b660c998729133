"""The book's chart theme: one look for every figure, readable on light and dark pages.

* Colours: the Okabe–Ito palette, chosen to stay distinguishable under the common
  forms of colour blindness; figures also vary shape or dash where colour would
  otherwise carry the meaning alone. Every colour in :data:`PALETTE` has at least
  3:1 contrast (WCAG 1.4.11, graphical objects) against both a white page and the
  dark theme's #121212, so any line, point or bar drawn in it stands out in both
  modes. Okabe–Ito's orange and sky blue are too light for a white page, so the
  palette carries darker versions of them (:data:`AMBER`, :data:`STEEL_BLUE`), placed
  after the four hues that stay apart under colour blindness; the light originals
  (:data:`ORANGE`, :data:`SKY_BLUE`, :data:`YELLOW`) are kept for faint fills only.
  Marks are drawn opaque by default for the same reason: a point at 70% opacity
  loses a third of its contrast.
* Backgrounds are transparent, so a chart sits on the page's own colour. Text, axis
  lines and neutral marks are drawn in :data:`INK`, the CSS ``currentColor``: the
  colour of the text around the chart. It is dark on a light page and light on a
  dark one (the site's dark mode, JupyterLab's dark theme), so chart text keeps the
  page's own contrast in both. Muted lines are the same ink made fainter with an
  opacity, never a fixed grey. Only ink that sits on a coloured mark (a label inside
  a heatmap cell, say) uses a fixed colour, chosen against that mark.
* Text is never smaller than :data:`MIN_FONT_SIZE` (11 px), on a phone too: the theme's sizes are
  12–15 px, charts are fitted to narrow screens by changing their widths, never by scaling the
  drawing down, and the chart runtime raises any smaller size a chart sets to 11 px.
* No single hue has a 4.5:1 contrast against both a white and a near-black page,
  so text is never drawn in a palette colour: labels that name a series are
  :data:`INK` and sit beside the series they name.
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
