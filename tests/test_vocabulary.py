"""The shared vocabulary: extra-data groups, measures, published values, dates and record setters.

The last test checks the promise that matters to a reader: a group of models has one
colour and one shape on every chart of every page (read from the executed chapters).
"""
from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from scaling_lib import data, vocabulary
from scaling_lib.charts.theme import PALETTE
from tests.conftest import ROOT, executed_chapter, toc_files
from tests.spec_tools import walk

GROUPS = dict(zip(vocabulary.GROUP_LABELS, zip(vocabulary.GROUP_COLOURS, vocabulary.GROUP_SHAPES)))


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("none", "ImageNet-1k only"),
        (" None ", "ImageNet-1k only"),
        ("JFT-300M", "JFT images (Google, private)"),
        ("JFT + ALIGN image-text pairs", "JFT images (Google, private)"),
        ("IG-3.5B (Instagram hashtags)", "Instagram images (Meta, private)"),
        ("ImageNet-21k", "public extra data (ImageNet-21k, …)"),
        ("public data only (Merged-38M, ImageNet-21k)", "public extra data (ImageNet-21k, …)"),
    ],
)
def test_extra_data_group(text, group):
    assert vocabulary.extra_data_group(text) == group


def test_every_model_has_a_group_and_groups_are_distinct():
    models = data.load_imagenet_models()
    groups = models["extra_training_data"].map(vocabulary.extra_data_group)
    assert (groups == "ImageNet-1k only").sum() == (models["extra_training_data"] == "none").sum()
    assert set(groups) == set(vocabulary.GROUP_LABELS)
    assert len(set(vocabulary.GROUP_COLOURS)) == len(set(vocabulary.GROUP_SHAPES)) == len(vocabulary.EXTRA_DATA_GROUPS)
    assert set(vocabulary.GROUP_COLOURS) <= set(PALETTE), "group colours are theme colours (3:1 on light and dark pages)"


@pytest.mark.parametrize("bad", ["LAION-5B", "", "   ", None, 3, float("nan")])
def test_unknown_extra_data_is_refused(bad):
    with pytest.raises(ValueError, match="extra_training_data"):
        vocabulary.extra_data_group(bad)


def test_measures_name_columns_of_the_model_table():
    table = data.model_compute_table()
    for label, measure in vocabulary.MEASURES.items():
        assert measure.label == label and measure.column in table.columns and measure.meaning
    assert vocabulary.measure(vocabulary.DEFAULT_MEASURE).column == "hardware_burden_flop"
    with pytest.raises(ValueError, match="label must be one of"):
        vocabulary.measure("FLOPs")


def test_published_values():
    by_version = {(g.version, g.measure): g for g in vocabulary.PUBLISHED_GAMMAS}
    v2 = by_version[("v2", "hardware burden")]
    assert (v2.gamma, v2.gamma_low, v2.gamma_high, v2.n) == (10.8, 9.5, 12.3, 104)
    # v1: 10^5 more compute for 11.5 % -> 5 % error
    assert vocabulary.v1_implied_gamma() == pytest.approx(5 / math.log10(11.5 / 5))
    assert by_version[("v1", "hardware burden")].gamma == vocabulary.v1_implied_gamma()
    assert "recalled" in by_version[("v1", "hardware burden")].status
    assert all(g.status for g in vocabulary.PUBLISHED_GAMMAS)


def test_decimal_year():
    years = vocabulary.decimal_year(["2012-01-01", "2020-07-02", "2021-12-31"])
    np.testing.assert_allclose(years, [2012.0, 2020 + 183 / 365.25, 2021 + 364 / 365.25])
    with pytest.raises(ValueError, match="dates"):
        vocabulary.decimal_year(["2012-01-01", None])


def test_record_setting_by_hand():
    dates = ["2012-01-01", "2013-01-01", "2013-01-01", "2014-01-01", "2015-01-01", "2015-01-01"]
    error = [0.40, 0.35, 0.35, 0.36, 0.30, 0.33]
    assert vocabulary.record_setting(dates, error).tolist() == [True, True, True, False, True, False]
    with pytest.raises(ValueError, match="dates and error must have one value per model"):
        vocabulary.record_setting(dates, error[:3])


# ------------------------------------------------------------- one colour and shape per group, site-wide
def _chart_specs(notebook) -> list[dict]:
    specs = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            markup = output.get("data", {}).get("text/html", "")
            for found in re.finditer(r"var spec = (\{.*?\});\n", markup):
                specs.append(json.loads(found.group(1).replace("<\\/", "</")))
    return specs


def _group_encodings(spec: dict) -> list[tuple[str, dict]]:
    """(channel, encoding) pairs whose field holds extra-data group labels in the chart's data."""
    values: dict[str, set] = {}
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, str):
                    values.setdefault(key, set()).add(value)
    found = []
    for node in walk(spec):
        for channel in ("color", "shape", "fill", "stroke"):
            encoding = node.get("encoding", {}).get(channel) if isinstance(node.get("encoding"), dict) else None
            if isinstance(encoding, dict) and values.get(encoding.get("field"), set()) & set(GROUPS):
                found.append((channel, encoding))
    return found


CHAPTERS = [name for name in toc_files() if "kernelspec" in (ROOT / f"{name}.md").read_text(encoding="utf-8")]


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_group_has_one_colour_and_shape_on_every_chart(chapter):
    for spec in _chart_specs(executed_chapter(chapter)):
        for channel, encoding in _group_encodings(spec):
            scale = encoding.get("scale", {})
            domain, range_ = scale.get("domain"), scale.get("range")
            assert domain and range_, f"{chapter}: chart {spec.get('title')!r} colours groups without the vocabulary's scale"
            which = 1 if channel == "shape" else 0
            for label, drawn in zip(domain, range_):
                assert label in GROUPS, f"{chapter}: unknown group label {label!r}"
                assert drawn == GROUPS[label][which], f"{chapter}: {label!r} drawn as {drawn!r} in {spec.get('title')!r}"
