"""Tests of scaling_lib.data: the real files, broken copies, and the joined compute table."""
import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scaling_lib import data
from scaling_lib.data import (
    ACCELERATOR_COLUMNS,
    DATA_DIR,
    MODEL_COLUMNS,
    MODEL_SOURCE_GROUPS,
    load_accelerators,
    load_imagenet_models,
    model_compute_table,
)

MODELS_CSV = DATA_DIR / "imagenet_models.csv"
CHIPS_CSV = DATA_DIR / "accelerators.csv"


@pytest.fixture(scope="module")
def models():
    return load_imagenet_models()


@pytest.fixture(scope="module")
def chips():
    return load_accelerators()


@pytest.fixture(scope="module")
def table():
    return model_compute_table()


def read_rows(path):
    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def write_rows(path, fieldnames, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def broken_models(tmp_path, change):
    """Copy the real model table to tmp_path after ``change(fieldnames, rows)``."""
    fieldnames, rows = read_rows(MODELS_CSV)
    fieldnames, rows = change(list(fieldnames), rows)
    return write_rows(tmp_path / "imagenet_models.csv", fieldnames, rows)


def broken_chips(tmp_path, change):
    fieldnames, rows = read_rows(CHIPS_CSV)
    fieldnames, rows = change(list(fieldnames), rows)
    return write_rows(tmp_path / "accelerators.csv", fieldnames, rows)


def row_index(rows, model):
    return next(i for i, row in enumerate(rows) if row["model"] == model)


# ------------------------------------------------------------------- the real files
def test_data_dir_is_repository_data_folder():
    assert DATA_DIR == Path(data.__file__).resolve().parent.parent / "data"
    assert MODELS_CSV.is_file() and CHIPS_CSV.is_file()


def test_model_table_size_and_span(models):
    assert len(models) >= 50
    assert models["publication_date"].min().year == 2012
    assert models["publication_date"].max().year >= 2023
    assert models["model"].is_unique
    assert models["model"].iloc[0].startswith("AlexNet")


def test_model_types(models):
    assert list(models.columns) == [c.name for c in MODEL_COLUMNS]
    assert pd.api.types.is_datetime64_any_dtype(models["publication_date"])
    for column in MODEL_COLUMNS:
        if column.kind == "float":
            assert models[column.name].dtype == np.float64, column.name
        if column.kind == "text":
            assert pd.api.types.is_string_dtype(models[column.name]), column.name


def test_model_values_are_in_range(models):
    assert models["top1_error"].between(0, 1, inclusive="neither").all()
    top5 = models["top5_error"].dropna()
    assert top5.between(0, 1, inclusive="neither").all()
    assert (models.loc[top5.index, "top5_error"] <= models.loc[top5.index, "top1_error"]).all()
    for name in ("parameters", "train_images", "train_epochs", "processor_count", "train_hours", "training_compute_flop"):
        assert (models[name].dropna() > 0).all(), name
    # errors are fractions, not percentages: AlexNet's 7-CNN ensemble had 36.7% top-1 error
    assert models.loc[0, "top1_error"] == pytest.approx(0.367)
    # error falls over the decade: best 2023 model well below AlexNet
    assert models["top1_error"].min() < 0.1


def test_every_value_has_a_source_in_the_raw_file():
    _, rows = read_rows(MODELS_CSV)
    for number, row in enumerate(rows, start=1):
        for source, columns in MODEL_SOURCE_GROUPS.items():
            if any(row[c].strip() for c in columns):
                assert row[source].strip(), f"row {number} {row['model']}: {source} empty"
    _, chip_rows = read_rows(CHIPS_CSV)
    assert all(row["source"].strip() for row in chip_rows)


def test_hardware_names_resolve(models, chips):
    used = set(models["processor"].dropna())
    assert used <= set(chips["processor"])
    assert {"NVIDIA GeForce GTX 580", "Google TPU v3", "NVIDIA A100 SXM4 40 GB"} <= used


def test_enough_rows_carry_compute(table):
    has_burden = table["hardware_burden_flop"].notna()
    has_compute = table["training_compute_flop"].notna()
    assert has_burden.sum() >= 15
    assert (has_burden | has_compute).sum() >= 20
    assert table["network_operations_flop"].notna().sum() >= 5


def test_accelerator_table(chips):
    assert list(chips.columns) == [c.name for c in ACCELERATOR_COLUMNS]
    assert chips["processor"].is_unique
    years = chips["release_date"].dt.year
    assert years.min() == 2008 and years.max() == 2025
    names = set(chips["processor"])
    for needed in (
        "NVIDIA GeForce GTX 280",
        "NVIDIA GeForce GTX 580",
        "NVIDIA Tesla V100 SXM2 16 GB",
        "NVIDIA A100 SXM4 40 GB",
        "NVIDIA H100 SXM5 80GB",
        "NVIDIA B200",
        "Google TPU v2",
        "Google TPU v3",
        "Google TPU v4",
        "Google TPU v7 Ironwood",
    ):
        assert needed in names, needed
    assert set(chips["kind"]) == {"GPU", "TPU"}
    gtx580 = chips.set_index("processor").loc["NVIDIA GeForce GTX 580"]
    assert gtx580["peak_flops_fp32"] == 1.581e12
    assert gtx580["transistors_millions"] == 3000
    h100 = chips.set_index("processor").loc["NVIDIA H100 SXM5 80GB"]
    assert h100["peak_flops_tensor16_dense"] == pytest.approx(989.4e12)
    # every chip has at least one floating-point rate, except the INT8-only TPU v1
    no_rate = chips["peak_flops_fp32"].isna() & chips["peak_flops_tensor16_dense"].isna()
    assert list(chips.loc[no_rate, "processor"]) == ["Google TPU v1"]


def test_peak_rates_rise_over_time(chips):
    gpus = chips[chips["kind"] == "GPU"].dropna(subset=["peak_flops_fp32"]).sort_values("release_date")
    first, last = gpus["peak_flops_fp32"].iloc[:3].mean(), gpus["peak_flops_fp32"].iloc[-3:].mean()
    assert last / first > 20


# --------------------------------------------------------------- broken model files
def test_missing_column(tmp_path):
    def change(fields, rows):
        fields.remove("top1_error")
        for row in rows:
            del row["top1_error"]
        return fields, rows

    with pytest.raises(ValueError, match="imagenet_models.csv: missing column.*top1_error"):
        load_imagenet_models(broken_models(tmp_path, change))


def test_unknown_column(tmp_path):
    def change(fields, rows):
        fields.append("top1_acc")
        for row in rows:
            row["top1_acc"] = ""
        return fields, rows

    with pytest.raises(ValueError, match="unknown column.*top1_acc"):
        load_imagenet_models(broken_models(tmp_path, change))


@pytest.mark.parametrize("bad", ["1.3", "36.7", "0", "1", "-0.2", "nan", "inf"])
def test_error_out_of_range(tmp_path, bad):
    def change(fields, rows):
        rows[row_index(rows, "VGG-16")]["top1_error"] = bad
        return fields, rows

    path = broken_models(tmp_path, change)
    with pytest.raises(ValueError, match=r"data row 6 \(model 'VGG-16'\), column 'top1_error'"):
        load_imagenet_models(path)


def test_error_required(tmp_path):
    def change(fields, rows):
        rows[3]["top1_error"] = ""
        return fields, rows

    with pytest.raises(ValueError, match="column 'top1_error': is required"):
        load_imagenet_models(broken_models(tmp_path, change))


def test_top5_above_top1(tmp_path):
    def change(fields, rows):
        rows[0]["top5_error"] = "0.5"
        return fields, rows

    with pytest.raises(ValueError, match="top5_error"):
        load_imagenet_models(broken_models(tmp_path, change))


@pytest.mark.parametrize("bad", ["2012-13-45", "30/09/2012", "2009-12-31", "2999-01-01", "", "2012"])
def test_bad_date(tmp_path, bad):
    def change(fields, rows):
        rows[0]["publication_date"] = bad
        return fields, rows

    with pytest.raises(ValueError, match=r"data row 1 \(model 'AlexNet.*column 'publication_date'"):
        load_imagenet_models(broken_models(tmp_path, change))


def test_duplicate_model(tmp_path):
    def change(fields, rows):
        rows[5]["model"] = rows[4]["model"]
        return fields, rows

    with pytest.raises(ValueError, match=r"data row 6 .*column 'model': duplicate.*data row 5"):
        load_imagenet_models(broken_models(tmp_path, change))


@pytest.mark.parametrize(
    "value_column, value, source_column",
    [
        ("parameters", None, "parameters_source"),
        ("training_compute_flop", None, "training_compute_source"),
        ("processor", None, "hardware_source"),
        ("forward_gmacs", "1.0", "forward_compute_source"),
        ("train_epochs", "10", "training_data_source"),
        ("top1_error", None, "accuracy_source"),
    ],
)
def test_value_without_source(tmp_path, value_column, value, source_column):
    def change(fields, rows):
        row = rows[row_index(rows, "AlexNet (SuperVision, 7-CNN ensemble)")]
        if value is not None:
            row[value_column] = value
        assert row[value_column]
        row[source_column] = ""
        return fields, rows

    with pytest.raises(ValueError, match=rf"column '{source_column}'.*{value_column}"):
        load_imagenet_models(broken_models(tmp_path, change))


def test_unrecognised_source_token(tmp_path):
    def change(fields, rows):
        rows[0]["accuracy_source"] = "pwc-2019; my memory"
        return fields, rows

    with pytest.raises(ValueError, match="accuracy_source.*'my memory'"):
        load_imagenet_models(broken_models(tmp_path, change))


def test_unknown_hardware_name(tmp_path):
    def change(fields, rows):
        rows[0]["processor"] = "NVIDIA GTX 580 Super"
        return fields, rows

    with pytest.raises(ValueError, match=r"data row 1 .*column 'processor'.*GTX 580 Super"):
        load_imagenet_models(broken_models(tmp_path, change))


@pytest.mark.parametrize(
    "column, bad",
    [("parameters", "sixty million"), ("train_hours", "5-6 days"), ("processor_count", "two"), ("training_compute_flop", "4.7e17 FLOP")],
)
def test_non_numeric_cell(tmp_path, column, bad):
    def change(fields, rows):
        rows[0][column] = bad
        return fields, rows

    with pytest.raises(ValueError, match=rf"column '{column}': '{re.escape(bad)}' is not a number"):
        load_imagenet_models(broken_models(tmp_path, change))


@pytest.mark.parametrize("column, bad", [("processor_count", "0"), ("processor_count", "2.5"), ("train_hours", "-132"), ("parameters", "0")])
def test_non_positive_or_fractional_counts(tmp_path, column, bad):
    def change(fields, rows):
        rows[0][column] = bad
        return fields, rows

    with pytest.raises(ValueError, match=column):
        load_imagenet_models(broken_models(tmp_path, change))


def test_processor_hours_conflict(tmp_path):
    def change(fields, rows):
        rows[0]["processor_hours"] = "264"
        return fields, rows

    with pytest.raises(ValueError, match="processor_hours"):
        load_imagenet_models(broken_models(tmp_path, change))


def test_empty_file_and_missing_file(tmp_path):
    path = tmp_path / "imagenet_models.csv"
    path.write_text(",".join(c.name for c in MODEL_COLUMNS) + "\n")
    with pytest.raises(ValueError, match="no data rows"):
        load_imagenet_models(path)
    with pytest.raises(FileNotFoundError):
        load_imagenet_models(tmp_path / "absent.csv")
    with pytest.raises(TypeError, match="path"):
        load_imagenet_models(42)


def test_models_checked_against_given_accelerator_file(tmp_path):
    def change(fields, rows):
        return fields, [row for row in rows if row["processor"] != "NVIDIA GeForce GTX 580"]

    chips_path = broken_chips(tmp_path, change)
    with pytest.raises(ValueError, match="column 'processor'.*GeForce GTX 580"):
        load_imagenet_models(accelerators_path=chips_path)


# ------------------------------------------------------------ broken accelerator files
def test_chips_missing_column(tmp_path):
    def change(fields, rows):
        fields.remove("peak_flops_fp32")
        for row in rows:
            del row["peak_flops_fp32"]
        return fields, rows

    with pytest.raises(ValueError, match="accelerators.csv: missing column.*peak_flops_fp32"):
        load_accelerators(broken_chips(tmp_path, change))


@pytest.mark.parametrize(
    "column, bad",
    [
        ("release_date", "2005-12-31"),
        ("release_date", "Nov 2010"),
        ("peak_flops_fp32", "1.581 TFLOP/s"),
        ("peak_flops_fp32", "-1"),
        ("tdp_w", "0"),
        ("kind", "FPGA"),
        ("source", ""),
        ("processor", "NVIDIA GeForce GTX 280"),
    ],
)
def test_chips_bad_cells(tmp_path, column, bad):
    def change(fields, rows):
        index = next(i for i, r in enumerate(rows) if r["processor"] == "NVIDIA GeForce GTX 580")
        rows[index][column] = bad
        return fields, rows

    with pytest.raises(ValueError, match=rf"accelerators.csv: data row 2 .*column '{column}'"):
        load_accelerators(broken_chips(tmp_path, change))


# ------------------------------------------------------------------ joined table
def test_alexnet_row_by_hand(table):
    alexnet = table.iloc[0]
    assert alexnet["peak_flops_used"] == 1.581e12
    assert alexnet["processor_hours_used"] == 264
    assert alexnet["hardware_burden_flop"] == pytest.approx(2 * 1.581e12 * 132 * 3600)
    assert alexnet["hardware_burden_flop"] == pytest.approx(1.50e18, rel=0.01)
    assert alexnet["network_operations_flop"] == pytest.approx(0.75e9 * 2 * 3 * 1.2e6 * 90)


def test_table_keeps_rows_and_order(models, table):
    assert list(table["model"]) == list(models["model"])
    assert len(table) == len(models)
    assert table.attrs["precision"] == "rated"
    for column in ("hardware_burden_flop", "network_operations_flop", "peak_flops_used", "publication_year"):
        assert table[column].dtype == np.float64


def test_missing_primitives_stay_nan(table):
    by_model = table.set_index("model")
    zfnet = by_model.loc["ZFNet"]
    assert np.isnan(zfnet["hardware_burden_flop"]) and np.isnan(zfnet["network_operations_flop"])
    # ResNet-200: 8 GPUs for 3 weeks, but the GPU model is unknown -> no burden
    resnet200 = by_model.loc["ResNet-200"]
    assert resnet200["processor_hours_used"] == 8 * 504
    assert np.isnan(resnet200["hardware_burden_flop"])
    # PolyNet: processor and count but no time -> no burden
    assert np.isnan(by_model.loc["PolyNet", "hardware_burden_flop"])


def test_tpu_rows_use_bf16_rate(table):
    noisy = table.set_index("model").loc["Noisy Student (EfficientNet-L2)"]
    assert noisy["processor_kind"] == "TPU"
    assert noisy["peak_flops_used"] == 1.23e14
    assert noisy["hardware_burden_flop"] == pytest.approx(1024 * 144 * 3600 * 1.23e14)
    coatnet = table.set_index("model").loc["CoAtNet-7"]
    assert coatnet["hardware_burden_flop"] == pytest.approx(241_200 * 3600 * 1.23e14)


def test_precision_options(models, chips):
    fp32 = model_compute_table(models, chips, precision="fp32").set_index("model")
    tensor = model_compute_table(models, chips, precision="tensor16").set_index("model")
    best = model_compute_table(models, chips, precision="best").set_index("model")
    assert np.isnan(fp32.loc["Noisy Student (EfficientNet-L2)", "hardware_burden_flop"])
    assert np.isnan(tensor.loc["AlexNet (SuperVision, 7-CNN ensemble)", "hardware_burden_flop"])
    deit_fp32 = fp32.loc["DeiT-B", "hardware_burden_flop"]
    assert tensor.loc["DeiT-B", "hardware_burden_flop"] == pytest.approx(deit_fp32 * 1.25e14 / 1.567e13)
    assert best.loc["DeiT-B", "peak_flops_used"] == 1.25e14
    assert best.loc["AlexNet (SuperVision, 7-CNN ensemble)", "peak_flops_used"] == 1.581e12


def test_reported_flops_convention(models, chips):
    as_macs = model_compute_table(models, chips).set_index("model")
    as_flop = model_compute_table(models, chips, reported_flops_are_macs=False).set_index("model")
    assert as_macs.loc["DeiT-B", "network_operations_flop"] == pytest.approx(17.6e9 * 2 * 3 * 1.28e6 * 300)
    assert as_flop.loc["DeiT-B", "network_operations_flop"] == pytest.approx(17.6e9 * 3 * 1.28e6 * 300)
    # rows with explicit multiply-adds are unaffected
    vgg = "VGG-16"
    assert as_macs.loc[vgg, "network_operations_flop"] == as_flop.loc[vgg, "network_operations_flop"]


def test_model_compute_table_rejects_bad_input(models, chips):
    with pytest.raises(ValueError, match="precision"):
        model_compute_table(models, chips, precision="fp64")
    with pytest.raises(TypeError, match="models"):
        model_compute_table(models.to_dict(), chips)
    with pytest.raises(TypeError, match="accelerators"):
        model_compute_table(models, "accelerators.csv")
    with pytest.raises(ValueError, match="models lacks column.*train_hours"):
        model_compute_table(models.drop(columns=["train_hours"]), chips)
    with pytest.raises(TypeError, match="reported_flops_are_macs"):
        model_compute_table(models, chips, reported_flops_are_macs="yes")
    with pytest.raises(ValueError, match="not in accelerators"):
        model_compute_table(models, chips[chips["processor"] != "Google TPU v3"])


# ------------------------------------------------- peak rates and the two compute measures
@pytest.mark.parametrize(
    ("precision", "gpu", "tpu"),
    [("rated", 1.5e13, 1.2e14), ("fp32", 1.5e13, np.nan), ("tensor16", 1.2e14, 1.2e14), ("best", 1.2e14, 1.2e14)],
)
def test_peak_flops_for_precision(precision, gpu, tpu):
    rates = data.peak_flops_for_precision([1.5e13, np.nan], [1.2e14, 1.2e14], ["GPU", "TPU"], precision)
    np.testing.assert_array_equal(rates, [gpu, tpu])
    assert data.peak_flops_for_precision(1.581e12, np.nan, "GPU") == 1.581e12


def test_peak_flops_for_precision_refuses_bad_input():
    with pytest.raises(ValueError, match="precision"):
        data.peak_flops_for_precision(1e12, 1e13, "GPU", "fp64")
    with pytest.raises(ValueError, match="kind"):
        data.peak_flops_for_precision(1e12, 1e13, "CPU")


def test_measures_by_hand_for_alexnet(table):
    alexnet = table[table["model"].str.startswith("AlexNet")].iloc[0]
    # 2 GTX 580 x 1.581e12 FLOP/s x 132 h; 0.75e9 multiply-adds x 2 x 3 x 1.2M images x 90 epochs
    assert alexnet["hardware_burden_flop"] == pytest.approx(2 * 1.581e12 * 132 * 3600, rel=1e-12)
    assert alexnet["network_operations_flop"] == pytest.approx(0.75e9 * 2 * 3 * 1.2e6 * 90, rel=1e-12)
    assert alexnet["publication_year"] == pytest.approx(2012 + (pd.Timestamp(alexnet["publication_date"]).day_of_year - 1) / 365.25)


def test_best_precision_never_lowers_the_burden(table):
    best = data.model_compute_table(precision="best")
    both = table["hardware_burden_flop"].notna()
    assert (best.loc[both, "hardware_burden_flop"] >= table.loc[both, "hardware_burden_flop"]).all()
    assert (best.loc[both, "hardware_burden_flop"] > table.loc[both, "hardware_burden_flop"]).any()


# ------------------------------------------ issue 16: every new row sourced, dataset size targets
@pytest.mark.parametrize(
    ("model", "column", "source"),
    [
        ("RegNetY-16GF", "train_hours", "hardware_source"),
        ("ConvNeXt-T", "train_epochs", "training_data_source"),
        ("Mixer-H/14 (JFT-300M)", "processor_hours", "hardware_source"),
        ("MambaOut-Tiny", "forward_gmacs", "forward_compute_source"),
    ],
)
def test_a_new_row_without_a_source_fails(tmp_path, model, column, source):
    def blank(fieldnames, rows):
        row = rows[row_index(rows, model)]
        assert row[column].strip(), f"{model}: {column} should hold a value"
        row[source] = ""
        return fieldnames, rows

    path = broken_models(tmp_path, blank)
    number = row_index(read_rows(path)[1], model) + 1
    with pytest.raises(ValueError) as error:
        load_imagenet_models(path)
    message = str(error.value)
    assert f"data row {number} (model {model!r})" in message
    assert f"column '{source}'" in message and "every value needs a source" in message


def test_github_source_tokens_resolve_and_bad_ones_fail(tmp_path):
    _, rows = read_rows(MODELS_CSV)
    assert any("github:" in row["hardware_source"] for row in rows)

    def bad(fieldnames, rows):
        rows[row_index(rows, "ConvNeXt-T")]["forward_compute_source"] = "github:"
        return fieldnames, rows

    with pytest.raises(ValueError, match=r"ConvNeXt-T.*forward_compute_source.*not a known key"):
        load_imagenet_models(broken_models(tmp_path, bad))


def test_dataset_meets_the_issue_16_targets(table):
    assert len(table) >= 120
    assert table["network_operations_flop"].notna().sum() >= 80
    assert table["hardware_burden_flop"].notna().sum() >= 60
    assert (table["publication_date"] >= pd.Timestamp("2023-01-01")).sum() >= 10
    assert table["publication_date"].min().year == 2012 and table["publication_date"].max().year >= 2024


def test_every_extra_data_cell_has_a_group(models):
    from scaling_lib.vocabulary import GROUP_LABELS, extra_data_group

    groups = {extra_data_group(cell) for cell in models["extra_training_data"]}
    assert groups <= set(GROUP_LABELS) and len(groups) == len(GROUP_LABELS)


# ------------------------------------------------------------- releases of the model file
def test_every_row_names_its_release(models):
    assert set(models["added_in"]) == set(data.RELEASES)
    assert (models["added_in"] == data.RELEASES[0]).sum() == 77, "the first release had 77 models"
    dated = models["values_added_later"].dropna()
    assert set(models.loc[dated.index, "added_in"]) == {data.RELEASES[0]}, "only rows of an earlier release have later values"


@pytest.mark.parametrize(
    "model, column, bad, message",
    [
        ("VGG-16", "added_in", "2026.3", "'2026.3' is not a release"),
        ("VGG-16", "added_in", "", "is required but empty"),
        ("ConvNeXt-T", "added_in", "2026", "'2026' is not a release"),
        ("ResNet-50", "values_added_later", "2026.1: train_images", "must start with a release after added_in 2026.1"),
        ("ResNet-50", "values_added_later", "train_images, train_epochs", "must start with a release after added_in"),
        ("ConvNeXt-T", "values_added_later", "2026.2: train_epochs", "must start with a release after added_in 2026.2"),
        ("ResNet-50", "values_added_later", "2026.2: train_imgs", "'train_imgs' is not a value column"),
        ("ResNet-50", "values_added_later", "2026.2: train_images, train_images", "'train_images' is not a value column of the file, or is named twice"),
        ("BiT-L (ResNet-152x4)", "values_added_later", "2026.2: processor_count", "'processor_count' is named as added in 2026.2 but the row has no value"),
    ],
)
def test_a_bad_release_cell_is_reported_by_row_and_column(tmp_path, model, column, bad, message):
    def change(fields, rows):
        rows[row_index(rows, model)][column] = bad
        return fields, rows

    path = broken_models(tmp_path, change)
    number = row_index(read_rows(path)[1], model) + 1
    with pytest.raises(ValueError) as error:
        load_imagenet_models(path)
    text = str(error.value)
    assert text.startswith(f"imagenet_models.csv: data row {number} (model {model!r}), column '{column}': "), text
    assert message in text


def test_the_first_release_is_rebuilt_from_the_file(models):
    first = load_imagenet_models(release=data.RELEASES[0])
    assert len(first) == 77 and set(first["added_in"]) == {data.RELEASES[0]}
    joined = model_compute_table(first)
    # the first release's published coverage: 16 hardware burdens, 5 network operations
    assert joined["hardware_burden_flop"].notna().sum() == 16
    assert joined["network_operations_flop"].notna().sum() == 5
    now = models.set_index("model").loc[first["model"]].reset_index()
    later = {(row, name.strip()) for row, cell in first["values_added_later"].dropna().items()
             for name in cell.partition(":")[2].split(",")}
    assert {(first.at[row, "model"], name) for row, name in later} == {
        ("ResNet-50", "train_images"), ("ResNet-50", "train_epochs"), ("ResNet-101", "train_images"),
        ("ResNet-101", "train_epochs"), ("BiT-L (ResNet-152x4)", "processor_hours")}
    for column in first.columns:
        for row in range(len(first)):
            if (row, column) in later:
                assert pd.isna(first.at[row, column]) and pd.notna(now.at[row, column])
            else:
                assert first.at[row, column] == now.at[row, column] or (pd.isna(first.at[row, column]) and pd.isna(now.at[row, column]))
    assert load_imagenet_models(release=data.RELEASES[-1]).equals(models)


@pytest.mark.parametrize("bad", ["2025.1", "2026.3", "", 2026.1, "first"])
def test_an_unknown_release_is_refused(bad):
    with pytest.raises(ValueError, match="release must be one of '2026.1', '2026.2'"):
        load_imagenet_models(release=bad)
