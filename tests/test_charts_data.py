"""What the data appendix's charts contain: the page's frames, log axes, group colours and shapes, the drop-down."""
import pandas as pd
import pytest

from scaling_lib import data, vocabulary
from scaling_lib.charts.data import compute_error_chart, coverage_chart
from tests.spec_tools import walk


def rows_with(spec, column):
    found = [rows for rows in spec.get("datasets", {}).values() if rows and column in rows[0]]
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def points():
    """The long table the appendix builds on the page: one row per model and measure it has."""
    table = data.model_compute_table()
    frames = []
    for measure in vocabulary.MEASURES.values():
        rows = table[table[measure.column].notna()]
        frames.append(pd.DataFrame({"model": rows["model"], "year": rows["publication_date"].dt.year,
                                    "top1_error": rows["top1_error"], "measure": measure.label,
                                    "compute_flop": rows[measure.column],
                                    "extra_training_data": rows["extra_training_data"],
                                    "extra_data": rows["extra_training_data"].map(vocabulary.extra_data_group)}))
    return pd.concat(frames, ignore_index=True)


def test_compute_error_chart_spec(points):
    spec = compute_error_chart(points, measure_start="hardware burden").to_dict()
    assert spec["title"]["text"] and spec["description"]
    encodings = [d["encoding"] for d in walk(spec) if "encoding" in d and "field" in d["encoding"].get("x", {})]
    x, y = encodings[0]["x"], encodings[0]["y"]
    assert x["field"] == "compute_flop" and x["scale"]["type"] == "log" and "FLOP, log scale" in x["title"]
    assert y["field"] == "top1_error" and y["scale"]["type"] == "log" and "log scale" in y["title"]
    colour, shape = encodings[0]["color"], encodings[0]["shape"]
    assert colour["scale"] == {"domain": vocabulary.GROUP_LABELS, "range": vocabulary.GROUP_COLOURS}
    assert shape["scale"] == {"domain": vocabulary.GROUP_LABELS, "range": vocabulary.GROUP_SHAPES}
    (param,) = spec["params"]
    assert param["value"] == "hardware burden" and param["bind"]["options"] == list(dict.fromkeys(points["measure"]))
    assert any("datum.measure" in str(d["filter"]) for d in walk(spec) if "filter" in d)
    rows = rows_with(spec, "compute_flop")
    assert sorted((r["model"], r["measure"], r["compute_flop"]) for r in rows) == sorted(
        zip(points["model"], points["measure"], points["compute_flop"]))
    counts = points.groupby("measure").size()
    notes = {r["measure"]: r["label"] for r in rows_with(spec, "label")}
    assert notes["hardware burden"] == f"{counts['hardware burden']} models have this measure"
    with pytest.raises(ValueError, match="measure_start"):
        compute_error_chart(points, measure_start="FLOPs")


def test_coverage_chart_spec():
    coverage = pd.DataFrame({"models": [3, 0, 5], "top-1 error": [3, 0, 5], "hardware burden": [1, 0, 2]},
                            index=pd.Index([2012, 2013, 2014], name="publication_date"))
    spec = coverage_chart(coverage).to_dict()
    assert spec["facet"]["row"]["sort"] == ["top-1 error", "hardware burden"]
    rows = rows_with(spec, "count")
    assert len(rows) == 2 * 3 * 2
    with_measure = {(r["measure"], r["year"]): r["count"] for r in rows if r["series"] == "models with this measure"}
    every = {(r["measure"], r["year"]): r["count"] for r in rows if r["series"] == "all models of the year"}
    assert with_measure[("hardware burden", 2014)] == 2 and every[("hardware burden", 2014)] == 5
    assert with_measure[("hardware burden", 2013)] == 0
    assert "8 ImageNet models" in spec["description"] and "hardware burden 3" in spec["description"]
