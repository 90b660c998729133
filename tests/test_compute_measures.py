"""Tests of scaling_lib.compute_measures: hand-worked rows, precision choice, bad input."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib.compute_measures import (
    DEFAULT_PRECISION,
    FLOP_PER_MAC,
    FORWARD_BACKWARD_FACTOR,
    PRECISIONS,
    forward_flop_from_macs,
    hardware_burden_flop,
    hardware_burden_from_processor_hours,
    network_operations_flop,
    peak_flops_for_precision,
)

GTX_580_FP32 = 1.581e12  # Epoch AI ML Hardware
V100_FP32, V100_TENSOR = 1.567e13, 1.25e14
TPU_V3_TENSOR = 1.23e14


# ------------------------------------------------------------------ hand-worked rows
def test_alexnet_hardware_burden_by_hand():
    # 2 GTX 580 x 1.581e12 FLOP/s x 132 h x 3600 s/h = 1.5026e18 FLOP
    burden = hardware_burden_flop(2, GTX_580_FP32, 132)
    assert burden == pytest.approx(2 * 1.581e12 * 132 * 3600)
    assert burden == pytest.approx(1.50e18, rel=0.01)
    # the authors' website stores 1.5016e9 (Gflop) for AlexNet
    assert burden / 1e9 == pytest.approx(1.5016e9, rel=0.002)


def test_alexnet_network_operations_by_hand():
    forward = forward_flop_from_macs(0.75e9)
    assert forward == 1.5e9
    ops = network_operations_flop(forward, 1.2e6, 90)
    assert ops == pytest.approx(1.5e9 * 3 * 1.2e6 * 90)
    # OpenAI's "AI and Compute" figure quoted by Epoch is 4.7e17; same recipe
    assert ops == pytest.approx(4.7e17, rel=0.05)


def test_deit_network_operations_by_hand():
    # 17.6 G multiply-adds, 1.28M images, 300 epochs
    ops = network_operations_flop(forward_flop_from_macs(17.6e9), 1.28e6, 300)
    assert ops == pytest.approx(17.6e9 * 2 * 3 * 1.28e6 * 300)
    assert ops == pytest.approx(4.055e19, rel=1e-3)


def test_noisy_student_tpu_burden_by_hand():
    # 1024 TPU v3 chips x 123 TFLOP/s (bf16, the TPU's rated peak) x 144 h
    peak = peak_flops_for_precision(None, TPU_V3_TENSOR, "TPU")
    assert peak == TPU_V3_TENSOR
    burden = hardware_burden_flop(1024, peak, 144)
    assert burden == pytest.approx(6.53e22, rel=1e-3)


def test_processor_hours_route_matches_count_times_hours():
    assert hardware_burden_from_processor_hours(264, GTX_580_FP32) == pytest.approx(
        hardware_burden_flop(2, GTX_580_FP32, 132)
    )
    # CoAtNet-7: 20.1k TPUv3 core-days = 10,050 chip-days = 241,200 chip-hours
    burden = hardware_burden_from_processor_hours(20_100 / 2 * 24, TPU_V3_TENSOR)
    assert burden == pytest.approx(10_050 * 86_400 * 1.23e14)


def test_nasnet_versus_alexnet_rate_ratio_is_about_six():
    # the article: only about 6x of AlexNet -> NASNet-A came from faster chips
    p100 = peak_flops_for_precision(9.3e12, None, "GPU")
    gtx580 = peak_flops_for_precision(GTX_580_FP32, None, "GPU")
    assert 5.5 < p100 / gtx580 < 6.5


def test_constants():
    assert FLOP_PER_MAC == 2.0
    assert FORWARD_BACKWARD_FACTOR == 3.0
    assert DEFAULT_PRECISION == "rated"
    assert set(PRECISIONS) == {"rated", "fp32", "tensor16", "best"}


# -------------------------------------------------------------------- precision rule
@pytest.mark.parametrize(
    "fp32, tensor, kind, precision, expected",
    [
        (V100_FP32, V100_TENSOR, "GPU", "rated", V100_FP32),
        (V100_FP32, V100_TENSOR, "GPU", "fp32", V100_FP32),
        (V100_FP32, V100_TENSOR, "GPU", "tensor16", V100_TENSOR),
        (V100_FP32, V100_TENSOR, "GPU", "best", V100_TENSOR),
        (GTX_580_FP32, None, "GPU", "best", GTX_580_FP32),
        (None, TPU_V3_TENSOR, "TPU", "rated", TPU_V3_TENSOR),
        (None, TPU_V3_TENSOR, "TPU", "best", TPU_V3_TENSOR),
        (3e12, 4.6e13, "TPU", "rated", 4.6e13),  # TPU v2 is rated in bf16, not its 3 TFLOP/s FP32
    ],
)
def test_peak_precision_choice(fp32, tensor, kind, precision, expected):
    assert peak_flops_for_precision(fp32, tensor, kind, precision) == expected


@pytest.mark.parametrize(
    "fp32, tensor, kind, precision",
    [(GTX_580_FP32, None, "GPU", "tensor16"), (None, TPU_V3_TENSOR, "TPU", "fp32")],
)
def test_peak_missing_precision_is_nan(fp32, tensor, kind, precision):
    assert math.isnan(peak_flops_for_precision(fp32, tensor, kind, precision))


def test_peak_nan_counts_as_missing():
    assert peak_flops_for_precision(float("nan"), TPU_V3_TENSOR, "TPU") == TPU_V3_TENSOR


# ------------------------------------------------------------------------ bad input
@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("position, name", [(0, "processor_count"), (1, "peak_flops_per_processor"), (2, "train_hours")])
def test_hardware_burden_rejects_bad_numbers(bad, position, name):
    args = [2, GTX_580_FP32, 132]
    args[position] = bad
    with pytest.raises(ValueError, match=name):
        hardware_burden_flop(*args)


@pytest.mark.parametrize("bad", ["2", None, True, [2], np.array([2.0])])
@pytest.mark.parametrize("position, name", [(0, "processor_count"), (1, "peak_flops_per_processor"), (2, "train_hours")])
def test_hardware_burden_rejects_wrong_types(bad, position, name):
    args = [2, GTX_580_FP32, 132]
    args[position] = bad
    with pytest.raises(TypeError, match=name):
        hardware_burden_flop(*args)


@pytest.mark.parametrize("bad", [0, -5, float("nan"), float("inf")])
def test_processor_hours_rejects_bad(bad):
    with pytest.raises(ValueError, match="processor_hours"):
        hardware_burden_from_processor_hours(bad, GTX_580_FP32)
    with pytest.raises(ValueError, match="peak_flops_per_processor"):
        hardware_burden_from_processor_hours(264, bad)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
@pytest.mark.parametrize(
    "position, name", [(0, "forward_flop_per_image"), (1, "images_per_epoch"), (2, "epochs")]
)
def test_network_operations_rejects_bad_numbers(bad, position, name):
    args = [1.5e9, 1.2e6, 90]
    args[position] = bad
    with pytest.raises(ValueError, match=name):
        network_operations_flop(*args)


@pytest.mark.parametrize("bad", ["90", None, False])
def test_network_operations_rejects_wrong_types(bad):
    with pytest.raises(TypeError, match="epochs"):
        network_operations_flop(1.5e9, 1.2e6, bad)


@pytest.mark.parametrize("bad", [0.5, 5.0, float("nan")])
def test_network_operations_rejects_bad_factor(bad):
    with pytest.raises(ValueError, match="forward_backward_factor"):
        network_operations_flop(1.5e9, 1.2e6, 90, forward_backward_factor=bad)


def test_forward_flop_from_macs_rejects_bad():
    with pytest.raises(ValueError, match="forward_macs"):
        forward_flop_from_macs(-1.0)
    with pytest.raises(TypeError, match="forward_macs"):
        forward_flop_from_macs("0.75e9")
    with pytest.raises(ValueError, match="flop_per_mac"):
        forward_flop_from_macs(1e9, flop_per_mac=3.0)
    assert forward_flop_from_macs(1e9, flop_per_mac=1.0) == 1e9


def test_peak_rejects_bad_arguments():
    with pytest.raises(ValueError, match="precision"):
        peak_flops_for_precision(V100_FP32, V100_TENSOR, "GPU", "fp64")
    with pytest.raises(ValueError, match="kind"):
        peak_flops_for_precision(V100_FP32, V100_TENSOR, "FPGA")
    with pytest.raises(ValueError, match="peak_flops_fp32"):
        peak_flops_for_precision(-1.0, V100_TENSOR, "GPU")
    with pytest.raises(ValueError, match="peak_flops_tensor16"):
        peak_flops_for_precision(V100_FP32, 0.0, "GPU")
    with pytest.raises(TypeError, match="peak_flops_fp32"):
        peak_flops_for_precision("fast", V100_TENSOR, "GPU")
    with pytest.raises(ValueError, match="both be missing"):
        peak_flops_for_precision(None, None, "GPU")


# ---------------------------------------------------------------- property tests
positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(count=positive, peak=positive, hours=positive, scale=st.floats(min_value=0.1, max_value=10))
def test_burden_is_linear_in_each_input(count, peak, hours, scale):
    base = hardware_burden_flop(count, peak, hours)
    assert hardware_burden_flop(count * scale, peak, hours) == pytest.approx(base * scale, rel=1e-9)
    assert hardware_burden_flop(count, peak * scale, hours) == pytest.approx(base * scale, rel=1e-9)
    assert hardware_burden_flop(count, peak, hours * scale) == pytest.approx(base * scale, rel=1e-9)
    assert hardware_burden_from_processor_hours(count * hours, peak) == pytest.approx(base, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(forward=positive, images=positive, epochs=positive)
def test_network_operations_is_product(forward, images, epochs):
    ops = network_operations_flop(forward, images, epochs)
    assert ops == pytest.approx(forward * 3 * images * epochs, rel=1e-12)
    assert network_operations_flop(forward, images, epochs, forward_backward_factor=1.0) == pytest.approx(ops / 3)
