"""The outlook's additions: the leading-edge section priced by hand, and the backtest at the records' own budget.

The chapter runs GPT-3's published compute (3.14 × 10²³ FLOP, Brown et al. 2020) through
``costs.cost_chain`` at the book's three price scenarios, and turns the article's US$35 million for
DeepMind's Go system back into P100-hours. Here the chain is multiplied out from its sourced factors
(P100: 9.3 × 10¹² FLOP/s, 250 W, US$1.46 or US$0.43 an hour; V100: 125 × 10¹² FLOP/s at 35 %, 300 W;
PUE 1.58; 0.954 lbs CO₂e per kWh), and the prose's claims are held to the numbers. The backtest's second forecast, at the budget the
record models actually had, is recomputed with a least-squares γ and a running minimum of the records.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scaling_lib import data
from tests.conftest import ROOT, glued, glued_number

pytestmark = pytest.mark.slow
CHAPTER = "book/outlook"
GPT3_FLOP = 3.14e23
KG_PER_LB = 0.45359237
SCENARIOS = {  # peak FLOP/s × utilization, US$ per device-hour, W
    "demand": (9.3e12, 1.46, 250.0),
    "preempt": (9.3e12, 0.43, 250.0),
    "v100": (125e12 * 0.35, 1.46, 300.0),
}


def by_hand(name: str) -> dict[str, float]:
    rate, price, watts = SCENARIOS[name]
    hours = GPT3_FLOP / (rate * 3600)
    kwh = hours * watts / 1000 * 1.58
    return {"hours": hours, "dollars": hours * price, "kwh": kwh, "tonnes": kwh * 0.954 * KG_PER_LB / 1000}


def close(name: str, value: float, digits: int) -> None:
    assert abs(glued_number(CHAPTER, name) - value) <= 0.5 * 10.0**-digits + 1e-9, (name, glued(CHAPTER)[name], value)


def test_gpt3_at_the_books_prices():
    assert abs(3.64e3 * 1e15 * 86_400 / GPT3_FLOP - 1) < 0.005  # petaflop/s-days and FLOP agree
    for name in SCENARIOS:
        cost = by_hand(name)
        close(f"gpt3_{name}", cost["dollars"] / 1e6, 1)
        close(f"gpt3_{name}_mwh", cost["kwh"] / 1e3, 0)
        close(f"gpt3_{name}_tonnes", cost["tonnes"], 0)
    close("gpt3_v100_hours", by_hand("v100")["hours"] / 1e6, 1)
    # The prose: the article's "more than US$4 million" sits inside the range, which spans about a factor of five.
    dollars = [by_hand(name)["dollars"] for name in SCENARIOS]
    assert min(dollars) < 4e6 < max(dollars)
    assert 4 < max(dollars) / min(dollars) < 6


def test_go_estimate_in_p100_hours():
    hours = 35e6 / 1.46
    close("go_million_hours", hours / 1e6, 0)
    close("go_gpt3", hours * 9.3e12 * 3600 / GPT3_FLOP, 1)
    assert 2 <= hours * 9.3e12 * 3600 / GPT3_FLOP <= 5  # the prose: "a few" GPT-3s


def test_sample_sizes():
    models = data.model_compute_table()
    assert glued_number(CHAPTER, "n_models_all") == len(models)
    assert glued_number(CHAPTER, "n_fit") == models["hardware_burden_flop"].notna().sum()


def test_the_section_cites_its_sources():
    text = (ROOT / f"{CHAPTER}.md").read_text(encoding="utf-8")
    section = text.split("## Costs that already bite", 1)[1].split("\n## ", 1)[0]
    for key in ("thompson2021diminishing", "thompson2020computational", "thompson2022computational",
                "silver2017mastering", "huang2018alphagozero", "vinyals2019grandmaster", "brown2020language"):
        assert key in section, key
    for case in ("1,058", "Go", "StarCraft II", "GPT-3", "bug", "supermarket"):
        assert case in section, case
    keys = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.MULTILINE))
    for group in re.findall(r"\{cite:p\}`([^`]+)`", text):
        assert all(key.strip() in keys for key in group.split(",")), group


def test_backtest_at_the_records_own_budget():
    models = data.model_compute_table().sort_values("publication_date", kind="stable")
    best, keep = math.inf, []
    for _, same_day in models.groupby("publication_date", sort=True):
        day_best = same_day["top1_error"].min()
        keep += list(same_day.index[(same_day["top1_error"] < best) & (same_day["top1_error"] == day_best)])
        best = min(best, day_best)
    records = models.loc[keep].copy()
    records["year"] = [d.year + (d.day_of_year - 1) / 365.25 for d in records["publication_date"]]
    cutoff = pd.Timestamp("2020-06-30")
    early = models[models["publication_date"] <= cutoff].dropna(subset=["hardware_burden_flop"])
    x, y = np.log10(early["hardware_burden_flop"].to_numpy(float)), np.log10(early["top1_error"].to_numpy(float))
    design = np.column_stack([np.ones_like(x), x])
    (_, slope), residuals, *_ = np.linalg.lstsq(design, y, rcond=None)
    half = stats.t.ppf(0.975, len(x) - 2) * math.sqrt(residuals[0] / (len(x) - 2) * np.linalg.inv(design.T @ design)[1, 1])
    gammas = -1 / np.array([slope, slope - half, slope + half])
    with_compute = records.dropna(subset=["hardware_burden_flop"])
    a, b = with_compute[with_compute["publication_date"] <= cutoff].iloc[-1], with_compute.iloc[-1]
    growth = (b["hardware_burden_flop"] / a["hardware_burden_flop"]) ** (1 / (b["year"] - a["year"]))
    then = records[records["publication_date"] <= cutoff].iloc[-1]
    now = records.iloc[-1]
    forecast = then["top1_error"] * growth ** (-(now["year"] - then["year"]) / gammas)
    for name, value in zip(("real_budget", "real_budget_low", "real_budget_high"), forecast):
        close(name, 100 * value, 1)
    where = "beat" if now["top1_error"] < forecast[1] else "lag" if now["top1_error"] > forecast[2] else "match"
    assert glued(CHAPTER)["real_budget_where"] == where
