"""scaling_lib.scaling (the ninth-power chapter's helpers), its live calculator and its answer checks.

Expected values are computed here independently: numpy least squares and scipy's t quantiles
for the fits, the textbook formulas for prediction bands, costs.cost_table for the cost chain.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from scaling_lib import costs, data, exercises, scaling, vocabulary, widgets
from scaling_lib.charts import render


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.model_compute_table()


@pytest.fixture(scope="module")
def points(models) -> pd.DataFrame:
    return scaling.points(models)


@pytest.fixture(scope="module")
def fit(points):
    return scaling.fit_power_law(points)


def ols(x: np.ndarray, y: np.ndarray):
    """Intercept and slope by numpy least squares, their covariance, the residual variance and df."""
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    df = len(y) - 2
    s2 = float(np.sum((y - design @ coef) ** 2) / df)
    return coef, s2 * np.linalg.inv(design.T @ design), s2, df


# --------------------------------------------------------------------------- points
def test_points_cut_the_table_to_one_measure(models):
    for label, measure in vocabulary.MEASURES.items():
        rows = scaling.points(models, label)
        have = models[models[measure.column].notna()]
        assert len(rows) == len(have) and set(rows["model"]) == set(have["model"])
        assert rows["publication_date"].is_monotonic_increasing
        by_model = have.set_index("model")[measure.column]
        assert np.allclose(rows["compute_flop"], by_model.loc[rows["model"]].to_numpy())
    hb = scaling.points(models)
    assert list(hb["data_group"]) == [vocabulary.extra_data_group(t) for t in hb["extra_training_data"]]
    early = hb["publication_date"] <= vocabulary.CUTOFF_DATE
    assert (hb.loc[early, "period"] == vocabulary.PERIODS[0]).all() and (hb.loc[~early, "period"] == vocabulary.PERIODS[1]).all()
    assert np.allclose(hb["publication_year"], vocabulary.decimal_year(hb["publication_date"]))
    moved = scaling.points(models, cutoff="2018-12-31")
    assert (moved["period"] == vocabulary.PERIODS[0]).sum() < early.sum()


def test_points_refuse_bad_input(models):
    with pytest.raises(ValueError, match="measure"):
        scaling.points(models, "FLOPs")
    with pytest.raises(ValueError, match="measure"):
        scaling.points(models, ["hardware burden"])
    with pytest.raises(ValueError, match="cutoff"):
        scaling.points(models, cutoff="1999-01-01")
    with pytest.raises(ValueError, match="cutoff"):
        scaling.points(models, cutoff="not a date")
    with pytest.raises(ValueError, match="models"):
        scaling.points(models.drop(columns="top1_error"))


# --------------------------------------------------------------------------- fits
def test_fit_and_gamma_match_least_squares(points, fit):
    x, y = np.log10(points["compute_flop"].to_numpy()), np.log10(points["top1_error"].to_numpy())
    (a, b), cov, _, df = ols(x, y)
    assert fit.params.to_numpy() == pytest.approx([a, b])
    half = stats.t.ppf(0.975, df) * np.sqrt(cov[1, 1])
    gamma, low, high = scaling.gamma_interval(fit)
    assert (gamma, low, high) == pytest.approx((-1 / b, -1 / (b - half), -1 / (b + half)))
    assert low < gamma < high
    half90 = stats.t.ppf(0.95, df) * np.sqrt(cov[1, 1])
    assert scaling.gamma_interval(fit, level=0.9)[1] == pytest.approx(-1 / (b - half90))


def test_gamma_interval_is_unbounded_when_the_slope_may_be_zero():
    rng = np.random.default_rng(3)
    flat = pd.DataFrame({"compute_flop": np.logspace(18, 22, 8), "top1_error": 0.2 * np.exp(rng.normal(0, 0.3, 8))})
    flat["top1_error"] = flat["top1_error"] * (flat["compute_flop"] / 1e18) ** -0.01
    gamma, low, high = scaling.gamma_interval(scaling.fit_power_law(flat))
    assert high == np.inf and low > 0


def test_fit_refuses_bad_points(points):
    with pytest.raises(ValueError, match="top1_error"):
        scaling.fit_power_law(points.assign(top1_error=100 * points["top1_error"]))
    with pytest.raises(ValueError, match="distinct"):
        scaling.fit_power_law(points.assign(compute_flop=1e20))
    with pytest.raises(ValueError, match="points"):
        scaling.fit_power_law(points.head(2))
    with pytest.raises(TypeError, match="fit"):
        scaling.gamma_interval({"slope": -0.1})
    with pytest.raises(ValueError, match="term"):
        scaling.gamma_interval(smf.ols("np.log10(top1_error) ~ publication_year", data=points).fit())


def test_line_band_is_the_textbook_band(points, fit):
    x, y = np.log10(points["compute_flop"].to_numpy()), np.log10(points["top1_error"].to_numpy())
    (a, b), cov, s2, df = ols(x, y)
    at = np.array([1e18, 1e21, 1e26])
    band = scaling.line_band(fit, at)
    x0 = np.log10(at)
    var_mean = cov[0, 0] + 2 * x0 * cov[0, 1] + x0**2 * cov[1, 1]
    t = stats.t.ppf(0.975, df)
    assert band["top1_error_pct"].to_numpy() == pytest.approx(100 * 10 ** (a + b * x0))
    assert band["mean_high_pct"].to_numpy() == pytest.approx(100 * 10 ** (a + b * x0 + t * np.sqrt(var_mean)))
    assert band["pred_low_pct"].to_numpy() == pytest.approx(100 * 10 ** (a + b * x0 - t * np.sqrt(var_mean + s2)))
    trend = smf.ols("np.log10(top1_error) ~ publication_year", data=points).fit()
    by_year = scaling.line_band(trend, [2015.0, 2020.0], "publication_year")
    assert list(by_year.columns)[0] == "publication_year" and by_year["top1_error_pct"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="column"):
        scaling.line_band(fit, at, "year")
    with pytest.raises(ValueError, match="values"):
        scaling.line_band(fit, [1e20])


def test_compute_needed_inverts_the_band_exactly(points, fit):
    x, y = np.log10(points["compute_flop"].to_numpy()), np.log10(points["top1_error"].to_numpy())
    (a, b), cov, s2, df = ols(x, y)
    t = stats.t.ppf(0.975, df)
    needed = scaling.compute_needed(fit, [0.05, 0.01])
    assert needed["compute_flop"].to_numpy() == pytest.approx(10 ** ((np.log10([0.05, 0.01]) - a) / b))
    for _, row in needed.iterrows():
        target = np.log10(row["target_error"])
        # the line falls with compute: at the low end the target sits on the band's lower edge, at the high end on its upper
        for end, extra, sign in ((row["compute_flop_low"], s2, -1), (row["compute_flop_high"], s2, +1),
                                 (row["mean_low"], 0.0, -1), (row["mean_high"], 0.0, +1)):
            x0 = np.log10(end)
            edge = a + b * x0 + sign * t * np.sqrt(cov[0, 0] + 2 * x0 * cov[0, 1] + x0**2 * cov[1, 1] + extra)
            assert edge == pytest.approx(target, abs=1e-9), "the band passes through the target at each end"
        assert row["compute_flop_low"] < row["mean_low"] < row["compute_flop"] < row["mean_high"] < row["compute_flop_high"]
    assert scaling.compute_needed(fit, 0.05)["compute_flop"].item() == pytest.approx(needed["compute_flop"].iloc[0])


def test_compute_needed_is_unbounded_for_a_flat_line():
    rng = np.random.default_rng(3)
    flat = pd.DataFrame({"compute_flop": np.logspace(18, 22, 8), "top1_error": 0.2 * np.exp(rng.normal(0, 0.3, 8))})
    needed = scaling.compute_needed(scaling.fit_power_law(flat), 0.05).iloc[0]
    assert needed["compute_flop_low"] == 0 and needed["compute_flop_high"] == np.inf


def test_compute_needed_refuses_bad_input(points, fit):
    with pytest.raises(ValueError, match="target_errors"):
        scaling.compute_needed(fit, 5.0)
    with pytest.raises(ValueError, match="fit"):
        scaling.compute_needed(smf.ols("np.log10(top1_error) ~ np.log10(compute_flop) + publication_year", data=points).fit())
    with pytest.raises(ValueError, match="level"):
        scaling.compute_needed(fit, level=1.0)


# --------------------------------------------------------------------------- calculator grid
def test_calculator_tables_follow_the_cost_chain(fit):
    tables = scaling.calculator_tables(fit)
    assert list(tables["compute"]["target_error_pct"]) == list(scaling.CALCULATOR_TARGETS_PCT)
    n_targets, n_utils = len(scaling.CALCULATOR_TARGETS_PCT), len(scaling.CALCULATOR_UTILIZATIONS)
    assert len(tables["device"]) == n_targets * n_utils
    assert len(tables["cost"]) == n_targets * n_utils * len(scaling.PRICE_OPTIONS)
    assert len(tables["carbon"]) == n_targets * n_utils * len(scaling.INTENSITY_OPTIONS)
    five = scaling.compute_needed(fit, 0.05).iloc[0]
    price = scaling.PRICE_OPTIONS[1][1]
    cost = tables["cost"].query("target_error_pct == 5.0 and utilization == 0.5 and dollars_per_gpu_hour == @price").iloc[0]
    chain = costs.cost_table(five["compute_flop"], utilization=0.5, dollars_per_gpu_hour=price).set_index("quantity")["value"]
    assert cost["dollars"] == pytest.approx(chain["cost"])
    low = costs.cost_table(five["compute_flop_low"], utilization=0.5, dollars_per_gpu_hour=price).set_index("quantity")["value"]
    assert cost["dollars_low"] == pytest.approx(low["cost"])
    grid = scaling.INTENSITY_OPTIONS[2][1]
    carbon = tables["carbon"].query("target_error_pct == 5.0 and utilization == 1.0 and lbs_co2_per_kwh == @grid").iloc[0]
    chain = costs.cost_table(five["compute_flop"], lbs_co2_per_kwh=grid).set_index("quantity")["value"]
    assert carbon["nyc_months"] == pytest.approx(chain["New York City emissions"])
    device = tables["device"].query("target_error_pct == 5.0 and utilization == 1.0").iloc[0]
    assert device["energy_kwh"] == pytest.approx(chain["energy"])
    faster = scaling.calculator_tables(fit, targets_pct=[5.0], utilizations=[1.0], peak_flops=93e12)
    assert faster["device"]["energy_kwh"].item() == pytest.approx(device["energy_kwh"] / 10)


def test_calculator_tables_refuse_bad_settings(fit):
    with pytest.raises(ValueError, match="targets_pct"):
        scaling.calculator_tables(fit, targets_pct=[0.05, 120.0])
    with pytest.raises(TypeError, match="prices"):
        scaling.calculator_tables(fit, prices=[1.46])
    with pytest.raises(ValueError, match="device factors"):
        scaling.calculator_tables(fit, dollars_per_gpu_hour=1.0)


def test_formats():
    assert scaling.format_sci(4.814e25) == "4.8 × 10²⁵"
    assert scaling.format_sci(9.96e25) == "1.0 × 10²⁶"
    assert scaling.format_sci(556.51, 3) == "557" and scaling.format_sci(4813.9, 3) == "4,810"
    assert scaling.format_sci(8.6e-4) == "8.6 × 10⁻⁴" and scaling.format_sci(0.0598) == "0.060"
    assert scaling.format_sci(float("inf")) == "∞" and scaling.format_sci(0) == "0"
    assert scaling.format_dollars(2.0993e9) == "$2.1 billion" and scaling.format_dollars(4.36e11) == "$436 billion"
    assert scaling.format_dollars(3.0e7) == "$30 million" and scaling.format_dollars(5.0e15) == "$5.0 × 10¹⁵"
    with pytest.raises(ValueError, match="value"):
        scaling.format_sci(-1.0)
    with pytest.raises(ValueError, match="digits"):
        scaling.format_sci(1.0, 5)


# --------------------------------------------------------------------------- live calculator
def test_widget_is_a_note_on_the_site(monkeypatch, fit):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.scaling_widget(fit), widgets.LiveOnlyNote)
    with pytest.raises(TypeError, match="fit"):
        widgets.scaling_widget("not a fit")


def test_widget_recomputes_for_any_value(monkeypatch, fit):
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.scaling_widget(fit)
    assert isinstance(control, widgets.LiveControl)
    five = scaling.compute_needed(fit, 0.05).iloc[0]
    chain = costs.cost_table(five["compute_flop"]).set_index("quantity")["value"]

    def shown(spec):
        return {column: row[column] for rows in spec["datasets"].values() for row in rows for column in row if column.endswith("_text")}

    texts = shown(control.update(target_error_pct=5.0).to_dict())
    assert texts["compute_text"] == scaling.format_sci(five["compute_flop"])
    assert texts["cost_text"] == scaling.format_dollars(chain["cost"])
    assert texts["nyc_text"] == scaling.format_sci(chain["New York City emissions"])
    cheap = shown(control.update(target_error_pct=5.0, dollars_per_gpu_hour=0.146).to_dict())
    assert cheap["cost_text"] == scaling.format_dollars(chain["cost"] / 10)
    odd = control.update(target_error_pct=0.37).to_dict()
    assert "0.37" in odd["title"] and odd["description"]
    control.controls["target_error_pct"].value = 2.0  # the slider's callback redraws without error
    default = widgets.scaling_widget()  # no fit given: the widget fits the hardware-burden line itself
    assert shown(default.update(target_error_pct=5.0).to_dict())["compute_text"] == texts["compute_text"]


# --------------------------------------------------------------------------- answer checks
def test_answer_checks_take_the_students_own_computation(points, fit):
    gamma = scaling.gamma_interval(fit)[0]
    assert exercises.check("scaling-ratio", (points["top1_error"].min() / 0.05) ** gamma).correct
    wrong = exercises.check("scaling-ratio", (points["top1_error"].min() / 0.05) ** 4)
    assert not wrong.correct and "too low" in wrong.message and "Hint" in wrong.message
    year_fit = smf.ols("np.log10(top1_error) ~ np.log10(compute_flop) + publication_year", data=points).fit()
    assert exercises.check("scaling-year", -1 / year_fit.params["np.log10(compute_flop)"]).correct
    assert not exercises.check("scaling-year", gamma).correct
    clean = points[points["data_group"] == vocabulary.GROUP_LABELS[0]]
    clean_gamma = scaling.gamma_interval(scaling.fit_power_law(clean))[0]
    assert exercises.check("scaling-clean", clean_gamma).correct and len(clean) < len(points)
    assert not exercises.check("scaling-clean", clean_gamma * 1.05).correct
    five = scaling.compute_needed(fit, 0.05)["compute_flop"].item()
    preemptible = costs.cost_table(five, scenario="p100_strubell_preemptible").set_index("quantity")["value"]["cost"]
    assert exercises.check("scaling-preemptible", preemptible).correct
    assert not exercises.check("scaling-preemptible", preemptible * 1.46 / 0.43).correct
    months = costs.cost_table(1e28).set_index("quantity")["value"]["New York City emissions"]
    assert exercises.check("scaling-co2-cell", months).correct and 10 < months < 14
    assert not exercises.check("scaling-co2-cell", 1.0).correct


def test_bootstrap_check_accepts_any_seed(models):
    tc = scaling.points(models, "training compute (Epoch AI)")
    x, y = np.log10(tc["compute_flop"].to_numpy()), np.log10(tc["top1_error"].to_numpy())
    for seed in (1, 7):
        rng = np.random.default_rng(seed)
        slopes = [np.polyfit(x[pick], y[pick], 1)[0] for pick in rng.integers(0, len(x), size=(2000, len(x)))]
        assert exercises.check("scaling-bootstrap", -1 / np.percentile(slopes, 2.5)).correct
    assert not exercises.check("scaling-bootstrap", scaling.gamma_interval(scaling.fit_power_law(tc))[1] * 0.9).correct
