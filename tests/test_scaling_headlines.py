"""The ninth-power chapter's headline numbers are computed from data/, not typed in.

Two kinds of evidence: (1) the chapter's glue calls take their values from
library results (``forecast.headline_numbers`` and friends), and the prose shows
the glued names, not the numbers; (2) changing the data (a modified copy of the
model table passed to the library) changes the headline numbers.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from scaling_lib import data, fits, forecast
from tests.conftest import ROOT

CHAPTER = ROOT / "book" / "scaling.md"


@pytest.fixture(scope="module")
def text() -> str:
    return CHAPTER.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.model_compute_table()


def glue_calls(text: str) -> dict[str, str]:
    """Map each glued name to the expression glued under it."""
    return dict(re.findall(r'glue\("([^"]+)",\s*(.+?),\s*display=False\)', text))


def test_headline_glues_come_from_the_library(text):
    calls = glue_calls(text)
    assert "h = forecast.headline_numbers(models)" in text
    for name, key in {"gamma": "gamma", "gamma_low": "gamma_low", "gamma_high": "gamma_high", "halving": "halving_factor",
                      "c5": "compute_flop_5", "d5": "dollars_5", "nyc5": "nyc_months_5", "c1": "compute_flop_1"}.items():
        assert name in calls, f"{name} is glued"
        assert f"h['{key}']" in calls[name] or f'h["{key}"]' in calls[name], f"{name} is glued from headline_numbers()[{key!r}]"
    for name in ("fs_reached", "fs_c5", "fs_best_error"):
        assert "fs[" in calls[name]
    assert "fs = forecast.forecast_summary(models)" in text
    assert "trend = forecast.record_trend(models)" in text


def test_every_glue_is_shown_and_every_shown_name_is_glued(text):
    calls = glue_calls(text)
    shown = set(re.findall(r"\{glue:text\}`([^`]+)`", text))
    assert shown <= set(calls), f"shown but never glued: {sorted(shown - set(calls))}"
    assert {"gamma", "halving", "c5", "d5", "nyc5", "fs_reached"} <= shown


def test_prose_does_not_type_the_computed_headlines(text, models):
    h = forecast.headline_numbers(models)
    prose = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.DOTALL)
    for value in (forecast.format_sci(h["halving_factor"], 3), forecast.format_sci(h["compute_flop_5"]),
                  forecast.format_dollars(h["dollars_5"]), f"γ = {h['gamma']:.1f}"):
        assert value not in prose, f"{value!r} is typed into the prose instead of glued"


def test_headline_matches_a_direct_fit(models):
    h = forecast.headline_numbers(models)
    rows = models[models["hardware_burden_flop"].notna()]
    direct = fits.fit_power_law(rows["hardware_burden_flop"], rows["top1_error"])
    assert h["gamma"] == pytest.approx(direct.gamma)
    assert h["halving_factor"] == pytest.approx(fits.halving_factor(direct.gamma))
    at_five = fits.extrapolate(direct, 0.05)["compute_flop"].item()
    assert h["compute_flop_5"] == pytest.approx(at_five)


def test_changing_the_data_changes_the_headlines(models):
    before = forecast.headline_numbers(models)
    modified = models.copy()
    # make the best hardware-burden model ten times dearer: the line steepens in compute, gamma rises
    best = modified["hardware_burden_flop"].notna() & (modified["top1_error"] == modified.loc[modified["hardware_burden_flop"].notna(), "top1_error"].min())
    modified.loc[best, "hardware_burden_flop"] *= 10
    after = forecast.headline_numbers(modified)
    assert after["gamma"] > before["gamma"]
    assert after["halving_factor"] > before["halving_factor"]
    assert after["compute_flop_5"] > before["compute_flop_5"]
    assert after["dollars_5"] > before["dollars_5"]
    # dropping models changes n and the fit
    fewer = models.drop(index=models.index[models["model"].str.startswith("CoCa")])
    assert forecast.headline_numbers(fewer)["n"] == before["n"] - 1
    # the original table is untouched
    assert forecast.headline_numbers(models)["gamma"] == pytest.approx(before["gamma"])


def test_forecast_numbers_follow_the_data(models):
    before = forecast.forecast_summary(models)
    modified = models.copy()
    modified.loc[modified["model"].str.startswith("CoCa"), "top1_error"] = 0.045
    after = forecast.forecast_summary(modified)
    assert before["n_reached_target"] == 0 and after["n_reached_target"] == 1
    assert after["best_after_error"] == pytest.approx(0.045)
    assert np.isfinite(after["forecast_target_flop"])
