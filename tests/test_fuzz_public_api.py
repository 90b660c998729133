"""Fuzz every public function of ``scaling_lib`` with bad input.

The promise (see the project conventions): every public function refuses bad input
with a ``ValueError`` or ``TypeError`` whose message says what is wrong; it never
returns garbage (NaN or infinity in its numbers) and never crashes deep inside
numpy or pandas with an ``IndexError``, ``KeyError``, ``ZeroDivisionError``,
``LinAlgError``, a ``RuntimeWarning`` or a raw library message.

The functions are discovered, not listed: every module of the package is walked with
:mod:`pkgutil`, and a function added later is fuzzed without editing this file. Public
means named in the module's ``__all__`` if it has one, otherwise a name not starting
with ``_``; only functions defined in that module count (classes and re-exports are
skipped), and private modules (``_checks``, ``_threads``) are left to their own tests.

For each function and each of its parameters in turn, the parameter gets a bad value
while every other argument keeps its default, or the valid sample value from
:data:`VALID_ARGUMENTS` when it has no default. The bad values are a fixed catalogue
(NaN, ±infinity, negatives, zero, 1e308, empty list and array, a string, ``None``, a
dict, a 2-D array, DataFrames without the expected columns), run for every pair as
explicit examples, plus values drawn by hypothesis (negative numbers, strings, short
lists of floats with NaN and infinity).

Outcome rules, per call: either a ``ValueError`` or ``TypeError`` raised by scaling_lib's
own code (not deep inside numpy, pandas or altair) whose message names the parameter and
is not a raw library message; or a result whose numbers are all finite, except where
:data:`ALLOWED_NONFINITE` says (with a reason) that NaN or infinity means something there.
Any other exception, including a ``RuntimeWarning`` (turned into an error here), fails.
Every call runs in a temporary working directory, so a function that writes files and
is given a string as a path writes there.
"""
from __future__ import annotations

import atexit
import contextlib
import copy
import dataclasses
import functools
import importlib
import inspect
import math
import numbers
import pkgutil
import re
import shutil
import sys
import tempfile
import traceback
import warnings
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import scaling_lib

PACKAGE_DIR = Path(scaling_lib.__file__).resolve().parent
BOOK_DIR = PACKAGE_DIR.parent / "book"

# --------------------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------------------


def _module_names() -> list[str]:
    names = ["scaling_lib"]
    names += [info.name for info in pkgutil.walk_packages(scaling_lib.__path__, "scaling_lib.")]
    return sorted(name for name in names if not any(part.startswith("_") for part in name.split(".")))


def public_functions() -> dict[str, Callable[..., Any]]:
    """Every public function of every scaling_lib module, by qualified name."""
    found: dict[str, Callable[..., Any]] = {}
    for module_name in _module_names():
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None)
        if names is None:
            names = [name for name in vars(module) if not name.startswith("_")]
        for name in names:
            obj = getattr(module, name, None)
            if inspect.isfunction(obj) and obj.__module__ == module_name:
                found[f"{module_name}.{name}"] = obj
    return found


FUNCTIONS = public_functions()


def _fuzzable_parameters(function: Callable[..., Any]) -> list[inspect.Parameter]:
    return [
        parameter
        for parameter in inspect.signature(function).parameters.values()
        if parameter.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]


def _required(function: Callable[..., Any]) -> list[str]:
    return [p.name for p in _fuzzable_parameters(function) if p.default is inspect.Parameter.empty]


# --------------------------------------------------------------------------------------
# Valid sample arguments
# --------------------------------------------------------------------------------------

WORKDIR = Path(tempfile.mkdtemp(prefix="scaling_lib_fuzz_"))
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
"""Every call runs with this as the working directory, so a file-writing function
given a string as a path writes here, never into the repository."""


@functools.cache
def _small_learning_curves() -> pd.DataFrame:
    from scaling_lib import flexibility

    return flexibility.learning_curves(30, 1, 0.5, n_true=5, n_replicates=3, train_sizes=[5, 10, 20, 40, 80, 160])


@functools.cache
def _small_learning_grid() -> pd.DataFrame:
    from scaling_lib import flexibility

    return flexibility.learning_curves((25, 50), (0, 1), (0.25, 0.5), n_replicates=2, train_sizes=[5, 10, 20, 40, 80, 160])


def _small_crossings(curves: pd.DataFrame) -> pd.DataFrame:
    from scaling_lib import flexibility

    return flexibility.crossovers(curves)


def _small_approximation() -> dict[str, Any]:
    x = np.linspace(0.0, 1.0, 11)
    networks = pd.DataFrame({w: np.sin(3 * x) + 0.1 / w for w in (5, 10, 15)}, index=x)
    reference = pd.DataFrame({"target": np.sin(3 * x), "quadratic": x}, index=x)
    return {"networks": networks, "reference": reference, "network_rmse": pd.Series({5: 0.02, 10: 0.01, 15: 0.007}), "quadratic_rmse": 0.3}


@functools.cache
def _small_double_descent_grid() -> pd.DataFrame:
    from scaling_lib import overparameterization as op

    return op.double_descent_grid((20, 60), (0.0, 0.2), (0.0, 1e-3), n_replicates=2)


def _gradient_descent_arrays() -> dict[str, Any]:
    steps = np.arange(4.0)[:, None]
    return {"distance": 2.0**-steps * [1.0, 2.0], "loss": 10.0**-steps * [1.0, 1.0], "norm": 0.5 + 0 * steps * [1.0, 1.0]}


def _cost_table() -> pd.DataFrame:
    k = np.arange(1.0, 4.5, 0.5)
    return pd.DataFrame({"k": k, "data_multiplier": k**2, "compute_growing_model": k**4, "compute_fixed_model": k**2})


@functools.cache
def _small_task() -> tuple[np.ndarray, np.ndarray]:
    from scaling_lib import smaller_networks

    return smaller_networks.spiral_task(120, seed=0)


@functools.cache
def _small_mlp():
    from scaling_lib import smaller_networks

    X, y = _small_task()
    return smaller_networks.train_mlp(X, y, hidden_units=(8,), epochs=2)


@functools.cache
def _small_pruning_curve() -> pd.DataFrame:
    return pd.DataFrame({"sparsity": [0.0, 0.5, 0.9], "inference_flop": [80.0, 40.0, 8.0],
                         "pruned": [0.9, 0.8, 0.6], "pruned + fine-tuned": [0.95, 0.9, 0.85]})


@functools.cache
def _small_boundary() -> pd.DataFrame:
    from scaling_lib import smaller_networks

    return smaller_networks.boundary_grid({s: (_small_mlp(), _small_mlp()) for s in (0.0, 0.5, 0.9)})


@functools.cache
def _small_ledger() -> tuple[pd.DataFrame, pd.DataFrame]:
    from scaling_lib import smaller_networks

    return smaller_networks.ledger_grid(1e15, 1e6)


def _shift_grid() -> pd.DataFrame:
    """A small table of the meta-learning page's shape (two strengths of every kind of shift)."""
    accuracy = np.array([0.9, 0.6] * 4)
    return pd.DataFrame({
        "shift_kind": np.repeat(["rotation", "translation", "class_balance", "noise"], 2), "shift_strength": [0.0, 1.0] * 4,
        "test_accuracy": accuracy, "accuracy_drop": 0.9 - accuracy, "relative_accuracy_drop": 1 - accuracy / 0.9,
        "accuracy_fixed": accuracy, "accuracy_adapted": accuracy + 0.05,
    })


@functools.cache
def _outlook_inputs() -> dict[str, Any]:
    from scaling_lib import data, outlook, vocabulary

    models = data.load_imagenet_models()
    records = models[vocabulary.record_setting(models["publication_date"], models["top1_error"])].assign(
        year=lambda t: vocabulary.decimal_year(t["publication_date"]))
    grid, milestones = outlook.scenarios(0.089, 2023.1, {"9 (article)": 9.0, "4 (theory)": 4.0}, {"4.1×": 4.1, "1.3×": 1.3}, {"1×": 1.0})
    one = outlook.scenarios(0.089, 2023.1, {"γ": 9.0}, {"c": 4.1}, {"a": 1.0})
    curve = pd.DataFrame({"year": [2020.2, 2023.1], "top1_error": [0.115, 0.076], "top1_error_low": [0.115, 0.069],
                          "top1_error_high": [0.115, 0.083]})
    return {"grid": grid, "milestones": milestones, "records": records, "one": one, "curve": curve}


@functools.cache
def _power_law_fit():
    from scaling_lib import scaling

    return scaling.fit_power_law(scaling.points(_model_table()))


@functools.cache
def _record_trend():
    import statsmodels.formula.api as smf

    from scaling_lib import vocabulary

    models = _model_table()
    records = models[vocabulary.record_setting(models["publication_date"], models["top1_error"])].assign(
        data_group=lambda d: d["extra_training_data"].map(vocabulary.extra_data_group), period=vocabulary.PERIODS[0])
    return records, smf.ols("np.log10(top1_error) ~ publication_year", data=records).fit()


@functools.cache
def _hardware_tables() -> dict[str, pd.DataFrame]:
    """The hardware chapter's chips (with its derived columns), a trends table and its runs."""
    from scaling_lib import data, hardware, vocabulary

    chips = data.load_accelerators()
    chips = chips.assign(year=vocabulary.decimal_year(chips["release_date"]))
    for rate, peak in (("fp32", "peak_flops_fp32"), ("tensor16", "peak_flops_tensor16_dense")):
        chips[f"per_dollar_{rate}"] = chips[peak] / chips["launch_price_usd"]
        chips[f"per_watt_{rate}"] = chips[peak] / chips["tdp_w"]
    columns = [c for by_format in hardware.TREND_COLUMNS.values() for c in by_format.values()]
    trends = pd.DataFrame({"intercept": -200.0, "slope": 0.1, "doubling_years": 3.0, "low": 2.0, "high": 4.0}, index=columns)
    runs = data.model_compute_table().dropna(subset=["processor_count", "train_hours", "peak_flops_used"])
    return {"chips": chips, "trends": trends, "runs": runs}


@functools.cache
def _chart_spec() -> dict[str, Any]:
    from scaling_lib.charts import bounds as bounds_charts

    return bounds_charts.multiplier_bars(2.0).to_dict()


def _one_retro_run() -> pd.DataFrame:
    from scaling_lib import hardware

    runs, chips = _hardware_tables()["runs"], _hardware_tables()["chips"]
    return hardware.retro_cost_table(runs[runs["model"] == "CoCa (fine-tuned)"], chips)


def _one_calculator_row() -> dict[str, pd.DataFrame]:
    from scaling_lib import scaling

    return scaling.calculator_tables(_power_law_fit(), targets_pct=[5.0], utilizations=[0.5], prices=[("chosen", 1.46)],
                                     intensities=[("chosen", 0.954)])


def _check_label() -> str:
    from scaling_lib import exercises

    exercises.load_chapter_checks()
    return sorted(exercises.CHECKS)[0]


@functools.cache
def _appendix_points() -> pd.DataFrame:
    """The data appendix's long table (one row per model and measure), as the page builds it."""
    from scaling_lib import data, vocabulary

    table = data.model_compute_table()
    rows = table[table["hardware_burden_flop"].notna()]
    return pd.DataFrame({"model": rows["model"], "year": rows["publication_date"].dt.year, "top1_error": rows["top1_error"],
                         "measure": "hardware burden", "compute_flop": rows["hardware_burden_flop"],
                         "extra_training_data": rows["extra_training_data"],
                         "extra_data": rows["extra_training_data"].map(vocabulary.extra_data_group)})


@functools.cache
def _appendix_coverage() -> pd.DataFrame:
    return pd.DataFrame({"models": [3, 0, 5], "hardware burden": [1, 0, 2]}, index=pd.Index([2012, 2013, 2014]))


VALID_ARGUMENTS: dict[str, Callable[[], dict[str, Any]]] = {
    # bounds
    "scaling_lib.bounds.multiplier_grid": lambda: {"k_values": [1.0, 2.0, 4.0]},
    # charts
    "scaling_lib.charts.bounds.rate_chart": lambda: {
        "simulation": pd.DataFrame({"n": [4, 16], "rmse": [0.5, 0.26], "mse": [0.25, 0.07], "rmse_theory": [0.5, 0.25], "mse_theory": [0.25, 0.0625]}),
        "rmse_slope": -0.5,
        "mse_slope": -1.0,
    },
    "scaling_lib.charts.bounds.price_calculator": lambda: {"exponents": __import__("scaling_lib.bounds").bounds.exponent_table()},
    "scaling_lib.charts.bounds.multiplier_bars": lambda: {"k": 2.0},
    "scaling_lib.charts.bundle.main": lambda: {"argv": ["vega-bundle.js"]},
    "scaling_lib.charts.common.slider": lambda: {"name": "k", "values": [1.0, 2.0, 3.0], "value": 2.0, "label": "k"},
    "scaling_lib.charts.common.dropdown": lambda: {"name": "m", "options": ["a", "b"], "value": "a", "label": "m"},
    "scaling_lib.charts.common.log_axis_note": lambda: {"unit": "FLOP"},
    "scaling_lib.charts.flexibility.learning_curve_explorer": lambda: {
        "grid": _small_learning_grid(), "crossings": _small_crossings(_small_learning_grid()), "pool_start": 25, "missed_start": 1, "noise_start": 0.5,
    },
    "scaling_lib.charts.flexibility.crossover_chart": lambda: {"crossings": _small_crossings(_small_learning_grid())},
    "scaling_lib.charts.flexibility.learning_curve_chart": lambda: {"curves": _small_learning_curves(), "crossings": _small_crossings(_small_learning_curves())},
    "scaling_lib.charts.flexibility.approximation_explorer": _small_approximation,
    "scaling_lib.charts.hardware.trend_chart": lambda: {k: _hardware_tables()[k] for k in ("chips", "trends")},
    "scaling_lib.charts.hardware.decomposition_chart": lambda: {
        "pairs": __import__("scaling_lib.hardware").hardware.decomposition_pairs(_hardware_tables()["runs"])},
    "scaling_lib.charts.hardware.retro_cost_chart": lambda: {"table": _one_retro_run()},
    "scaling_lib.charts.meta_learning.shift_scatter": lambda: {"kind": "rotation", "shift_strength": 30.0},
    "scaling_lib.charts.meta_learning.accuracy_curves_chart": lambda: {"grid": _shift_grid()},
    "scaling_lib.charts.meta_learning.adaptation_chart": lambda: {"table": _shift_grid()},
    "scaling_lib.charts.meta_learning.real_world_chart": lambda: {"grid": _shift_grid(), "level_start": 1},
    "scaling_lib.charts.outlook.outlook_explorer": lambda: {
        key: _outlook_inputs()[key] for key in ("grid", "milestones", "records")
    },
    "scaling_lib.charts.outlook.projection_chart": lambda: dict(zip(("grid", "milestones"), _outlook_inputs()["one"])),
    "scaling_lib.charts.outlook.backtest_chart": lambda: {
        "curve": _outlook_inputs()["curve"], "records": _outlook_inputs()["records"], "cutoff_year": 2020.5,
    },
    "scaling_lib.charts.outlook.headline_chart": lambda: {"numbers": __import__("scaling_lib.outlook").outlook.headline_numbers(9.1, 7.3, 12.2, 16)},
    "scaling_lib.charts.overparameterization.double_descent_chart": lambda: {"grid": _small_double_descent_grid()},
    "scaling_lib.charts.overparameterization.ridge_chart": lambda: {"grid": _small_double_descent_grid()},
    "scaling_lib.charts.overparameterization.gradient_descent_chart": _gradient_descent_arrays,
    "scaling_lib.charts.overparameterization.cost_growth_chart": lambda: {"cost": _cost_table()},
    "scaling_lib.charts.render.write_vega_bundle": lambda: {"path": "vega-bundle.js"},
    "scaling_lib.charts.render.chart_html": lambda: {"spec": _chart_spec()},
    "scaling_lib.charts.render.render": lambda: {"spec": _chart_spec()},
    "scaling_lib.charts.scaling.fit_chart": lambda: {"fits": {"hardware burden": _power_law_fit()}},
    "scaling_lib.charts.scaling.gamma_chart": lambda: {
        "ours": pd.DataFrame({"sample": ["all"], "n": [16], "gamma": [9.1], "gamma_low": [7.3], "gamma_high": [12.2]})},
    "scaling_lib.charts.scaling.residual_chart": lambda: {
        "points": _power_law_fit().model.data.frame, "residuals": _power_law_fit().resid.to_frame("power law")},
    "scaling_lib.charts.scaling.readout_chart": lambda: {"tables": _one_calculator_row()},
    "scaling_lib.charts.scaling.calculator_chart": lambda: {
        "tables": __import__("scaling_lib.scaling").scaling.calculator_tables(_power_law_fit(), targets_pct=[4.5, 5.0], utilizations=[0.9, 1.0]),
        "fit": _power_law_fit()},
    "scaling_lib.charts.scaling.forecast_chart": lambda: {
        "tests": {"hardware burden": (_power_law_fit(), _power_law_fit().model.data.frame.assign(verdict="within the band"))}},
    "scaling_lib.charts.scaling.record_chart": lambda: dict(zip(("records", "trend"), _record_trend())),
    "scaling_lib.charts.smaller_networks.flop_text": lambda: {"value": 1e18},
    "scaling_lib.charts.smaller_networks.pruning_chart": lambda: {
        "curve": _small_pruning_curve(),
        "boundary": _small_boundary(),
        "X": _small_task()[0][:20],
        "y": _small_task()[1][:20],
    },
    "scaling_lib.charts.smaller_networks.flop_chart": lambda: {"curve": _small_pruning_curve()},
    "scaling_lib.charts.smaller_networks.ledger_chart": lambda: dict(zip(("lines", "crossings"), _small_ledger())),
    "scaling_lib.charts.smaller_networks.dominance_chart": lambda: {
        "shares": pd.DataFrame({"once a year": [0.9, 0.1], "every week": [1.0, 0.8]}, index=[1e3, 1e6]),
        "even_split": pd.Series({"once a year": 1e4, "every week": 5e5}),
    },
    "scaling_lib.charts.smaller_networks.search_scale_chart": lambda: {"scale": pd.Series({"one run": 1e9, "search": 1e18})},
    "scaling_lib.charts.smaller_networks.live_pruning_chart": lambda: {
        "boundary": _small_boundary(),
        "X": _small_task()[0][:20],
        "y": _small_task()[1][:20],
        "row": _small_pruning_curve().iloc[[2]],
    },
    # data
    "scaling_lib.data.peak_flops_for_precision": lambda: {"peak_flops_fp32": 1.5e13, "peak_flops_tensor16": 1.2e14, "kind": "GPU"},
    "scaling_lib.vocabulary.measure": lambda: {"label": "hardware burden"},
    "scaling_lib.vocabulary.extra_data_group": lambda: {"extra_training_data": "JFT-300M"},
    "scaling_lib.vocabulary.decimal_year": lambda: {"dates": ["2012-09-30", "2020-06-30"]},
    "scaling_lib.vocabulary.record_setting": lambda: {"dates": ["2012-09-30", "2014-09-04", "2015-12-10"], "error": [0.37, 0.25, 0.22]},
    "scaling_lib.costs.cost_chain": lambda: {"compute_flop": 1e18},
    "scaling_lib.charts.data.compute_error_chart": lambda: {"points": _appendix_points()},
    "scaling_lib.charts.data.coverage_chart": lambda: {"coverage": _appendix_coverage()},
    "scaling_lib.costs.gpu_hours": lambda: {"compute_flop": 1e18},
    "scaling_lib.costs.flop_to_dollars": lambda: {"compute_flop": 1e18},
    "scaling_lib.costs.flop_to_energy_kwh": lambda: {"compute_flop": 1e18},
    "scaling_lib.costs.energy_to_co2_lbs": lambda: {"energy_kwh": 100.0},
    "scaling_lib.costs.flop_to_co2_lbs": lambda: {"compute_flop": 1e18},
    "scaling_lib.costs.lbs_to_tonnes": lambda: {"lbs": 1000.0},
    "scaling_lib.costs.co2_in_nyc_months": lambda: {"co2_lbs": 1e6},
    "scaling_lib.costs.co2_in_flights": lambda: {"co2_lbs": 1e6},
    "scaling_lib.costs.cost_table": lambda: {"compute_flop": 1e18},
    # coursework
    "scaling_lib.coursework.chapter_exercises": lambda: {"path": BOOK_DIR / "bounds.md"},
    "scaling_lib.coursework.student_markdown": lambda: {"text": "# Title\n\nSome text.\n"},
    "scaling_lib.coursework.write_student_edition": lambda: {"chapters": [BOOK_DIR / "bounds.md"], "out_dir": WORKDIR / "student"},
    # exercises
    "scaling_lib.exercises.check": lambda: {"exercise": _check_label(), "answer": 1.0},
    "scaling_lib.exercises.register": lambda: {"label": "fuzz-test-only", "expected": lambda: 1.0, "relative_tolerance": 0.01, "hint": "none"},
    # scaling
    "scaling_lib.scaling.points": lambda: {"models": _model_table()},
    "scaling_lib.scaling.fit_power_law": lambda: {"points": _power_law_fit().model.data.frame},
    "scaling_lib.scaling.gamma_interval": lambda: {"fit": _power_law_fit()},
    "scaling_lib.scaling.line_band": lambda: {"fit": _power_law_fit(), "values": [1e18, 1e20, 1e22]},
    "scaling_lib.scaling.compute_needed": lambda: {"fit": _power_law_fit()},
    "scaling_lib.scaling.calculator_tables": lambda: {"fit": _power_law_fit(), "targets_pct": [5.0], "utilizations": [1.0]},
    "scaling_lib.scaling.format_sci": lambda: {"value": 1.5e18},
    "scaling_lib.scaling.format_dollars": lambda: {"value": 1234.5},
    # hardware
    "scaling_lib.hardware.trend_points": lambda: {k: _hardware_tables()[k] for k in ("chips", "trends")},
    "scaling_lib.hardware.decomposition_pairs": lambda: {"runs": _hardware_tables()["runs"]},
    "scaling_lib.hardware.retro_cost_table": lambda: {k: _hardware_tables()[k] for k in ("runs", "chips")},
    # smaller networks
    "scaling_lib.smaller_networks.train_mlp": lambda: {"X": _small_task()[0], "y": _small_task()[1], "hidden_units": (8,), "epochs": 2},
    "scaling_lib.smaller_networks.fine_tune": lambda: {
        "net": _small_mlp(),
        "masks": [np.ones_like(w) for w in _small_mlp().weights],
        "X": _small_task()[0],
        "y": _small_task()[1],
        "epochs": 1,
    },
    "scaling_lib.smaller_networks.boundary_grid": lambda: {"networks": {0.5: (_small_mlp(), _small_mlp())}},
    "scaling_lib.smaller_networks.ledger_grid": lambda: {"training_flop": 1e15, "inference_flop": 1e6},
    "scaling_lib.smaller_networks.pruned_network": lambda: {"sparsity": 0.9, "fine_tune_epochs": 1},
    # outlook
    "scaling_lib.outlook.scenarios": lambda: {
        "start_error": 0.089, "start_year": 2023.0, "gammas": {"9": 9.0}, "compute_growths": {"4.1×": 4.1}, "algorithmic_gains": {"1×": 1.0},
    },
    "scaling_lib.outlook.headline_numbers": lambda: {"gamma": 9.1, "gamma_low": 7.3, "gamma_high": 12.2, "n_models": 16},
    "scaling_lib.meta_learning.shift_scene": lambda: {"kind": "rotation", "strengths": [0.0, 30.0]},
    # simulations
    "scaling_lib.flexibility.learning_curves": lambda: {"pool_sizes": (25, 50), "missed_counts": (0, 1), "n_replicates": 3, "train_sizes": [5, 10, 20, 40, 80]},
    "scaling_lib.flexibility.crossovers": lambda: {"curves": _small_learning_grid()},
    "scaling_lib.overparameterization.double_descent_grid": lambda: {
        "n_train_values": (20,),
        "noise_levels": (0.2,),
        "ridge_values": (0.0, 1e-3),
        "n_replicates": 2,
    },
    "scaling_lib.overparameterization.draw_task": lambda: {"n_train": 20, "n_replicates": 2, "n_test": 50},
    # tables, widgets
    "scaling_lib.tables.format_cell": lambda: {"value": 1.5},
    "scaling_lib.tables.html_table": lambda: {"frame": pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]}), "caption": "A table"},
    "scaling_lib.widgets.live_control": lambda: {
        "title": "t",
        "what_it_does": "does",
        "controls": dict,
        "make_chart": lambda **values: None,
    },
}
"""Valid arguments for each public function that has required parameters.

A function not listed is called with its defaults. Some entries also give optional
arguments: small sizes for the simulations, so a bad value that is (rightly) accepted
(a seed of 0, ``None`` for an optional argument) does not start a full-size run.
Each value is a function, so sample data are only built when a test needs them."""

ALLOWED_NONFINITE: dict[str, tuple[str, str]] = {
    "scaling_lib.scaling.compute_needed": (
        "an interval end is 0 or inf when the slope is not distinguishable from zero (the line may never reach the "
        "target), and compute beyond 10^308 FLOP is inf (documented).",
        r"^result\['(compute_flop|compute_flop_low|compute_flop_high|mean_low|mean_high)'\]$",
    ),
    "scaling_lib.charts.scaling.gamma_chart": (
        "published values without an interval carry NaN at the interval's ends (drawn as a dot without a bar).",
        r"\['(gamma_low|high_shown)'\]$",
    ),
    "scaling_lib.flexibility.crossovers": (
        "NaN where the flexible model never overtakes the expert in the simulated range (documented): no crossover, no error or compute there.",
        r"\['(crossover_n|expert_error|flexible_error|expert_compute|flexible_compute)'\]$",
    ),
    "scaling_lib.data.load_accelerators": ("NaN marks a value the source does not report (missing data).", r"^result\["),
    "scaling_lib.data.load_imagenet_models": ("NaN marks a value the paper or source does not report (missing data).", r"^result\["),
    "scaling_lib.data.model_compute_table": (
        "NaN marks missing data and, for the derived compute columns, a model whose inputs are missing.",
        r"^result\[",
    ),
    "scaling_lib.smaller_networks.ledger_grid": (
        "the baseline's rows carry NaN in the two grid columns, as documented (they do not depend on the sliders).",
        r"^result\[0\]\['(extra|saving)'\]$",
    ),
    "scaling_lib.data.peak_flops_for_precision": (
        "NaN means the chip has no rate at the chosen precision (documented; NaN in marks a missing rate).",
        r"^result$",
    ),
}
"""Functions whose result may hold NaN or infinity by design: (reason, regex of the places it may appear)."""

SLOW: dict[str, int] = {}
"""Functions whose accepted calls are slow: fewer hypothesis examples (explicit catalogue still runs)."""


@functools.cache
def _model_table() -> pd.DataFrame:
    from scaling_lib import data

    return data.model_compute_table()


@functools.cache
def _models() -> pd.DataFrame:
    from scaling_lib import data

    return data.load_imagenet_models()


@functools.cache
def _accelerators() -> pd.DataFrame:
    from scaling_lib import data

    return data.load_accelerators()


PRELOADED: dict[tuple[str, str], Callable[[], pd.DataFrame]] = {
    ("scaling_lib.charts.data.", "table"): _model_table,
    ("scaling_lib.data.", "table"): _model_table,
    ("scaling_lib.outlook.", "table"): _model_table,
}
"""Data arguments whose default (None) means "read the book's CSV files": the same tables, read once,
so fuzzing another argument does not re-read and re-check the data on every call (a speed-up only)."""


@functools.cache
def _valid_arguments(qualname: str) -> dict[str, Any]:
    factory = VALID_ARGUMENTS.get(qualname)
    arguments = dict(factory()) if factory is not None else {}
    for parameter in _fuzzable_parameters(FUNCTIONS[qualname]) if qualname in FUNCTIONS else ():
        for (prefix, name), table in PRELOADED.items():
            if qualname.startswith(prefix) and parameter.name == name and parameter.default is None and name not in arguments:
                arguments[name] = table()
    return arguments


def valid_arguments(qualname: str) -> dict[str, Any]:
    """The valid arguments for ``qualname``; DataFrames copied, so no call sees another's changes."""
    return {name: value.copy() if isinstance(value, pd.DataFrame) else value for name, value in _valid_arguments(qualname).items()}


# --------------------------------------------------------------------------------------
# Bad values
# --------------------------------------------------------------------------------------

CATALOGUE: list[Any] = [
    float("nan"),
    float("inf"),
    float("-inf"),
    -1,
    -2.5,
    0,
    0.0,
    1e308,
    -1e308,
    [],
    np.array([]),
    "not a number",
    None,
    {},
    {"a": 1.0},
    np.ones((3, 2)),
    [float("nan"), 1.0],
    pd.DataFrame({"unexpected_column": [1.0, 2.0]}),
    pd.DataFrame(),
]

DRAWN = st.one_of(
    st.floats(max_value=-1e-12, min_value=-1e300, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**6), max_value=-1),
    st.text(max_size=8),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=3),
)

RAW_MESSAGES = re.compile(
    r"could not convert string to float|operands could not be broadcast|out of bounds|"
    r"unsupported operand type|not subscriptable|object is not iterable|has no len|"
    r"must be real number, not|argument must be a string or a|can't multiply sequence|"
    r"not supported between instances|truth value of an? .* is ambiguous|"
    r"^invalid literal for|cannot convert float NaN|setting an array element with a sequence|"
    r"object of type .* has no len|missing \d+ required|unexpected keyword argument|"
    r"Could not convert|cannot reshape|inhomogeneous shape|unhashable type",
    re.IGNORECASE,
)

_NOT_CLEAN = (IndexError, KeyError, ZeroDivisionError, AttributeError, np.linalg.LinAlgError, RecursionError, OverflowError)


# --------------------------------------------------------------------------------------
# Outcome rules
# --------------------------------------------------------------------------------------


def nonfinite_locations(value: Any, path: str = "result", seen: set[int] | None = None, depth: int = 0):
    """Yield where ``value``'s numbers hold NaN or infinity (a DataFrame column once, not every row)."""
    if seen is None:
        seen = set()
    if depth > 12 or id(value) in seen or value is None or isinstance(value, (bool, np.bool_, str, bytes)):
        return
    if isinstance(value, numbers.Number):
        try:
            number = complex(value)
        except (TypeError, ValueError):
            return
        if not (math.isfinite(number.real) and math.isfinite(number.imag)):
            yield f"{path} = {value!r}"
        return
    seen.add(id(value))
    if isinstance(value, pd.Series):
        value = value.to_frame()
    if isinstance(value, pd.DataFrame):
        numeric = value.select_dtypes(include="number")
        for column in numeric.columns:
            array = numeric[column].to_numpy(dtype=float, na_value=np.nan)
            bad = ~np.isfinite(array)
            if bad.any():
                yield f"{path}[{column!r}] = {array[bad][0]} (row {int(np.argmax(bad))})"
        for column in value.columns.difference(numeric.columns):
            if value[column].dtype == object:
                for index, item in enumerate(value[column].iloc[:200]):
                    if isinstance(item, (float, np.floating)) and not math.isfinite(item):
                        continue  # NaN for a missing label in a text column is pandas' missing value
                    yield from nonfinite_locations(item, f"{path}[{column!r}][{index}]", seen, depth + 1)
        return
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            bad = ~np.isfinite(value)
            if bad.any():
                yield f"{path} = {value[bad][0]} (entry {tuple(int(i) for i in np.argwhere(bad)[0])})"
        elif value.dtype == object:
            for index, item in enumerate(value.ravel()[:1000]):
                yield from nonfinite_locations(item, f"{path}[{index}]", seen, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nonfinite_locations(item, f"{path}[{key!r}]", seen, depth + 1)
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value[:1000]):
            yield from nonfinite_locations(item, f"{path}[{index}]", seen, depth + 1)
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from nonfinite_locations(getattr(value, field.name), f"{path}.{field.name}", seen, depth + 1)
        return
    kwds = getattr(value, "_kwds", None)  # Altair charts and their parts keep their settings here
    if isinstance(kwds, dict):
        yield from nonfinite_locations({k: v for k, v in kwds.items() if not _is_undefined(v)}, path, seen, depth + 1)


def garbage(qualname: str, result: Any) -> str | None:
    """The first non-finite number in ``result`` that the allow-list does not explain, or None."""
    allowed = ALLOWED_NONFINITE.get(qualname)
    for location in nonfinite_locations(result):
        if allowed is None or not re.search(allowed[1], location.split(" = ")[0]):
            return location
    return None


def _is_undefined(value: Any) -> bool:
    return type(value).__name__ == "UndefinedType"


@contextlib.contextmanager
def _sandbox():
    """Working directory in a temporary folder, RuntimeWarnings as errors, no argv, the exercise registry restored."""
    from scaling_lib import exercises

    saved_checks = dict(exercises.CHECKS)
    saved_argv = sys.argv
    sys.argv = ["scaling_lib"]
    try:
        with contextlib.chdir(WORKDIR), warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            warnings.filterwarnings("ignore", message=".*(ipywidgets|Jupyter|display).*")
            yield
    finally:
        sys.argv = saved_argv
        exercises.CHECKS.clear()
        exercises.CHECKS.update(saved_checks)


def _raised_in_scaling_lib(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(PACKAGE_DIR)


def check_outcome(qualname: str, parameter: str, bad: Any) -> None:
    """Call ``qualname`` with ``parameter=bad`` and assert the outcome is clean."""
    function = FUNCTIONS[qualname]
    arguments = {**valid_arguments(qualname), parameter: copy.deepcopy(bad)}
    call = f"{qualname}({parameter}={' '.join(repr(bad).split())!s:.80})"
    try:
        with _sandbox():
            result = function(**arguments)
    except (ValueError, TypeError) as error:
        if isinstance(error, _NOT_CLEAN):
            pytest.fail(f"{call} raised {type(error).__name__}: {error}")
        message = str(error)
        assert message.strip(), f"{call} raised {type(error).__name__} with an empty message"
        assert parameter in message, f"{call} raised a message that does not name {parameter!r}: {type(error).__name__}: {message}"
        assert not RAW_MESSAGES.search(message), f"{call} raised a raw library message: {type(error).__name__}: {message}"
        assert _raised_in_scaling_lib(error), (
            f"{call} raised {type(error).__name__} deep inside a library, not a scaling_lib check: {message}\n"
            + "".join(traceback.format_tb(error.__traceback__)[-3:])
        )
        return
    except BaseException as error:  # noqa: BLE001 - every other outcome is a failure
        if isinstance(error, (KeyboardInterrupt, SystemExit)) or type(error).__module__.startswith(("_pytest", "hypothesis")):
            raise
        pytest.fail(
            f"{call} raised {type(error).__name__}: {error}\n" + "".join(traceback.format_tb(error.__traceback__)[-3:])
        )
    found = garbage(qualname, result)
    assert found is None, f"{call} returned garbage instead of refusing the value: {found}"


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------


def test_discovery_finds_the_library() -> None:
    modules = {name.rsplit(".", 1)[0] for name in FUNCTIONS}
    chapters = ("flexibility", "overparameterization", "bounds", "scaling", "hardware", "smaller_networks",
                "meta_learning", "outlook")
    expected = {f"scaling_lib.{layer}{chapter}" for chapter in chapters for layer in ("", "charts.")}
    expected |= {"scaling_lib.data", "scaling_lib.costs", "scaling_lib.vocabulary"}
    assert expected <= modules, f"public functions not discovered in {sorted(expected - modules)}"
    assert not any(".".join(name.split(".")[:-1]).split(".")[-1].startswith("_") for name in FUNCTIONS)


def test_every_required_parameter_has_a_valid_value() -> None:
    missing = {
        qualname: [name for name in _required(function) if name not in valid_arguments(qualname)]
        for qualname, function in FUNCTIONS.items()
    }
    missing = {qualname: names for qualname, names in missing.items() if names}
    assert not missing, (
        "These public functions have required parameters without a valid sample value; add them to "
        f"VALID_ARGUMENTS in {Path(__file__).name}: {missing}"
    )


def test_valid_arguments_table_names_only_public_functions() -> None:
    stale = sorted(set(VALID_ARGUMENTS) - set(FUNCTIONS))
    assert not stale, f"VALID_ARGUMENTS names functions that are not public any more: {stale}"
    stale = sorted(set(ALLOWED_NONFINITE) - set(FUNCTIONS))
    assert not stale, f"ALLOWED_NONFINITE names functions that are not public any more: {stale}"


@pytest.mark.parametrize("qualname", sorted(FUNCTIONS))
def test_valid_arguments_give_a_clean_result(qualname: str) -> None:
    """The sample arguments are valid: the call succeeds and (unless allow-listed) has finite numbers."""
    with _sandbox():
        result = FUNCTIONS[qualname](**valid_arguments(qualname))
    found = garbage(qualname, result)
    assert found is None, (
        f"{qualname} with valid arguments returned a non-finite number: {found}; if that is by design, "
        "add it to ALLOWED_NONFINITE with the reason and the places it may appear"
    )


PAIRS = [(qualname, parameter.name) for qualname, function in sorted(FUNCTIONS.items()) for parameter in _fuzzable_parameters(function)]


@pytest.mark.parametrize("qualname,parameter", PAIRS, ids=[f"{q.removeprefix('scaling_lib.')}:{p}" for q, p in PAIRS])
def test_bad_value_is_refused_cleanly(qualname: str, parameter: str) -> None:
    def body(bad: Any) -> None:
        check_outcome(qualname, parameter, bad)

    for bad in reversed(CATALOGUE):  # every catalogue value is an explicit example, always run
        body = example(bad=bad)(body)
    run = settings(
        max_examples=SLOW.get(qualname, 6),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )(given(bad=DRAWN)(body))
    run()
