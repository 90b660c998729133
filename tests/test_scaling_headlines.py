"""Every headline number the ninth-power chapter glues into its prose, recomputed independently.

The chapter fits with statsmodels; here every fit is numpy least squares (``numpy.linalg.lstsq``)
with scipy's t quantiles, the extrapolation interval is the closed-form inverse of the prediction
band, and the cost chain is ``costs.cost_table``. Each glued value must match to the precision
the page shows it with.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.optimize import linprog

from scaling_lib import costs, data, vocabulary
from tests.conftest import glued, glued_number

CHAPTER = "book/scaling"

pytestmark = pytest.mark.slow


def assert_shown(name: str, value: float, *, decimals: int | None = None, sig: int | None = None, slack: float = 0.0) -> None:
    """The glued ``name`` equals ``value`` rounded as the page rounds it.

    The rounding is ``decimals`` places, ``sig`` significant figures, or (neither given) the last
    digit the glued text shows ("$2.1 billion": 0.1 billion; "4.8 × 10²⁵": 0.1 × 10²⁵). ``slack``
    (relative) allows for the page's grid search, which finds interval ends to 0.0001 decades.
    """
    shown = glued_number(CHAPTER, name)
    if decimals is not None:
        half = 0.5 * 10.0**-decimals
    elif sig is not None:
        half = 0.5 * 10.0 ** (math.floor(math.log10(abs(shown))) - sig + 1)
    else:
        text = glued(CHAPTER)[name]
        mantissa = re.search(r"[\d,]+(?:\.(\d+))?", text)
        places = len(mantissa.group(1) or "")
        half = 0.5 * 10.0**-places * shown / float(mantissa.group(0).replace(",", ""))
    assert abs(shown - value) <= half * 1.0001 + slack * abs(value), f"{name}: page shows {glued(CHAPTER)[name]!r}, independent value {value!r}"


GRID = 3e-4  # relative error of a compute found on a grid of 0.0001 decades


class Line:
    """Least squares of y on an intercept and the columns of ``x``, with what inference needs."""

    def __init__(self, x: np.ndarray, y: np.ndarray):
        self.design = np.column_stack([np.ones(len(y)), x])
        self.coef, *_ = np.linalg.lstsq(self.design, y, rcond=None)
        self.df = len(y) - self.design.shape[1]
        self.s2 = float(np.sum((y - self.design @ self.coef) ** 2) / self.df)
        self.cov = self.s2 * np.linalg.inv(self.design.T @ self.design)
        self.t = stats.t.ppf(0.975, self.df)

    def interval(self, k: int) -> tuple[float, float]:
        half = self.t * math.sqrt(self.cov[k, k])
        return self.coef[k] - half, self.coef[k] + half

    def gamma(self) -> tuple[float, float, float]:
        low, high = self.interval(1)
        return -1 / self.coef[1], -1 / low, -1 / high

    def compute_for(self, error: float) -> tuple[float, float, float]:
        """Compute at which the line reaches ``error``, and the ends where the prediction band contains it (closed form)."""
        (a, b), c, y0 = self.coef[:2], self.cov, math.log10(error)
        t2 = self.t**2
        quad, lin = b * b - t2 * c[1, 1], -2 * (b * (y0 - a) + t2 * c[0, 1])
        const = (y0 - a) ** 2 - t2 * (c[0, 0] + self.s2)
        root = math.sqrt(lin * lin - 4 * quad * const)
        return 10 ** ((y0 - a) / b), 10 ** ((-lin - root) / (2 * quad)), 10 ** ((-lin + root) / (2 * quad))

    def band(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """95 % prediction band at rows ``x`` (without the intercept column)."""
        rows = np.column_stack([np.ones(len(x)), x])
        mean = rows @ self.coef
        half = self.t * np.sqrt(self.s2 + np.einsum("ij,jk,ik->i", rows, self.cov, rows))
        return mean - half, mean + half


def where(value: float, low: float, high: float) -> str:
    return "below" if value < low else "above" if value > high else "inside"


def measure_rows(table: pd.DataFrame, column: str) -> pd.DataFrame:
    rows = table[table[column] > 0].sort_values("publication_date", kind="stable")
    return rows.assign(x=np.log10(rows[column]), y=np.log10(rows["top1_error"]))


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.model_compute_table()


@pytest.fixture(scope="module")
def hb(models) -> pd.DataFrame:
    return measure_rows(models, "hardware_burden_flop")


@pytest.fixture(scope="module")
def line(hb) -> Line:
    return Line(hb["x"].to_numpy(), hb["y"].to_numpy())


@pytest.fixture(scope="module")
def pycls(models) -> pd.Series:
    """The RegNet paper's model zoo, found as the chapter finds it: by its hardware source."""
    return models["hardware_source"].fillna("").str.contains("facebookresearch/pycls")


def first_release(models: pd.DataFrame) -> pd.DataFrame:
    """The first release rebuilt by hand: its rows, and no measure whose factor was filled in later."""
    rows = models[models["added_in"] == data.RELEASES[0]].copy()
    later = rows["values_added_later"].fillna("")
    hardware = later.str.contains("processor|train_hours")
    operations = later.str.contains("forward_|train_images|train_epochs")
    rows.loc[hardware, "hardware_burden_flop"] = np.nan
    rows.loc[operations, "network_operations_flop"] = np.nan
    rows.loc[later.str.contains("training_compute"), "training_compute_flop"] = np.nan
    return rows


def without(rows: pd.DataFrame, pycls: pd.Series) -> pd.DataFrame:
    return rows[~rows.index.isin(pycls.index[pycls])]


def test_gamma_and_its_interval(line, hb):
    gamma, low, high = line.gamma()
    for name, value in (("gamma", gamma), ("gamma_low", low), ("gamma_high", high)):
        assert_shown(name, value, decimals=1)
    r2 = 1 - line.s2 * line.df / np.sum((hb["y"] - hb["y"].mean()) ** 2)
    assert_shown("r2", r2, decimals=2)
    assert_shown("n_hb", len(hb), decimals=0)
    # the prose places our γ against v2's interval and the article's 9 against ours
    v2 = next(g for g in vocabulary.PUBLISHED_GAMMAS if g.version == "v2" and g.measure == "hardware burden")
    assert glued(CHAPTER)["v2_where"] == where(gamma, v2.gamma_low, v2.gamma_high)
    assert glued(CHAPTER)["v2_overlap"] == ("overlaps" if low <= v2.gamma_high and v2.gamma_low <= high else "does not overlap")
    assert glued(CHAPTER)["nine_where"] == where(9.0, low, high)


def test_bootstrap_interval(hb):
    """The page's bootstrap (seed 0, 2000 resamples of the models), with closed-form slopes instead of np.polyfit."""
    x, y = hb["x"].to_numpy(), hb["y"].to_numpy()
    rng = np.random.default_rng(0)
    picks = np.array([rng.integers(0, len(x), size=len(x)) for _ in range(2000)])
    xs, ys = x[picks], y[picks]
    xc = xs - xs.mean(axis=1, keepdims=True)
    slopes = (xc * (ys - ys.mean(axis=1, keepdims=True))).sum(axis=1) / (xc**2).sum(axis=1)
    low, high = -1 / np.percentile(slopes, [2.5, 97.5])
    assert_shown("boot_low", low, decimals=1)
    assert_shown("boot_high", high, decimals=1)


def test_halving_and_tenfold_with_intervals(line):
    gamma, low, high = line.gamma()
    for suffix, g in (("", gamma), ("_low", low), ("_high", high)):
        assert_shown("halving" + suffix, 2**g, sig=3)
        assert_shown("tenfold" + suffix, 10**g, sig=2)


def chapter_samples(models: pd.DataFrame, hb: pd.DataFrame, pycls: pd.Series) -> dict:
    """The chapter's samples, by its names, each (glue key or None, rows)."""
    tc = measure_rows(models, "training_compute_flop")
    no = measure_rows(models, "network_operations_flop")
    clean = lambda rows: rows[rows["extra_training_data"].str.lower() == "none"]  # noqa: E731
    return {
        "hardware burden, all models": (None, hb),
        f"hardware burden, first release ({data.RELEASES[0]})": (None, measure_rows(first_release(models), "hardware_burden_flop")),
        "hardware burden, up to mid-2020": ("pre", hb[hb["publication_date"] <= vocabulary.CUTOFF_DATE]),
        "hardware burden, ImageNet-1k only": ("clean", clean(hb)),
        "hardware burden, without the pycls cluster": ("without", without(hb, pycls)),
        "hardware burden, every chip at its fastest rate": ("best", measure_rows(data.model_compute_table(precision="best"), "hardware_burden_flop")),
        "training compute (Epoch AI), all models": ("tc", tc),
        "training compute (Epoch AI), up to mid-2020": (None, tc[tc["publication_date"] <= vocabulary.CUTOFF_DATE]),
        "training compute (Epoch AI), ImageNet-1k only": (None, clean(tc)),
        "network operations, all models": ("no", no),
        "network operations, ImageNet-1k only": (None, clean(no)),
        "network operations, without the pycls cluster": ("no_without", without(no, pycls)),
    }


def test_other_samples_and_measures(models, hb, line, pycls):
    samples = chapter_samples(models, hb, pycls)
    gammas = {}
    for name, (key, rows) in samples.items():
        gammas[name] = Line(rows["x"].to_numpy(), rows["y"].to_numpy()).gamma()
        for suffix, value in zip(("", "_low", "_high"), gammas[name]):
            if key:
                assert_shown(f"gamma_{key}{suffix}", value, decimals=1)
    clean = gammas["hardware burden, ImageNet-1k only"]
    assert clean[1] <= line.gamma()[0] <= clean[2], "the prose: the data cannot separate the two"
    widest = max(gammas, key=lambda name: gammas[name][2] - gammas[name][1])
    assert glued(CHAPTER)["widest_sample"] == widest
    assert_shown("widest_n", len(samples[widest][1]), decimals=0)
    narrowest = min(gammas, key=lambda name: gammas[name][2] - gammas[name][1])
    assert glued(CHAPTER)["narrowest_sample"] == narrowest
    assert_shown("narrowest_n", len(samples[narrowest][1]), decimals=0)
    assert glued(CHAPTER)["lowest_sample"] == min(gammas, key=lambda name: gammas[name][0])
    # the prose: the early models give a higher γ, counting chips at their fastest rate a lower one
    assert gammas["hardware burden, up to mid-2020"][0] > line.gamma()[0] > gammas["hardware burden, every chip at its fastest rate"][0]
    assert_shown("gamma_v1", math.log(1e5) / math.log(0.115 / 0.05), decimals=1)
    assert_shown("n_tpu", hb["processor"].str.contains("TPU").sum(), decimals=0)
    every = [g[0] for g in gammas.values()] + [g.gamma for g in vocabulary.PUBLISHED_GAMMAS if g.version in ("v1", "v2")]
    assert_shown("gamma_min", min(every), decimals=1)
    assert_shown("gamma_max", max(every), decimals=1)


def test_frontier_by_linear_programming(hb):
    """The 10th-percentile line minimises the check loss: a linear programme, solved here with scipy's HiGHS."""
    x, y, q = hb["x"].to_numpy(), hb["y"].to_numpy(), 0.1
    n = len(x)
    cost = np.concatenate([[0.0, 0.0], q * np.ones(n), (1 - q) * np.ones(n)])
    equality = np.hstack([np.column_stack([np.ones(n), x]), np.eye(n), -np.eye(n)])
    solution = linprog(cost, A_eq=equality, b_eq=y, bounds=[(None, None)] * 2 + [(0, None)] * (2 * n), method="highs")
    assert_shown("gamma_frontier", -1 / solution.x[1], decimals=1)


def test_year_term(hb):
    fitted = Line(np.column_stack([hb["x"], hb["publication_year"]]), hb["y"].to_numpy())
    for suffix, value in zip(("", "_low", "_high"), fitted.gamma()):
        assert_shown("gamma_year" + suffix, value, decimals=1)
    assert fitted.gamma()[0] > Line(hb["x"].to_numpy(), hb["y"].to_numpy()).gamma()[0], "the prose: γ rises with a year term"
    low, high = fitted.interval(2)
    assert_shown("per_year", -100 * (10 ** fitted.coef[2] - 1), decimals=1)
    assert_shown("per_year_low", -100 * (10**high - 1), decimals=1)
    assert_shown("per_year_high", -100 * (10**low - 1), decimals=1)


def test_forms(hb, line):
    x, y, error = hb["x"].to_numpy(), hb["y"].to_numpy(), hb["top1_error"].to_numpy()
    exponential = Line(x, 1 / error)
    total = np.sum((y - y.mean()) ** 2)
    r2_power = 1 - np.sum((y - line.design @ line.coef) ** 2) / total
    r2_exp = 1 - np.sum((y - np.log10(1 / (exponential.design @ exponential.coef))) ** 2) / total
    assert_shown("r2_power", r2_power, decimals=2)
    assert_shown("r2_exp", r2_exp, decimals=2)


def test_extrapolation_and_its_cost(line, hb):
    for name, error in (("c5", 0.05), ("c1", 0.01)):
        for suffix, value in zip(("", "_low", "_high"), line.compute_for(error)):
            assert_shown(name + suffix, value, sig=2, slack=GRID)
    five = line.compute_for(0.05)
    for suffix, compute in zip(("", "_low", "_high"), five):
        chain = costs.cost_table(compute).set_index(["quantity", "unit"])["value"]
        assert_shown("d5" + suffix, chain[("cost", "US$")], slack=GRID)
        assert_shown("t5" + suffix, chain[("CO2", "t CO2e")], sig=2, slack=GRID)
        assert_shown("nyc5" + suffix, chain[("New York City emissions", "months")], sig=2, slack=GRID)
    assert_shown("v1_ratio", 1e28 / five[0], sig=2)
    assert five[0] < 1e28, "the prose: our 5 % compute is below v1's"
    assert_shown("best_error", 100 * hb["top1_error"].min(), decimals=1)


def test_the_article_price_comparison():
    for name, scenario in (("v1_dollars_demand", "p100_strubell"), ("v1_dollars_preempt", "p100_strubell_preemptible")):
        chain = costs.cost_table(1e28, scenario=scenario).set_index("quantity")["value"]
        assert_shown(name, chain["cost"])
    assert glued(CHAPTER)["v1_dollars_demand"] == "$436 billion" and glued(CHAPTER)["v1_dollars_preempt"] == "$128 billion"
    months = costs.cost_table(1e28).set_index("quantity")["value"]["New York City emissions"]
    assert_shown("v1_nyc_ours", months, decimals=0)


def test_forecast_test_numbers(models, hb):
    def test(rows: pd.DataFrame) -> tuple[Line, pd.DataFrame]:
        early = rows[rows["publication_date"] <= vocabulary.CUTOFF_DATE]
        later = rows[rows["publication_date"] > vocabulary.CUTOFF_DATE]
        fitted = Line(early["x"].to_numpy(), early["y"].to_numpy())
        low, high = fitted.band(later["x"].to_numpy())
        a, b = fitted.coef
        verdict = np.where(later["y"] < low, "cheaper", np.where(later["y"] > high, "dearer", "inside"))
        ratio = later["x"].to_numpy() - (later["y"].to_numpy() - a) / b
        return fitted, pd.DataFrame({"verdict": verdict, "ratio": 10**ratio})

    fitted, later = test(hb)
    assert_shown("fs_n_fit", len(fitted.design), decimals=0)
    assert_shown("fs_n_held", len(later), decimals=0)
    for key in ("inside", "cheaper", "dearer"):
        assert_shown(f"fs_{key}", (later["verdict"] == key).sum(), decimals=0)
    assert_shown("fs_ratio", 1 / later["ratio"].median(), decimals=0)
    for suffix, value in zip(("", "_low", "_high"), fitted.compute_for(0.05)):
        assert_shown("fs_c5" + suffix, value, sig=2, slack=GRID)
    _, tc_later = test(measure_rows(models, "training_compute_flop"))
    assert_shown("fs_tc_ratio", 1 / tc_later["ratio"].median(), decimals=0)
    _, best_later = test(measure_rows(data.model_compute_table(precision="best"), "hardware_burden_flop"))
    assert_shown("fsb_inside", (best_later["verdict"] == "inside").sum(), decimals=0)
    assert_shown("fsb_ratio", 1 / best_later["ratio"].median(), decimals=0)
    # the prose: the typical later model was cheaper than forecast, and less so with chips at their fastest rate
    assert later["ratio"].median() < best_later["ratio"].median() < 1
    assert_shown("fs_reached", (models["top1_error"] <= 0.05).sum(), decimals=0)
    # the prose: nobody reached 5 %, and the early fit's 5 % lies beyond every training run in the data
    assert (models["top1_error"] > 0.05).all() and fitted.compute_for(0.05)[0] > models["hardware_burden_flop"].max()


def test_record_trend(models):
    records = models[vocabulary.record_setting(models["publication_date"], models["top1_error"])]
    early = records[records["publication_date"] <= vocabulary.CUTOFF_DATE]
    fitted = Line(early["publication_year"].to_numpy(), np.log10(early["top1_error"].to_numpy()))
    a, b = fitted.coef
    assert_shown("rt_n", len(early), decimals=0)
    assert_shown("rt_year", (math.log10(0.05) - a) / b, decimals=1)
    assert_shown("rt_factor", 100 * (1 - 10**b), decimals=0)
    last = records.sort_values("publication_date").iloc[-1]
    assert last["top1_error"] > 10 ** (a + b * last["publication_year"]), "the prose: the last record lags the 2020 trend"
    # where the trend's 95 % confidence band reaches 5 %: the roots of a quadratic in the year
    c, t2, y0 = fitted.cov, fitted.t**2, math.log10(0.05)
    quad, lin, const = b * b - t2 * c[1, 1], -2 * (b * (y0 - a) + t2 * c[0, 1]), (y0 - a) ** 2 - t2 * c[0, 0]
    root = math.sqrt(lin * lin - 4 * quad * const)
    assert_shown("rt_year_low", (-lin - root) / (2 * quad), decimals=1, slack=1e-5)
    assert_shown("rt_year_high", (-lin + root) / (2 * quad), decimals=1, slack=1e-5)


# ------------------------------------------------------------------ how γ moved as the data grew (issue 16)
def test_the_first_release_beside_the_second(models, line):
    """The 16-model fit of release 2026.1, rebuilt by hand, beside today's fit."""
    old = first_release(models)
    assert_shown("r1_models", len(old), decimals=0)
    assert glued(CHAPTER)["r1_name"] == data.RELEASES[0] and glued(CHAPTER)["r2_name"] == data.RELEASES[-1]
    fits = {}
    for key, column in (("hb", "hardware_burden_flop"), ("no", "network_operations_flop"), ("tc", "training_compute_flop")):
        rows = measure_rows(old, column)
        fits[key] = Line(rows["x"].to_numpy(), rows["y"].to_numpy()).gamma()
        assert_shown(f"r1_n_{key}", len(rows), decimals=0)
        for suffix, value in zip(("", "_low", "_high"), fits[key]):
            assert_shown(f"r1_{key}{suffix}", value, decimals=1)
    # the first release as it was: 16 hardware burdens and 5 network operations, γ 9.1 (7.3–12.2)
    assert [glued(CHAPTER)[k] for k in ("r1_n_hb", "r1_n_no", "r1_hb", "r1_hb_low", "r1_hb_high")] == ["16", "5", "9.1", "7.3", "12.2"]
    r1, now = fits["hb"], line.gamma()
    assert_shown("r1_width", r1[2] - r1[1], decimals=1)
    assert_shown("r2_width", now[2] - now[1], decimals=1)
    assert now[2] - now[1] < r1[2] - r1[1], "the prose: more models narrowed the interval"
    assert glued(CHAPTER)["r1_where"] == where(r1[0], now[1], now[2])
    assert glued(CHAPTER)["r_overlap"] == ("overlap" if r1[1] <= now[2] and now[1] <= r1[2] else "do not overlap")
    assert glued(CHAPTER)["r1_where"] != "inside", "the prose: the interval moved"
    tc_now = Line(*(measure_rows(models, "training_compute_flop")[c].to_numpy() for c in ("x", "y"))).gamma()
    assert glued(CHAPTER)["tc_release"].startswith("did not change" if np.allclose(fits["tc"], tc_now) else "changed")
    no_now = measure_rows(models, "network_operations_flop")
    assert len(no_now) > len(measure_rows(old, "network_operations_flop")), "the prose: network operations changed most"


def test_the_pycls_cluster(models, hb, line, pycls):
    cluster = models[pycls]
    assert_shown("n_pycls", pycls.sum(), decimals=0)
    assert_shown("n_pycls_hb", cluster["hardware_burden_flop"].notna().sum(), decimals=0)
    assert_shown("n_pycls_no", cluster["network_operations_flop"].notna().sum(), decimals=0)
    assert glued(CHAPTER)["pycls_dates"] == "15 April 2020" and cluster["publication_date"].nunique() == 1
    assert glued(CHAPTER)["pycls_epochs"] == "100" and set(cluster["train_epochs"]) == {100.0}
    assert glued(CHAPTER)["pycls_hardware"] == "8 NVIDIA V100"
    assert set(cluster["processor"]) == {"NVIDIA V100"} and set(cluster["processor_count"]) == {8.0}
    rest = without(hb, pycls)
    others = Line(rest["x"].to_numpy(), rest["y"].to_numpy())
    gamma_without = others.gamma()
    assert_shown("n_without", len(rest), decimals=0)
    for suffix, value in zip(("", "_low", "_high"), gamma_without):
        assert_shown("gamma_without" + suffix, value, decimals=1)
    assert_shown("pycls_shift", line.gamma()[0] - gamma_without[0], decimals=1)
    assert line.gamma()[0] > gamma_without[0], "the prose: the cluster flattens the line (raises γ)"
    # each cluster model's compute against what the other models' line asks for its error
    inside = hb[hb.index.isin(pycls.index[pycls])]
    a, b = others.coef
    share = 10 ** (inside["x"].to_numpy() - (inside["y"].to_numpy() - a) / b)
    assert_shown("pycls_cheaper_n", (share < 1).sum(), decimals=0)
    assert_shown("pycls_cheaper", 1 / np.median(share), decimals=0)
    assert np.median(share) < 1, "the prose: typically less compute than the others' line asks for"
    top, middle = 10 ** inside["x"].max(), 10 ** np.median(rest["x"])
    assert_shown("pycls_max", top, sig=2)
    assert_shown("others_median", middle, sig=2)
    assert top < middle, "the prose: the whole cluster sits at the cheap end of the range"
    no = measure_rows(models, "network_operations_flop")
    no_without = Line(*(without(no, pycls)[c].to_numpy() for c in ("x", "y"))).gamma()
    for suffix, value in zip(("", "_low", "_high"), no_without):
        assert_shown("gamma_no_without" + suffix, value, decimals=1)
    v2 = next(g for g in vocabulary.PUBLISHED_GAMMAS if g.version == "v2" and g.measure == "hardware burden")
    assert glued(CHAPTER)["without_v2_where"] == where(gamma_without[0], v2.gamma_low, v2.gamma_high)


def test_counting_chips_at_their_fastest_rate_mostly_moves_the_cluster(models, hb, line, pycls):
    best = measure_rows(data.model_compute_table(precision="best"), "hardware_burden_flop")
    best_rest = without(best, pycls)
    fastest = Line(best_rest["x"].to_numpy(), best_rest["y"].to_numpy()).gamma()
    for suffix, value in zip(("", "_low", "_high"), fastest):
        assert_shown("gamma_best_without" + suffix, value, decimals=1)
    rest = without(hb, pycls)
    rated = Line(rest["x"].to_numpy(), rest["y"].to_numpy()).gamma()[0]
    all_best = Line(best["x"].to_numpy(), best["y"].to_numpy()).gamma()[0]
    assert abs(rated - fastest[0]) < abs(line.gamma()[0] - all_best), "the prose: without the cluster the count moves γ only a little"
    on_gpu = hb["processor_kind"] == "GPU"
    assert_shown("n_gpu_hb", on_gpu.sum(), decimals=0)
    assert_shown("n_gpu_pycls", (on_gpu & hb.index.isin(pycls.index[pycls])).sum(), decimals=0)
    assert (on_gpu & hb.index.isin(pycls.index[pycls])).sum() > on_gpu.sum() / 2, "the prose: most GPU runs are the cluster"
    chips = data.load_accelerators().set_index("processor")
    assert_shown("v100_gap", chips.at["NVIDIA V100", "peak_flops_tensor16_dense"] / chips.at["NVIDIA V100", "peak_flops_fp32"], decimals=0)


def test_the_verdict_on_the_ninth_power(models, hb, pycls):
    """Which fits rule out γ below 9, measure by measure, with the verdict's words."""
    samples = chapter_samples(models, hb, pycls)
    gammas = {name: Line(rows["x"].to_numpy(), rows["y"].to_numpy()).gamma() for name, (_, rows) in samples.items()}
    firm = [name for name, (_, low, high) in gammas.items() if low > 9]
    open_ = [name for name, (_, low, high) in gammas.items() if low <= 9 <= high]
    against = [name for name, (_, low, high) in gammas.items() if high < 9]
    assert_shown("n_samples", len(gammas), decimals=0)
    assert_shown("n_firm", len(firm), decimals=0)
    assert_shown("n_open", len(open_), decimals=0)
    assert glued(CHAPTER)["nine_firm"] == "; ".join(firm)
    assert glued(CHAPTER)["nine_open"] == "; ".join(open_)
    assert not against and glued(CHAPTER)["nine_against"] == "No interval lies wholly below 9", "the prose: no fit contradicts 9"
    cluster = set(models.loc[pycls, "model"])
    assert all(samples[name][1]["model"].isin(cluster).any() for name in firm)
    assert glued(CHAPTER)["firm_cluster"] == "Every fit that rules out γ below 9 includes the pycls cluster"

    def words(name):
        g, low, high = gammas[name]
        return f"{'holds' if low > 9 else 'fails' if high < 9 else 'is not confirmed'} (γ = {g:.1f}, {low:.1f}–{high:.1f})"

    for key, name in {"all": "hardware burden, all models", "r1": f"hardware burden, first release ({data.RELEASES[0]})",
                      "without": "hardware burden, without the pycls cluster", "clean": "hardware burden, ImageNet-1k only",
                      "best": "hardware burden, every chip at its fastest rate", "no": "network operations, all models",
                      "no_clean": "network operations, ImageNet-1k only", "no_without": "network operations, without the pycls cluster",
                      "tc": "training compute (Epoch AI), all models"}.items():
        assert glued(CHAPTER)[f"v_{key}"] == words(name), key
    # the prose's reading: the claim holds on all hardware-burden models, not on the first release, and not
    # without the cluster, with chips at their fastest rate or on the other two measures
    assert glued(CHAPTER)["v_all"].startswith("holds") and glued(CHAPTER)["v_r1"].startswith("is not confirmed")
    for key in ("without", "best", "no", "tc"):
        assert not glued(CHAPTER)[f"v_{key}"].startswith("holds"), key
    lowest = min(gammas, key=lambda name: gammas[name][1])
    assert_shown("lowest_low", gammas[lowest][1], decimals=1)
    assert glued(CHAPTER)["lowest_low_sample"] == lowest
    assert gammas[lowest][1] > 4, "the prose: still well above theory's 4"
    assert glued(CHAPTER)["hb_last_date"] == f"{hb['publication_date'].max():%B %Y}"


def test_every_later_model_is_tested(models, hb, pycls):
    """The forecast test covers every post-mid-2020 model that has any compute measure; network operations and the cluster."""
    after = models["publication_date"] > vocabulary.CUTOFF_DATE
    columns = [m.column for m in vocabulary.MEASURES.values()]
    has_any = models[columns].notna().any(axis=1)
    assert_shown("fs_after", after.sum(), decimals=0)
    assert_shown("fs_tested", (after & has_any).sum(), decimals=0)
    assert_shown("fs_untested", (after & ~has_any).sum(), decimals=0)
    assert glued(CHAPTER)["fs_later_first"] == f"{models.loc[after, 'publication_date'].min():%B %Y}"
    assert glued(CHAPTER)["fs_later_last"] == f"{models.loc[after, 'publication_date'].max():%B %Y}"
    best = models.loc[after, "top1_error"].idxmin()
    assert glued(CHAPTER)["fs_best_year"] == f"{models.at[best, 'publication_date']:%Y}"

    def test(rows: pd.DataFrame) -> tuple[Line, pd.DataFrame, int]:
        early = rows[rows["publication_date"] <= vocabulary.CUTOFF_DATE]
        later = rows[rows["publication_date"] > vocabulary.CUTOFF_DATE]
        fitted = Line(early["x"].to_numpy(), early["y"].to_numpy())
        low, high = fitted.band(later["x"].to_numpy())
        a, b = fitted.coef
        inside = (later["y"].to_numpy() >= low) & (later["y"].to_numpy() <= high)
        ratio = 10 ** (later["x"].to_numpy() - (later["y"].to_numpy() - a) / b)
        return later, pd.DataFrame({"inside": inside, "ratio": ratio}), early.index.isin(pycls.index[pycls]).sum()

    no = measure_rows(models, "network_operations_flop")
    for key, rows in (("no", no), ("tc", measure_rows(models, "training_compute_flop")), ("wo", without(hb, pycls))):
        later, verdicts, n_pycls = test(rows)
        assert_shown(f"fs_{key}_n_fit", (rows["publication_date"] <= vocabulary.CUTOFF_DATE).sum(), decimals=0)
        assert_shown(f"fs_{key}_held", len(later), decimals=0)
        assert_shown(f"fs_{key}_inside", verdicts["inside"].sum(), decimals=0)
        assert_shown(f"fs_{key}_ratio", 1 / verdicts["ratio"].median(), decimals=0)
        assert_shown(f"fs_{key}_pycls", n_pycls, decimals=0)
        assert verdicts["ratio"].median() < 1, f"the prose: {key}'s typical later model was cheaper than forecast"
    _, _, hb_pycls = test(hb)
    assert_shown("fs_pycls", hb_pycls, decimals=0)
    assert hb_pycls > (hb["publication_date"] <= vocabulary.CUTOFF_DATE).sum() / 2, "the prose: most early models are the cluster"
    later_no = models.loc[no[no["publication_date"] > vocabulary.CUTOFF_DATE].index]
    assert_shown("fs_no_github", later_no["forward_compute_source"].str.contains("github:").sum(), decimals=0)
    # the prose: EVA-01's hardware burden is below Epoch AI's estimate of the operations it performed
    eva = models[models["model"].str.startswith("EVA-01")].iloc[0]
    assert eva["hardware_burden_flop"] < eva["training_compute_flop"]
    last = models[vocabulary.record_setting(models["publication_date"], models["top1_error"])].sort_values("publication_date").iloc[-1]
    assert glued(CHAPTER)["rt_last_date"] == f"{last['publication_date']:%B %Y}"
    assert glued(CHAPTER)["rt_last_year"] == f"{last['publication_date']:%Y}"
