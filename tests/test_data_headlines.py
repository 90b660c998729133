"""The numbers the data appendix glues into its prose, recomputed independently.

Counts come straight from the CSV files read with the standard ``csv`` module; fits are numpy
least squares (``numpy.linalg.lstsq``) with scipy's t quantiles. The first release is rebuilt by
hand from the two release columns. Each glued value must match to the precision the page shows.
"""
from __future__ import annotations

import csv
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scaling_lib import data
from tests.conftest import glued, glued_number

CHAPTER = "book/data"

pytestmark = pytest.mark.slow


def shown(name: str, value: float, decimals: int) -> None:
    assert abs(glued_number(CHAPTER, name) - value) <= 0.5 * 10.0**-decimals * 1.0001, (
        f"{name}: page shows {glued(CHAPTER)[name]!r}, independent value {value!r}")


def gamma(compute: np.ndarray, error: np.ndarray) -> tuple[float, float, float]:
    """γ = −1/slope of log10 error on log10 compute, with the slope's 95 % t interval inverted."""
    x, y = np.log10(compute), np.log10(error)
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    df = len(y) - 2
    s2 = np.sum((y - design @ coef) ** 2) / df
    half = stats.t.ppf(0.975, df) * math.sqrt(s2 * np.linalg.inv(design.T @ design)[1, 1])
    return -1 / coef[1], -1 / (coef[1] - half), -1 / (coef[1] + half)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(data.DATA_DIR / data.MODELS_FILE, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def chips() -> dict[str, dict[str, str]]:
    with open(data.DATA_DIR / data.ACCELERATORS_FILE, newline="", encoding="utf-8") as handle:
        return {row["processor"]: row for row in csv.DictReader(handle)}


def measures(row: dict[str, str], chips: dict[str, dict[str, str]]) -> dict[str, float]:
    """Hardware burden and network operations of one raw row, by hand (NaN where a factor is missing)."""
    number = lambda name: float(row[name]) if row[name] else math.nan  # noqa: E731
    chip = chips.get(row["processor"])
    peak = math.nan if chip is None else float((chip["peak_flops_tensor16_dense"] if chip["kind"] == "TPU" else chip["peak_flops_fp32"]) or "nan")
    hours = number("processor_count") * number("train_hours")
    hours = number("processor_hours") if math.isnan(hours) else hours
    forward = 2e9 * (number("forward_gmacs") if row["forward_gmacs"] else number("forward_gflops_reported"))
    return {"hardware burden": hours * 3600 * peak, "network operations": forward * 3 * number("train_images") * number("train_epochs"),
            "training compute (Epoch AI)": number("training_compute_flop")}


def as_first_release(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows of release 2026.1 with every cell that ``values_added_later`` dates to 2026.2 emptied."""
    old = []
    for row in rows:
        if row["added_in"] != "2026.1":
            continue
        row = dict(row)
        for entry in filter(None, row["values_added_later"].split(";")):
            release, columns = entry.split(":")
            assert release.strip() == "2026.2"
            for name in columns.split(","):
                row[name.strip()] = ""
        old.append(row)
    return old


def fit(rows: list[dict[str, str]], chips, label: str) -> tuple[int, tuple[float, float, float]]:
    pairs = [(measures(row, chips)[label], float(row["top1_error"])) for row in rows]
    pairs = np.array([p for p in pairs if p[0] > 0])
    return len(pairs), gamma(pairs[:, 0], pairs[:, 1])


def test_counts(rows, chips):
    shown("n_models", len(rows), 0)
    computed = [measures(row, chips) for row in rows]
    shown("n_burden", sum(c["hardware burden"] > 0 for c in computed), 0)
    shown("n_netops", sum(c["network operations"] > 0 for c in computed), 0)
    shown("n_train_compute", sum(c["training compute (Epoch AI)"] > 0 for c in computed), 0)
    years = pd.Series([row["publication_date"][:4] for row in rows]).value_counts()
    busiest = years.idxmax()
    assert glued(CHAPTER)["busiest_year"] == busiest
    in_year = [(row, c) for row, c in zip(rows, computed) if row["publication_date"].startswith(busiest)]
    shown("n_busiest", len(in_year), 0)
    shown("n_busiest_hb", sum(c["hardware burden"] > 0 for _, c in in_year), 0)
    shown("n_busiest_tc", sum(c["training compute (Epoch AI)"] > 0 for _, c in in_year), 0)
    shown("n_busiest_pycls", sum("facebookresearch/pycls" in row["hardware_source"] for row, _ in in_year), 0)
    shown("n_most_measured", max(sum(c[label] > 0 for c in computed) for label in computed[0]), 0)


def test_the_releases_and_their_fits(rows, chips):
    old = as_first_release(rows)
    shown("r1_models", len(old), 0)
    assert glued(CHAPTER)["r1_name"] == "2026.1" and glued(CHAPTER)["r2_name"] == "2026.2"
    fits = {}
    for key, label in (("hb", "hardware burden"), ("no", "network operations"), ("tc", "training compute (Epoch AI)")):
        for tag, sample in (("r1", old), ("r2", rows)):
            n, fits[tag, key] = fit(sample, chips, label)
            shown(f"{tag}_n_{key}", n, 0)
            for suffix, value in zip(("", "_low", "_high"), fits[tag, key]):
                shown(f"{tag}_{key}{suffix}", value, 1)
    # the first release as it was: 16 hardware burdens, γ 9.1 (7.3–12.2)
    assert [glued(CHAPTER)[k] for k in ("r1_n_hb", "r1_hb", "r1_hb_low", "r1_hb_high")] == ["16", "9.1", "7.3", "12.2"]
    r1, r2 = fits["r1", "hb"], fits["r2", "hb"]
    assert glued(CHAPTER)["hb_narrower"] == ("narrower" if r2[2] - r2[1] < r1[2] - r1[1] else "wider")
    assert glued(CHAPTER)["r1_in_r2"] == ("inside" if r2[1] <= r1[0] <= r2[2] else "outside")
    assert glued(CHAPTER)["r1_n_tc"] == glued(CHAPTER)["r2_n_tc"], "the prose: training compute stayed"


def test_the_added_hardware_burdens_and_the_cluster(rows, chips):
    before = {row["model"] for row in as_first_release(rows) if measures(row, chips)["hardware burden"] > 0}
    added = [row for row in rows if measures(row, chips)["hardware burden"] > 0 and row["model"] not in before]
    shown("n_added_hb", len(added), 0)
    shown("n_added_hb_pycls", sum("facebookresearch/pycls" in row["hardware_source"] for row in added), 0)
    rest = [row for row in rows if "facebookresearch/pycls" not in row["hardware_source"]]
    _, without = fit(rest, chips, "hardware burden")
    for suffix, value in zip(("", "_low", "_high"), without):
        shown("hb_without" + suffix, value, 1)
