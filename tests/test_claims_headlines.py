"""Every number and verdict the claims ledger glues, recomputed here another way.

The page fits with statsmodels formulas and runs values through ``costs.cost_chain``. Here every
fit is ``numpy.linalg.lstsq`` with a t quantile from scipy, the records are a running minimum
written out, decimal years come from the day of the year, and the cost chain is multiplied out
by hand from the sourced factors (P100 at 9.3 × 10¹² FLOP/s, US$1.46 or US$0.43 an hour, 250 W,
PUE 1.58, 0.954 lbs CO₂e per kWh, New York City at 49.3 Mt a year). The verdicts are recomputed
with the rules the page states. The ledger's structure is checked too: at least 30 rows, every
row with a verdict, every chapter link and citation resolvable.
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
CHAPTER = "book/claims"
PEAK, PRICE, PRICE_LOW, WATTS, PUE, LBS_PER_KWH = 9.3e12, 1.46, 0.43, 250.0, 1.58, 0.954
NYC_TONNES_PER_MONTH = 49.3e6 / 12


def shown(name: str, value: float) -> None:
    """The glued ``name`` equals ``value`` to the last digit the page shows ("2.4 × 10²⁷": 0.05 × 10²⁷)."""
    text, number = glued(CHAPTER)[name], glued_number(CHAPTER, name)
    mantissa = re.search(r"[\d,]+(?:\.(\d+))?", text)
    places = len(mantissa.group(1) or "")
    half = 0.5 * 10.0**-places * number / float(mantissa.group(0).replace(",", ""))
    assert abs(number - value) <= half * 1.0001, f"{name}: page shows {text!r}, independent value {value!r}"


def shown_all(prefix: str, values) -> None:
    for suffix, value in zip(("", "_low", "_high"), values):
        shown(prefix + suffix, value)


def line(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Least squares of y on x: (slope, its 95 % interval low, high), the mean of x and of y."""
    design = np.column_stack([np.ones_like(x), x])
    (_, slope), residuals, *_ = np.linalg.lstsq(design, y, rcond=None)
    n = len(x)
    se = math.sqrt(residuals[0] / (n - 2) * np.linalg.inv(design.T @ design)[1, 1])
    half = stats.t.ppf(0.975, n - 2) * se
    return np.array([slope, slope - half, slope + half]), float(x.mean()), float(y.mean())


def decimal_year(date) -> float:
    date = pd.Timestamp(date)
    return date.year + (date.day_of_year - 1) / 365.25


def chain(flop, price=PRICE):
    """Device-hours, US$, months of New York City's CO₂ for FLOP at a P100's peak, by hand."""
    hours = np.asarray(flop, dtype=float) / (PEAK * 3600)
    tonnes = hours * WATTS / 1000 * PUE * LBS_PER_KWH * 0.45359237 / 1000
    return hours, hours * price, tonnes / NYC_TONNES_PER_MONTH


def point_verdict(article, low, high) -> str:
    if low <= article <= high:
        return "reproduced"
    return "differs: ours is lower" if high < article else "differs: ours is higher"


def floor_verdict(article, value, low) -> str:
    if low >= article:
        return "reproduced"
    return "reproduced (the low end falls below)" if value >= article else "differs: ours is lower"


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.model_compute_table()


@pytest.fixture(scope="module")
def fit(models):
    rows = models.dropna(subset=["hardware_burden_flop", "top1_error"])
    x, y = np.log10(rows["hardware_burden_flop"].to_numpy(float)), np.log10(rows["top1_error"].to_numpy(float))
    slopes, x_mean, y_mean = line(x, y)
    return {"n": len(rows), "gammas": -1 / slopes, "slopes": slopes, "x_mean": x_mean, "y_mean": y_mean}


def compute_for(fit, error):
    return 10 ** (fit["x_mean"] + (math.log10(error) - fit["y_mean"]) / fit["slopes"])


@pytest.fixture(scope="module")
def simulation():
    rng = np.random.default_rng(0)  # the page's draws, in the page's order
    sizes = np.unique(np.geomspace(10, 100_000, 13).astype(int))
    rmse = np.array([np.sqrt(np.mean((rng.binomial(n, 0.3, size=4000) / n - 0.3) ** 2)) for n in sizes])
    slopes, *_ = line(np.log10(sizes.astype(float)), np.log10(rmse))
    return -1 / slopes


@pytest.fixture(scope="module")
def gpt3_dollars():
    hours = 3.14e23 / (PEAK * 3600)
    return {"p100_strubell": hours * PRICE, "p100_strubell_preemptible": hours * PRICE_LOW,
            "v100_actual_flop": 3.14e23 / (125e12 * 0.35 * 3600) * PRICE}


def test_gamma_and_what_it_implies(models, fit):
    assert glued_number(CHAPTER, "n_fit") == fit["n"]
    assert glued_number(CHAPTER, "n_models") == len(models)
    shown_all("gamma", fit["gammas"])
    shown_all("halving", 2 ** fit["gammas"])
    five, one = compute_for(fit, 0.05), compute_for(fit, 0.01)
    assert five[1] < five[0] < five[2] and one[1] < one[0] < one[2]
    shown_all("c5", five)
    shown_all("c1", one)
    shown("c5_span", math.log10(five[2] / five[1]))
    _, dollars, nyc = chain(five)
    shown_all("d5", dollars)
    shown_all("nyc5", nyc)


def test_the_k_squared_simulation(simulation):
    assert abs(simulation[0] - 2) < 0.05  # the theory the simulation checks: RMSE ∝ 1/√n
    shown_all("data_exp", simulation)
    shown_all("compute_exp", 2 * simulation)
    shown_all("tenfold_data", 10**simulation)
    shown_all("tenfold_compute", 10 ** (2 * simulation))
    shown("mse_exp", simulation[0] / 2)


def test_v1_cells_at_the_books_prices():
    shown("v1_dollars_demand", chain(1e28)[1])
    shown("v1_dollars_preempt", chain(1e28, PRICE_LOW)[1])
    shown("v1_nyc", chain(1e28)[2])
    burden_gflop = 8 * PEAK * 84 * 3600 / 1e9  # Strubell et al.'s Transformer (big): 8 P100 for 84 hours
    shown("rate_low", 289 / burden_gflop)
    shown("rate_high", 981 / burden_gflop)
    shown("co2_rate_strubell", 192 / burden_gflop)
    shown("rate_v1", 1e11 / 1e19)
    shown("co2_rate_v1", 1e10 / 1e19)


def test_alexnet_and_nasnet(models):
    chips = data.load_accelerators().set_index("processor")["peak_flops_fp32"]
    rows = models.set_index("model")
    alexnet, nasnet = rows.loc["AlexNet (SuperVision, 7-CNN ensemble)"], rows.loc["NASNet-A (6@4032)"]
    speed = chips["NVIDIA P100"] / chips["NVIDIA GeForce GTX 580"]
    count = nasnet["processor_count"] / alexnet["processor_count"]
    time = nasnet["train_hours"] / alexnet["train_hours"]
    shown("alexnet_gpus", alexnet["processor_count"])
    shown("alexnet_days", alexnet["train_hours"] / 24)
    shown("error_ratio", alexnet["top1_error"] / nasnet["top1_error"])
    shown("burden_ratio", speed * count * time)
    shown("speed_ratio", speed)
    shown("count_ratio", count)
    shown("time_ratio", time)
    hours = nasnet["processor_count"] * nasnet["train_hours"]  # at the P100's own peak, burden ÷ peak = chip-hours
    shown("nasnet_gpu_hours", hours)
    shown("nasnet_dollars", hours * PRICE)
    shown("ns_parameters", rows.loc["Noisy Student (EfficientNet-L2)", "parameters"] / 1e6)
    shown("ns_ratio", rows.loc["Noisy Student (EfficientNet-L2)", "parameters"] / 1.2e6)


@pytest.fixture(scope="module")
def records(models) -> pd.DataFrame:
    best, keep = math.inf, []  # a record beats every earlier date's best and is the best of its own date
    for _, same_day in models.sort_values("publication_date").groupby("publication_date", sort=True):
        day_best = same_day["top1_error"].min()
        keep += list(same_day.index[(same_day["top1_error"] < best) & (same_day["top1_error"] == day_best)])
        best = min(best, day_best)
    out = models.loc[keep].copy()
    out["year"] = [decimal_year(d) for d in out["publication_date"]]
    return out.sort_values("year")


def test_record_trend_and_flat_budgets(models, records, fit):
    early = records[records["publication_date"] <= pd.Timestamp("2020-06-30")]
    slopes, x_mean, y_mean = line(early["year"].to_numpy(float), np.log10(early["top1_error"].to_numpy(float)))
    assert glued_number(CHAPTER, "n_records") == len(early)
    shown_all("year5", x_mean + (math.log10(0.05) - y_mean) / slopes)
    best = models.loc[models["top1_error"].idxmin()]
    shown("best_error", 100 * best["top1_error"])
    assert glued(CHAPTER)["best_model"] == best["model"]
    last = records.iloc[-1]
    shown_all("flat_years", fit["gammas"] * math.log(last["top1_error"] / 0.05) / math.log(1.30))


def test_hardware_rows():
    chips = data.load_accelerators()
    chips = chips[chips["processor"] != "NVIDIA V100"]  # the duplicate the hardware chapter drops
    fp32 = chips.dropna(subset=["peak_flops_fp32"])
    slopes, *_ = line(np.array([decimal_year(d) for d in fp32["release_date"]]),
                      np.log10(fp32["peak_flops_fp32"].to_numpy(float)))
    shown_all("fp32_doubling", math.log10(2) / slopes[[0, 2, 1]])
    shown("implied_doubling", 50 / math.log2(1e7))
    both = chips.dropna(subset=["peak_flops_fp32", "peak_flops_tensor16_dense"])
    ratio = both["peak_flops_tensor16_dense"] / both["peak_flops_fp32"]
    shown("tensor_gain_low", ratio.min())
    shown("tensor_gain_high", ratio.max())
    assert glued_number(CHAPTER, "n_tpus") == chips["processor"].str.contains("TPU").sum()


def test_gpt3(gpt3_dollars):
    shown("gpt3_flop_check", 3.64e3 * 1e15 * 86_400)
    shown("gpt3_low", min(gpt3_dollars.values()))
    shown("gpt3_high", max(gpt3_dollars.values()))
    shown("gpt3_default", gpt3_dollars["p100_strubell"])


def test_computed_verdicts(models, fit, simulation, records, gpt3_dollars):
    g = fit["gammas"]
    five, one = compute_for(fit, 0.05), compute_for(fit, 0.01)
    _, dollars, nyc = chain(five)
    early = records[records["publication_date"] <= pd.Timestamp("2020-06-30")]
    slopes, x_mean, y_mean = line(early["year"].to_numpy(float), np.log10(early["top1_error"].to_numpy(float)))
    year5 = x_mean + (math.log10(0.05) - y_mean) / slopes
    rows = models.set_index("model")
    alexnet, nasnet = rows.loc["AlexNet (SuperVision, 7-CNN ensemble)"], rows.loc["NASNet-A (6@4032)"]
    burden = nasnet["hardware_burden_flop"] / alexnet["hardware_burden_flop"]
    burden_gflop = 8 * PEAK * 84 * 3600 / 1e9
    expected = {
        "5": point_verdict(2, *simulation[1:]),
        "6": point_verdict(4, *(2 * simulation[1:])),
        "7": point_verdict(1e4, *(10 ** (2 * simulation[1:]))),
        "11": floor_verdict(1000, burden, burden),
        "12": floor_verdict(9, g[0], g[1]),
        "13": floor_verdict(500, 2 ** g[0], 2 ** g[1]),
        "15": point_verdict(2025, *year5[1:]),
        "16": point_verdict(1e28, *five[1:]),
        "17": point_verdict(1e11, *dollars[1:]),
        "18": point_verdict(1, *nyc[1:]),
        "19": point_verdict(1e-8, 289 / burden_gflop, 981 / burden_gflop),
        "20": point_verdict(1e37, *one[1:]),
        "23": floor_verdict(4e6, gpt3_dollars["p100_strubell"], min(gpt3_dollars.values())),
        "Q5": point_verdict(4, *(2 * simulation[1:])),
        "Q9": "reproduced" if g[1] > 4 else "differs",
    }
    for row, verdict in expected.items():
        assert glued(CHAPTER)[f"verdict_{row}"] == verdict, row
    assert glued(CHAPTER)["verdict_19"].startswith("differs")  # the prose explains a difference there
    both = {glued(CHAPTER)["verdict_15"], glued(CHAPTER)["verdict_18"]}
    assert glued(CHAPTER)["verdict_Q21"] == ("reproduced" if both == {"reproduced"} else "differs")


LEDGER_ROW = re.compile(r"^\| (Q?\d+) \|(.*)\|\s*$", re.MULTILINE)


def test_ledger_has_every_claim_with_a_verdict():
    text = (ROOT / f"{CHAPTER}.md").read_text(encoding="utf-8")
    rows = {number: body for number, body in LEDGER_ROW.findall(text)}
    quantitative = [r for r in rows if not r.startswith("Q")]
    qualitative = [r for r in rows if r.startswith("Q")]
    assert sorted(quantitative, key=int) == [str(i) for i in range(1, 29)]
    assert sorted(qualitative, key=lambda r: int(r[1:])) == [f"Q{i}" for i in range(1, 22)]
    assert len(rows) >= 30
    values = glued(CHAPTER)
    for number, body in rows.items():
        cells = body.split(" | ")
        assert len(cells) == 5, (number, cells)
        assert f"{{glue:text}}`verdict_{number}`" in cells[-1], number
        assert re.search(r"\{(ref|doc)\}`", cells[-2]), f"row {number} links its chapter"
        assert values[f"verdict_{number}"].startswith(("reproduced", "differs", "not testable here"))
    assert glued_number(CHAPTER, "n_rows") == len(rows)
    assert glued_number(CHAPTER, "n_quantitative") == 28 and glued_number(CHAPTER, "n_qualitative") == 21
    for group in ("quantitative", "qualitative"):
        stems = [values[f"verdict_{r}"] for r in (quantitative if group == "quantitative" else qualitative)]
        for name, stem in (("reproduced", "reproduced"), ("differs", "differs"), ("untestable", "not testable here")):
            assert glued_number(CHAPTER, f"n_{group}_{name}") == sum(s.startswith(stem) for s in stems), (group, name)


def test_links_and_citations_resolve():
    text = (ROOT / f"{CHAPTER}.md").read_text(encoding="utf-8")
    labels = {m for path in (ROOT / "book").glob("*.md")
              for m in re.findall(r"^\(([\w-]+)\)=", path.read_text(encoding="utf-8"), re.MULTILINE)}
    for target in re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", text):
        assert target in labels, target
    keys = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.MULTILINE))
    for group in re.findall(r"\{cite:p\}`([^`]+)`", text):
        for key in group.split(","):
            assert key.strip() in keys, key
