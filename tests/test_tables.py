"""Tests of scaling_lib.tables: the HTML structure, escaping, cell formatting and bad input."""
import math

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import tables
from scaling_lib.tables import MAX_ROWS, TABLE_CLASS, HtmlTable, format_cell, html_table


# Printable text plus the characters HTML treats specially (control characters such as CR are
# normalised by every HTML parser, so they cannot round-trip and are left out).
TEXT = st.one_of(st.characters(exclude_categories=("Cs", "Cc")), st.sampled_from(list("<>&\"'\n\t;/=")))


def parse(rendered: HtmlTable) -> BeautifulSoup:
    return BeautifulSoup(rendered.html, "html.parser")


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "model": ["AlexNet", "VGG-16", "ResNet-50"],
            "publication_date": pd.to_datetime(["2012-09-30", "2014-09-04", "2015-12-10"]),
            "top1_error": [0.367, 0.256, np.nan],
            "training_compute_flop": [4.7e17, 1.2291e19, np.nan],
            "processor_count": [2, 4, 8],
        }
    )


def test_structure_is_an_accessible_table(frame):
    rendered = html_table(frame, caption="Three models", table_id="three")
    soup = parse(rendered)
    table = soup.find("table")
    assert table["id"] == "three" and TABLE_CLASS in table["class"]
    assert table.caption.get_text() == "Three models"
    headers = table.thead.find_all("th")
    assert [th.get_text() for th in headers] == list(frame.columns)
    assert all(th["scope"] == "col" for th in headers)
    rows = table.tbody.find_all("tr")
    assert len(rows) == 3 and all(len(row.find_all("td")) == 5 for row in rows)
    # A short table has no search box, but it has its tools (CSV download), hidden until the script runs.
    assert soup.find("input", attrs={"type": "search"}) is None
    tools = soup.find("div", class_="dr-table-tools")
    assert tools.has_attr("hidden") and tools.find("button", class_="dr-table-csv")
    assert tools.find("button", class_="dr-table-columns") is None, "every column is shown: no toggle"
    # The scroll region is keyboard-reachable, named by the caption and described by the scroll cue.
    region = table.find_parent("div", class_="dr-table-scroll")
    assert region["tabindex"] == "0" and region["aria-labelledby"] == table.caption["id"]
    hint = soup.find(id=region["aria-describedby"])
    assert "scroll sideways" in hint.get_text().lower() and hint.has_attr("hidden")
    assert rendered.n_rows == 3 and rendered.n_columns == 5 and rendered.table_id == "three"


def test_long_tables_have_a_labelled_search_box(frame):
    long = pd.concat([frame] * 5, ignore_index=True)
    soup = parse(html_table(long, caption="Fifteen models", table_id="fifteen"))
    table = soup.find("table")
    # The search box has a visible label tied to it, controls the table, and announces the row count.
    search = soup.find("input", attrs={"type": "search"})
    label = soup.find("label")
    assert label["for"] == search["id"] == table["data-search"]
    assert search["aria-controls"] == "fifteen"
    status = soup.find(id=table["data-status"])
    assert status["role"] == "status" and status.get_text() == "15 of 15 rows shown"
    assert search["aria-describedby"] == status["id"]
    # Hidden until the script runs, so a notebook without the script shows no dead control.
    assert search.find_parent("div").has_attr("hidden")


def test_cells_show_formatted_values_and_sort_on_exact_ones(frame):
    soup = parse(html_table(frame, caption="Three models"))
    first, second, third = soup.tbody.find_all("tr")
    cells = first.find_all("td")
    assert [c.get_text() for c in cells] == ["AlexNet", "2012-09-30", "0.367", "4.7 × 10¹⁷", "2"]
    assert float(cells[3]["data-value"]) == 4.7e17
    assert second.find_all("td")[3]["data-value"] == repr(1.2291e19)
    missing = third.find_all("td")
    assert missing[2].get_text() == "—" and missing[2]["data-value"] == ""
    assert missing[3].get_text() == "—"


def test_repr_html_is_the_markup_and_repr_is_short(frame):
    rendered = html_table(frame, caption="Three models")
    assert rendered._repr_html_() == rendered.html
    assert repr(rendered) == "HtmlTable(table_id='dr-table-three-models', rows=3, columns=5)"


def test_everything_is_escaped():
    evil = "<script>alert('x')</script> & \"quotes\""
    frame = pd.DataFrame({"<b>col</b>": [evil], "plain": ["a < b"]})
    frame = pd.concat([frame] * 11, ignore_index=True)  # long enough for a search box
    rendered = html_table(frame, caption="Caption with <i>tags</i> & ampersands", search_label="Find <this>")
    soup = parse(rendered)
    assert soup.find("script") is None and soup.find("b") is None and soup.find("i") is None
    assert soup.find("th").get_text() == "<b>col</b>"
    cell = soup.find("td")
    assert cell.get_text() == evil and cell["data-value"] == evil
    assert soup.find("th")["data-label"] == "<b>col</b>"
    assert soup.caption.get_text() == "Caption with <i>tags</i> & ampersands"
    assert soup.find("label").get_text() == "Find <this>"
    assert "<script>" not in rendered.html


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=TEXT, min_size=0, max_size=30), min_size=1, max_size=8))
def test_any_text_round_trips_through_the_html(values):
    frame = pd.DataFrame({"text": values}, dtype=object)
    soup = parse(html_table(frame, caption="Round trip"))
    cells = [td.get_text() for td in soup.tbody.find_all("td")]
    assert cells == values
    assert len(soup.tbody.find_all("tr")) == len(values)


def test_default_ids_differ_by_caption_and_are_valid(frame):
    one = html_table(frame, caption="ImageNet models").table_id
    two = html_table(frame, caption="Accelerators").table_id
    assert one != two and one.startswith("dr-table-")
    assert html_table(frame, caption="!!!").table_id == "dr-table"


def test_a_default_index_is_not_shown_and_a_named_one_is(frame):
    soup = parse(html_table(frame, caption="Plain"))
    assert [th.get_text() for th in soup.thead.find_all("th")] == list(frame.columns)
    soup = parse(html_table(frame.set_index("model"), caption="Indexed"))
    assert [th.get_text() for th in soup.thead.find_all("th")] == ["model", "publication_date", "top1_error", "training_compute_flop", "processor_count"]
    row_label = soup.tbody.find("tr").find("th")
    assert row_label["scope"] == "row" and row_label.get_text() == "AlexNet"
    soup = parse(html_table(frame.set_index("model"), caption="Hidden index", index=False))
    assert soup.tbody.find("th") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ("—", "")),
        (float("nan"), ("—", "")),
        (pd.NA, ("—", "")),
        (pd.NaT, ("—", "")),
        (np.float64(0.367), ("0.367", "0.367")),
        (4.7e17, ("4.7 × 10¹⁷", "4.7e+17")),
        (1.5e18, ("1.5 × 10¹⁸", "1.5e+18")),
        (1e18, ("10¹⁸", "1e+18")),
        (9.3e12, ("9.3 × 10¹²", "9300000000000.0")),
        (2.5e-5, ("2.5 × 10⁻⁵", "2.5e-05")),
        (-0.00042, ("−4.2 × 10⁻⁴", "-0.00042")),
        (1 / 3, ("0.3333", repr(1 / 3))),
        (132.0, ("132", "132.0")),
        (12345.678, ("12,346", "12345.678")),
        (999_999.0, ("999,999", "999999.0")),
        (9.1234, ("9.123", "9.1234")),
        (np.int64(7), ("7", "7")),
        (2012, ("2012", "2012")),
        (1_234_567, ("1,234,567", "1234567")),
        (-3, ("−3", "-3")),
        (True, ("yes", "True")),
        (math.inf, ("∞", "inf")),
        (pd.Timestamp("2012-09-30"), ("2012-09-30", "2012-09-30")),
        (pd.Timestamp("2012-09-30 13:45"), ("2012-09-30T13:45:00", "2012-09-30T13:45:00")),
        (np.datetime64("2015-12-10"), ("2015-12-10", "2015-12-10")),
        ("GPU", ("GPU", "GPU")),
    ],
)
def test_format_cell(value, expected):
    assert format_cell(value) == expected


def test_money_reads_as_dollars():
    assert format_cell(2.1e9, money=True) == ("$2.1 billion", "2100000000.0")
    assert format_cell(4.6e6, money=True)[0] == "$4.6 million"
    assert format_cell(3.2e12, money=True)[0] == "$3.2 trillion"
    assert format_cell(12_300, money=True)[0] == "$12,300"
    assert format_cell(4.5, money=True)[0] == "$4.50"
    soup = parse(html_table(pd.DataFrame({"model": ["a"], "dollars": [2.1e9], "cost_usd": [4.5]}), caption="Money"))
    assert [td.get_text() for td in soup.tbody.find_all("td")] == ["a", "$2.1 billion", "$4.50"]


def test_intervals_share_one_cell_and_keep_their_bounds():
    frame = pd.DataFrame({"measure": ["hardware burden", "compute"], "gamma": [9.1, 7.0], "gamma_low": [7.3, 5.5],
                          "gamma_high": [12.2, 9.25], "n": [68, 40]})
    soup = parse(html_table(frame, caption="Gamma"))
    headers = soup.thead.find_all("th")
    assert headers[1].get_text() == "gamma (95% interval)"
    first = soup.tbody.find("tr").find_all("td")
    assert first[1].get_text() == "9.1 (7.3–12.2)" and first[1]["data-value"] == "9.1"
    assert "dr-col-extra" in first[2]["class"] and "dr-col-extra" in first[3]["class"]
    assert soup.find("button", class_="dr-table-columns").get_text() == "Show all 5 columns"
    plain = pd.DataFrame({"chips": ["gpu"], "doubling_years": [2.31], "low": [2.0], "high": [2.7]})
    cell = parse(html_table(plain, caption="Doubling")).tbody.find_all("td")[1]
    assert cell.get_text() == "2.31 (2–2.7)"
    assert parse(html_table(frame, caption="No merge", intervals=False)).tbody.find("td", string="9.1") is not None


def test_chosen_columns_show_first_and_the_rest_wait_behind_the_toggle(frame):
    soup = parse(html_table(frame, caption="Chosen", columns=["model", "top1_error"]))
    table = soup.find("table")
    assert table["data-collapsed"] == "yes"
    extra = [th.get_text() for th in soup.thead.find_all("th", class_="dr-col-extra")]
    assert extra == ["publication_date", "training_compute_flop", "processor_count"]
    assert soup.find("button", class_="dr-table-columns")["aria-expanded"] == "false"
    with pytest.raises(ValueError, match="columns"):
        html_table(frame, caption="x", columns=["nope"])
    with pytest.raises(TypeError, match="columns"):
        html_table(frame, caption="x", columns="model")


def test_multiindex_columns_are_flattened():
    frame = pd.DataFrame([[1.0, 2, 3.5, 4]], columns=pd.MultiIndex.from_tuples([("a", "mean"), ("a", "count"), ("b", "mean"), ("b", "count")]))
    soup = parse(html_table(frame, caption="Grouped"))
    assert [th.get_text() for th in soup.thead.find_all("th")] == ["a · mean", "a · count", "b · mean", "b · count"]


def test_displayed_frames_go_through_the_helper():
    """The site's formatter: any DataFrame a cell shows becomes a captioned book table."""
    frame = pd.DataFrame({"gamma": [9.1], "gamma_low": [7.3], "gamma_high": [12.2], "status": ["published"]},
                         index=pd.Index(["v2"], name="version"))
    markup = tables._frame_html(frame)
    soup = BeautifulSoup(markup, "html.parser")
    table = soup.find("table")
    assert TABLE_CLASS in table["class"] and "dataframe" not in markup and "<style" not in markup
    assert table.caption.get_text() == "Table of gamma, gamma_low, gamma_high and status, by version (1 row)."
    assert soup.tbody.find("td").get_text() == "9.1 (7.3–12.2)"
    frame.attrs["caption"] = "Published estimates of γ."
    assert BeautifulSoup(tables._frame_html(frame), "html.parser").caption.get_text() == "Published estimates of γ."
    wide = pd.DataFrame([list(range(12))], columns=[f"c{i}" for i in range(12)])
    soup = BeautifulSoup(tables._frame_html(wide), "html.parser")
    assert len(soup.thead.find_all("th", class_="dr-col-extra")) == 12 - tables.SHOWN_COLUMNS
    assert tables._frame_html(pd.DataFrame()) is None


def test_formatter_is_installed_only_for_the_site(monkeypatch):
    assert tables.install_dataframe_formatter() is False  # no IPython kernel here
    with pytest.raises(TypeError, match="force"):
        tables.install_dataframe_formatter(force="yes")


def test_format_cell_digits():
    assert format_cell(1 / 3, float_digits=2) == ("0.33", repr(1 / 3))
    for bad in (0, 18, -1):
        with pytest.raises(ValueError, match="float_digits"):
            format_cell(1.0, float_digits=bad)
    for bad in (1.5, True, "6", None):
        with pytest.raises(TypeError, match="float_digits"):
            format_cell(1.0, float_digits=bad)


def test_bad_input_is_refused(frame):
    for bad in (None, [1, 2], {"a": [1]}, "text", np.zeros((2, 2))):
        with pytest.raises(TypeError, match="frame"):
            html_table(bad, caption="x")
    with pytest.raises(ValueError, match="no rows"):
        html_table(frame.iloc[0:0], caption="x")
    with pytest.raises(ValueError, match="no columns"):
        html_table(pd.DataFrame(index=[0, 1]), caption="x")
    with pytest.raises(ValueError, match=str(MAX_ROWS)):
        html_table(pd.DataFrame({"a": np.zeros(MAX_ROWS + 1)}), caption="x")
    with pytest.raises(ValueError, match="duplicate"):
        html_table(pd.DataFrame([[1, 2]], columns=["a", "a"]), caption="x")
    with pytest.raises(ValueError, match="duplicate"):
        html_table(pd.DataFrame([[1, 2]], columns=[1, "1"]), caption="x")
    for caption in ("", "   "):
        with pytest.raises(ValueError, match="caption"):
            html_table(frame, caption=caption)
    for caption in (None, 3, ["a"]):
        with pytest.raises(TypeError, match="caption"):
            html_table(frame, caption=caption)
    for table_id in ("", "1abc", "has space", "quote\"id", "x" * 65, 7):
        with pytest.raises(ValueError, match="table_id"):
            html_table(frame, caption="x", table_id=table_id)
    with pytest.raises(ValueError, match="search_label"):
        html_table(frame, caption="x", search_label=" ")
    with pytest.raises(TypeError, match="search_label"):
        html_table(frame, caption="x", search_label=None)
    with pytest.raises(ValueError, match="float_digits"):
        html_table(frame, caption="x", float_digits=0)


def test_real_tables_render():
    from scaling_lib import data

    models = data.load_imagenet_models()
    rendered = html_table(models, caption="ImageNet-1k classifiers", table_id="models-table")
    soup = parse(rendered)
    assert len(soup.tbody.find_all("tr")) == len(models)
    assert [th.get_text() for th in soup.thead.find_all("th")] == list(models.columns)
    alexnet = soup.tbody.find("tr").find_all("td")
    assert alexnet[0].get_text().startswith("AlexNet")
    assert float(alexnet[list(models.columns).index("top1_error")]["data-value"]) == models["top1_error"].iloc[0]
    assert len(rendered.html) < 400_000  # small enough for a page


def test_module_exports():
    assert set(tables.__all__) == {"TABLE_CLASS", "MAX_ROWS", "SHOWN_COLUMNS", "HtmlTable", "format_cell", "html_table",
                                   "install_dataframe_formatter"}
