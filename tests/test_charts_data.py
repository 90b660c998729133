"""What the data appendix's charts contain: categories, measures, counts, scales and the drop-down."""
import numpy as np
import pandas as pd
import pytest

from scaling_lib import data
from scaling_lib.charts import data as data_charts
from scaling_lib.charts.data import (
    COMPUTE_MEASURES,
    COVERAGE_MEASURES,
    EXTRA_DATA_CATEGORIES,
    compute_error_chart,
    compute_error_points,
    coverage_by_year,
    coverage_chart,
    extra_data_category,
)
from scaling_lib.charts.theme import PALETTE
from tests.spec_tools import walk


def rows_with(spec, column):
    """The rows of the one embedded dataset whose rows have ``column``."""
    found = [rows for rows in spec.get("datasets", {}).values() if rows and column in rows[0]]
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def table():
    return data.model_compute_table()


@pytest.fixture(scope="module")
def points(table):
    return compute_error_points(table)


# ------------------------------------------------------------------ categories
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("none", "ImageNet-1k only"),
        (" None ", "ImageNet-1k only"),
        ("JFT-300M", "JFT images (Google, private)"),
        ("JFT + ALIGN image-text pairs", "JFT images (Google, private)"),
        ("IG-3.5B (Instagram hashtags)", "Instagram images (Meta, private)"),
        ("billion-scale unlabelled images (IG-1B; Epoch lists YFCC-100M)", "Instagram images (Meta, private)"),
        ("ImageNet-21k", "public extra data (ImageNet-21k, …)"),
        ("public data only (Merged-38M, ImageNet-21k)", "public extra data (ImageNet-21k, …)"),
    ],
)
def test_extra_data_category(text, category):
    assert extra_data_category(text) == category


def test_every_model_in_the_file_has_a_category(table):
    categories = table["extra_training_data"].map(extra_data_category)
    assert set(categories) <= set(EXTRA_DATA_CATEGORIES)
    assert (categories == "ImageNet-1k only").sum() == (table["extra_training_data"] == "none").sum()
    # Noisy Student used JFT-300M; the Instagram models are Meta's.
    noisy = table.loc[table["model"].str.startswith("Noisy Student"), "extra_training_data"].iloc[0]
    assert extra_data_category(noisy) == "JFT images (Google, private)"


def test_extra_data_category_refuses_unknown_or_bad_text():
    with pytest.raises(ValueError, match="extra_training_data"):
        extra_data_category("LAION-5B")
    for empty in ("", "   "):
        with pytest.raises(ValueError, match="extra_training_data"):
            extra_data_category(empty)
    for bad in (None, np.nan, 3, ["none"]):
        with pytest.raises(TypeError, match="extra_training_data"):
            extra_data_category(bad)


def test_categories_have_distinct_palette_colours_and_shapes():
    colours = [colour for colour, _ in EXTRA_DATA_CATEGORIES.values()]
    shapes = [shape for _, shape in EXTRA_DATA_CATEGORIES.values()]
    assert len(set(colours)) == len(colours) == len(set(shapes)) == 4
    assert all(colour in PALETTE for colour in colours)


# ------------------------------------------------------------- tidy tables
def test_points_hold_the_library_numbers(table, points):
    assert not points[["compute_flop", "top1_error"]].isna().any().any()
    for label, column in COMPUTE_MEASURES.items():
        expected = table.loc[table[column].notna(), ["model", column, "top1_error"]]
        got = points.loc[points["measure"] == label]
        assert len(got) == len(expected) == got["n_models"].iloc[0]
        assert got["model"].tolist() == expected["model"].tolist()
        np.testing.assert_array_equal(got["compute_flop"].to_numpy(), expected[column].to_numpy())
        np.testing.assert_array_equal(got["top1_error"].to_numpy(), expected["top1_error"].to_numpy())
    alexnet = points[(points["model"].str.startswith("AlexNet")) & (points["measure"] == "hardware burden (chips × peak rate × time)")]
    assert alexnet["compute_flop"].iloc[0] == pytest.approx(2 * 1.581e12 * 132 * 3600, rel=1e-12)
    assert alexnet["year"].iloc[0] == 2012 and alexnet["extra_data"].iloc[0] == "ImageNet-1k only"


def test_points_counts_match_the_readme(points):
    # data/README.md, "Coverage (this version)": 22 training-compute values, 16 hardware burdens, 5 network operations
    counts = points.groupby("measure").size()
    assert counts["training compute (Epoch AI estimate)"] == 22
    assert counts["hardware burden (chips × peak rate × time)"] == 16
    assert counts["network operations (forward FLOP × 3 × images)"] == 5


def test_coverage_counts(table):
    coverage = coverage_by_year(table)
    assert list(coverage["measure"].unique()) == list(COVERAGE_MEASURES)
    years = sorted(coverage["year"].unique())
    assert years == list(range(2012, 2024))
    per_year = coverage.drop_duplicates("year").set_index("year")["n_models"]
    assert per_year.sum() == len(table) and per_year[2019] == 20 and per_year[2012] == 1
    totals = coverage.groupby("measure")["n_with"].sum()
    for label, column in COVERAGE_MEASURES.items():
        assert totals[label] == table[column].notna().sum()
    assert totals["top-1 error"] == len(table)
    assert (coverage["n_with"] <= coverage["n_models"]).all()
    assert coverage["share"].between(0, 1).all()


def test_coverage_keeps_years_without_models(table):
    two = table[table["model"].str.startswith(("AlexNet", "VGG-16"))]  # 2012 and 2014: 2013 has none
    coverage = coverage_by_year(two)
    assert sorted(coverage["year"].unique()) == [2012, 2013, 2014]
    empty_year = coverage[coverage["year"] == 2013]
    assert (empty_year["n_models"] == 0).all() and (empty_year["n_with"] == 0).all() and empty_year["share"].isna().all()
    hardware = coverage[(coverage["measure"] == "hardware burden") & (coverage["year"] == 2014)]
    assert hardware["n_with"].iloc[0] == 1 and hardware["share"].iloc[0] == 1.0


@pytest.mark.parametrize("builder", [compute_error_points, coverage_by_year, compute_error_chart, coverage_chart])
def test_bad_tables_are_refused(builder, table):
    for bad in ([1, 2], "table", np.zeros((3, 3))):
        with pytest.raises(TypeError, match="table"):
            builder(bad)
    with pytest.raises(ValueError, match="missing columns"):
        builder(table.drop(columns=["top1_error", "publication_date"]))
    with pytest.raises(ValueError, match="no rows"):
        builder(table.iloc[0:0])


# ------------------------------------------------------------------- charts
def test_compute_error_chart_spec(table, points):
    spec = compute_error_chart(table).to_dict()
    assert spec["title"]["text"] and spec["description"]
    # Log-log axes with units in the titles
    encodings = [d["encoding"] for d in walk(spec) if "encoding" in d and "x" in d["encoding"] and "field" in d["encoding"]["x"]]
    assert encodings
    x, y = encodings[0]["x"], encodings[0]["y"]
    assert x["field"] == "compute_flop" and x["scale"]["type"] == "log" and "FLOP" in x["title"] and "log scale" in x["title"]
    assert y["field"] == "top1_error" and y["scale"]["type"] == "log" and "log scale" in y["title"]
    # Colour and shape both carry the category, with fixed palette colours and distinct shapes
    colour, shape = encodings[0]["color"], encodings[0]["shape"]
    assert colour["field"] == shape["field"] == "extra_data"
    assert colour["scale"]["domain"] == shape["scale"]["domain"] == list(EXTRA_DATA_CATEGORIES)
    assert colour["scale"]["range"] == [c for c, _ in EXTRA_DATA_CATEGORIES.values()]
    assert shape["scale"]["range"] == [s for _, s in EXTRA_DATA_CATEGORIES.values()]
    tooltip_fields = [t["field"] for t in encodings[0]["tooltip"]]
    assert tooltip_fields[0] == "model" and "extra_training_data" in tooltip_fields
    # A drop-down over the three measures, starting at training compute, that filters the rows
    (param,) = spec["params"]
    assert param["bind"]["input"] == "select" and param["bind"]["options"] == list(COMPUTE_MEASURES)
    assert param["value"] == "training compute (Epoch AI estimate)"
    filters = [str(d["filter"]) for d in walk(spec) if "filter" in d]
    assert any("datum.measure" in f and param["name"] in f for f in filters)
    # The embedded rows are the library's numbers
    rows = rows_with(spec, "compute_flop")
    assert len(rows) == len(points)
    embedded = sorted((r["model"], r["measure"], r["compute_flop"]) for r in rows)
    expected = sorted(zip(points["model"], points["measure"], points["compute_flop"]))
    assert embedded == expected
    # Every compute value fits inside the fixed axis domain
    low, high = x["scale"]["domain"]
    assert low <= points["compute_flop"].min() and points["compute_flop"].max() <= high
    assert y["scale"]["domain"][0] <= points["top1_error"].min() and points["top1_error"].max() <= y["scale"]["domain"][1]
    # The per-measure count note and the description carry the counts
    notes = rows_with(spec, "label")
    assert {r["measure"]: r["label"] for r in notes}["training compute (Epoch AI estimate)"] == "22 models have this measure"
    assert "22 models" in spec["description"] and "(16)" in spec["description"] and "(5)" in spec["description"]


def test_compute_error_chart_start_and_bad_start(table):
    spec = compute_error_chart(table, measure_start="hardware burden (chips × peak rate × time)").to_dict()
    assert spec["params"][0]["value"] == "hardware burden (chips × peak rate × time)"
    for bad in ("hardware burden", "", 3):
        with pytest.raises(ValueError, match="measure_start"):
            compute_error_chart(table, measure_start=bad)


def test_compute_error_chart_description_names_the_lowest_error(table, points):
    spec = compute_error_chart(table).to_dict()
    train = points[points["measure"] == "training compute (Epoch AI estimate)"]
    best = train.loc[train["top1_error"].idxmin()]
    assert best["model"] in spec["description"] and f"{best['top1_error']:.1%}" in spec["description"]


def test_coverage_chart_spec(table):
    spec = coverage_chart(table).to_dict()
    assert spec["title"]["text"] and "77" in spec["description"]
    assert spec["facet"]["row"]["field"] == "measure" and spec["facet"]["row"]["sort"] == list(COVERAGE_MEASURES)
    rows = rows_with(spec, "count")
    coverage = coverage_by_year(table)
    assert len(rows) == 2 * len(coverage)
    with_measure = {(r["measure"], r["year"]): r["count"] for r in rows if r["series"] == "models with this measure"}
    all_models = {(r["measure"], r["year"]): r["count"] for r in rows if r["series"] == "all models of the year"}
    for record in coverage.itertuples():
        assert with_measure[(record.measure, record.year)] == record.n_with
        assert all_models[(record.measure, record.year)] == record.n_models
    assert with_measure[("training compute (Epoch AI)", 2019)] < all_models[("training compute (Epoch AI)", 2019)]
    bars = [d for d in walk(spec) if d.get("mark", {}) == {"type": "bar", "width": {"band": 0.8}}]
    assert bars and bars[0]["encoding"]["y"]["stack"] is None  # overlaid, not stacked
    assert "training compute (Epoch AI) 22" in spec["description"]


def test_charts_default_to_the_book_data():
    assert len(compute_error_points()) == sum(compute_error_points().groupby("measure").size())
    assert coverage_by_year()["n_with"].sum() > 0


def test_module_exports():
    assert set(data_charts.__all__) == {
        "EXTRA_DATA_CATEGORIES",
        "COMPUTE_MEASURES",
        "COVERAGE_MEASURES",
        "extra_data_category",
        "compute_error_points",
        "coverage_by_year",
        "compute_error_chart",
        "coverage_chart",
    }
    assert isinstance(compute_error_points(), pd.DataFrame)
