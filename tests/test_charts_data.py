"""What the data appendix's charts contain: colours and shapes, measures, counts, scales and the drop-down.

The tables behind the charts (scaling_lib.data.compute_error_points, coverage_by_year,
extra_data_category) are tested in test_data.py."""
import numpy as np
import pytest

from scaling_lib import data
from scaling_lib.charts import data as data_charts
from scaling_lib.charts.data import EXTRA_DATA_STYLES, compute_error_chart, coverage_chart
from scaling_lib.charts.theme import PALETTE
from scaling_lib.data import COMPUTE_MEASURES, COVERAGE_MEASURES, compute_error_points, coverage_by_year
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


# ------------------------------------------------------------------ styles
def test_categories_have_distinct_palette_colours_and_shapes():
    assert list(EXTRA_DATA_STYLES) == list(data.EXTRA_DATA_CATEGORIES), "one style per category, in legend order"
    colours = [colour for colour, _ in EXTRA_DATA_STYLES.values()]
    shapes = [shape for _, shape in EXTRA_DATA_STYLES.values()]
    assert len(set(colours)) == len(colours) == len(set(shapes)) == 4
    assert all(colour in PALETTE for colour in colours)


# ------------------------------------------------------------------- charts
@pytest.mark.parametrize("builder", [compute_error_chart, coverage_chart])
def test_bad_tables_are_refused(builder, table):
    for bad in ([1, 2], "table", np.zeros((3, 3))):
        with pytest.raises(TypeError, match="table"):
            builder(bad)
    with pytest.raises(ValueError, match="missing columns"):
        builder(table.drop(columns=["top1_error", "publication_date"]))
    with pytest.raises(ValueError, match="at least 1 row"):
        builder(table.iloc[0:0])


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
    assert colour["scale"]["domain"] == shape["scale"]["domain"] == list(EXTRA_DATA_STYLES)
    assert colour["scale"]["range"] == [c for c, _ in EXTRA_DATA_STYLES.values()]
    assert shape["scale"]["range"] == [s for _, s in EXTRA_DATA_STYLES.values()]
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
    spec = coverage_chart().to_dict()
    assert len(rows_with(spec, "count")) == 2 * len(coverage_by_year())
    assert len(rows_with(compute_error_chart().to_dict(), "compute_flop")) == len(compute_error_points())


def test_module_exports():
    assert set(data_charts.__all__) == {"EXTRA_DATA_STYLES", "compute_error_chart", "coverage_chart"}
    assert all(callable(getattr(data_charts, name)) for name in ("compute_error_chart", "coverage_chart"))
