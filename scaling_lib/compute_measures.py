"""The two ways Thompson et al. measure the computation behind a trained model.

*Hardware burden* counts what the hardware could have done: the number of
processors times each processor's rated peak rate (FLOP/s) times the training
time. *Network operations* counts what the network itself needs: the floating
point operations of one forward pass, times about three for the forward and
backward passes, times the images seen per epoch, times the number of epochs.
Both are in FLOP. The paper ("The Computational Limits of Deep Learning",
arXiv:2007.05558) fits log error against the log of each; the book's chapter
on the ninth power ("Fitting the price of accuracy") uses the table built from
these rules in :func:`scaling_lib.data.model_compute_table`.

Each derivation lives in exactly one private function (``_hardware_burden``,
``_network_operations``, ``_select_peak``) that works element-wise on numpy
arrays and lets NaN (a missing primitive) flow through to the result. The public
functions check their arguments with :mod:`scaling_lib._checks` and call the
same private rule, so the numbers in the table and the numbers from a hand call
can never disagree.
"""
from __future__ import annotations

import numpy as np

from scaling_lib._checks import check_choice, check_number, check_positive, finite_result

__all__ = [
    "SECONDS_PER_HOUR",
    "FLOP_PER_MAC",
    "FORWARD_BACKWARD_FACTOR",
    "PRECISIONS",
    "DEFAULT_PRECISION",
    "peak_flops_for_precision",
    "hardware_burden_flop",
    "hardware_burden_from_processor_hours",
    "forward_flop_from_macs",
    "network_operations_flop",
]

SECONDS_PER_HOUR = 3600.0
"""Seconds in one hour."""

FLOP_PER_MAC = 2.0
"""FLOP in one multiply-accumulate (one multiplication plus one addition).

Most vision papers report per-image cost in multiply-adds while calling them
"FLOPs"; OpenAI's "AI and Compute" and Epoch AI count two FLOP per multiply-add.
"""

FORWARD_BACKWARD_FACTOR = 3.0
"""Cost of one training step on one image, in forward passes.

The backward pass costs about twice the forward pass, so forward + backward is
about three forward passes. This is the factor Thompson et al. and Epoch AI's
operation-counting method both use.
"""

PRECISIONS = ("rated", "fp32", "tensor16", "best")
"""Which peak rate of a processor a hardware burden uses.

- ``"rated"`` (default): the chip's headline training rate as its maker rates it:
  the non-tensor FP32 rate for GPUs (the rate every GPU in the table has, and the
  basis of the Spectrum article's GTX 580 versus P100 comparison), the dense
  bfloat16 rate for TPUs (Google rates TPUs v3 and later only in bfloat16).
- ``"fp32"``: the FP32 rate only; NaN for chips without one (TPU v3 and later).
- ``"tensor16"``: the dense 16-bit tensor rate only; NaN for chips without one
  (GPUs before Volta).
- ``"best"``: the dense 16-bit tensor rate where it exists, else FP32; an upper
  reading for models trained in mixed precision.
"""

DEFAULT_PRECISION = "rated"
"""The precision used unless a caller asks for another (see :data:`PRECISIONS`)."""

_KINDS = ("GPU", "TPU")


# --------------------------------------------------------------------------- rules
def _select_peak(
    peak_flops_fp32: np.ndarray,
    peak_flops_tensor16: np.ndarray,
    is_tpu: np.ndarray,
    precision: str,
) -> np.ndarray:
    """The one rule that picks a peak rate (FLOP/s) per chip; NaN where absent."""
    fp32 = np.asarray(peak_flops_fp32, dtype=float)
    tensor = np.asarray(peak_flops_tensor16, dtype=float)
    tpu = np.asarray(is_tpu, dtype=bool)
    if precision == "fp32":
        return fp32.copy()
    if precision == "tensor16":
        return tensor.copy()
    if precision == "best":
        return np.where(np.isnan(tensor), fp32, tensor)
    # "rated": TPUs by their 16-bit rate, GPUs by FP32
    return np.where(tpu, tensor, fp32)


def _hardware_burden(processor_hours: np.ndarray, peak_flops: np.ndarray) -> np.ndarray:
    """The one rule for hardware burden: processor-hours x 3600 s/h x peak FLOP/s."""
    return np.asarray(processor_hours, dtype=float) * SECONDS_PER_HOUR * np.asarray(peak_flops, dtype=float)


def _network_operations(
    forward_flop: np.ndarray,
    images_per_epoch: np.ndarray,
    epochs: np.ndarray,
    forward_backward_factor: float,
) -> np.ndarray:
    """The one rule for network operations: forward FLOP x factor x images x epochs."""
    return (
        np.asarray(forward_flop, dtype=float)
        * forward_backward_factor
        * np.asarray(images_per_epoch, dtype=float)
        * np.asarray(epochs, dtype=float)
    )


# ------------------------------------------------------------------ public helpers
def peak_flops_for_precision(
    peak_flops_fp32: float | None,
    peak_flops_tensor16: float | None,
    kind: str,
    precision: str = DEFAULT_PRECISION,
) -> float:
    """Peak rate of one processor, in FLOP/s, for the chosen precision.

    ``peak_flops_fp32`` is the non-tensor single-precision peak and
    ``peak_flops_tensor16`` the dense (no sparsity) FP16/BF16 tensor peak, both in
    FLOP/s as in ``data/accelerators.csv`` (Epoch AI's Machine Learning Hardware
    data); pass ``None`` or NaN for a rate the chip does not have. ``kind`` is
    ``"GPU"`` or ``"TPU"``. ``precision`` is one of :data:`PRECISIONS` (default
    ``"rated"``: FP32 for GPUs, bfloat16 for TPUs). Returns NaN when the chosen
    rate does not exist for this chip. Explained in the chapter on hardware
    ("What the chips could do").

    >>> peak_flops_for_precision(1.581e12, None, "GPU")
    1581000000000.0
    """
    check_choice("kind", kind, _KINDS)
    check_choice("precision", precision, PRECISIONS)
    rates = []
    for name, value in (("peak_flops_fp32", peak_flops_fp32), ("peak_flops_tensor16", peak_flops_tensor16)):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            rates.append(np.nan)
        else:
            rates.append(check_positive(name, value))
    if np.isnan(rates[0]) and np.isnan(rates[1]):
        raise ValueError("peak_flops_fp32 and peak_flops_tensor16 cannot both be missing")
    return float(_select_peak(np.array(rates[0]), np.array(rates[1]), np.array(kind == "TPU"), precision))


@finite_result
def hardware_burden_flop(
    processor_count: float,
    peak_flops_per_processor: float,
    train_hours: float,
) -> float:
    """Hardware burden of a training run, in FLOP.

    Hardware burden = processors x peak FLOP/s of one processor x training
    seconds (Thompson et al., arXiv:2007.05558). It measures what the hardware
    could have computed at its rated peak, not the operations actually done; real
    utilization is typically 30-40% (Epoch AI's assumption). ``processor_count``
    must be positive (a whole number of chips; 0.5 is allowed for e.g. a shared
    board), ``peak_flops_per_processor`` positive in FLOP/s, ``train_hours``
    positive. Explained in the chapter on the ninth power.

    AlexNet, by hand: 2 GTX 580 x 1.581e12 FLOP/s x 132 h x 3600 s/h:

    >>> f"{hardware_burden_flop(2, 1.581e12, 132):.3e}"
    '1.503e+18'
    """
    count = check_positive("processor_count", processor_count)
    peak = check_positive("peak_flops_per_processor", peak_flops_per_processor)
    hours = check_positive("train_hours", train_hours)
    return float(_hardware_burden(np.array(count * hours), np.array(peak)))


@finite_result
def hardware_burden_from_processor_hours(processor_hours: float, peak_flops_per_processor: float) -> float:
    """Hardware burden in FLOP from total processor-hours (count x hours already multiplied).

    Some papers report only a product such as "20.1k TPUv3 core-days"; convert it
    to chip-hours first (TPU v2-v4 have two cores per chip). ``processor_hours``
    and ``peak_flops_per_processor`` (FLOP/s) must be positive. Uses the same rule
    as :func:`hardware_burden_flop`. Explained in the chapter on the ninth power.

    >>> f"{hardware_burden_from_processor_hours(264.0, 1.581e12):.3e}"
    '1.503e+18'
    """
    hours = check_positive("processor_hours", processor_hours)
    peak = check_positive("peak_flops_per_processor", peak_flops_per_processor)
    return float(_hardware_burden(np.array(hours), np.array(peak)))


@finite_result
def forward_flop_from_macs(forward_macs: float, flop_per_mac: float = FLOP_PER_MAC) -> float:
    """FLOP of one forward pass from its multiply-accumulate count.

    ``forward_macs`` is the number of multiply-accumulates per image (not in
    billions), ``flop_per_mac`` the FLOP per multiply-accumulate (default 2, see
    :data:`FLOP_PER_MAC`; pass 1 for papers whose "FLOPs" already count each
    operation). Explained in the chapter on the ninth power.

    >>> forward_flop_from_macs(0.75e9)
    1500000000.0
    """
    macs = check_positive("forward_macs", forward_macs)
    factor = check_number("flop_per_mac", flop_per_mac, low=1.0, high=2.0)
    return macs * factor


@finite_result
def network_operations_flop(
    forward_flop_per_image: float,
    images_per_epoch: float,
    epochs: float,
    forward_backward_factor: float = FORWARD_BACKWARD_FACTOR,
) -> float:
    """Network operations of a training run, in FLOP.

    Network operations = FLOP of one forward pass x ``forward_backward_factor``
    (default 3: forward plus a backward pass of about twice its cost) x images
    per epoch x epochs (Thompson et al., arXiv:2007.05558). All arguments must be
    positive; ``epochs`` may be fractional; ``forward_backward_factor`` must lie
    in [1, 4]. Explained in the chapter on the ninth power.

    AlexNet, by hand: 0.75e9 multiply-adds x 2 = 1.5e9 FLOP per image, 1.2M
    images, 90 epochs:

    >>> f"{network_operations_flop(1.5e9, 1.2e6, 90):.3e}"
    '4.860e+17'
    """
    forward = check_positive("forward_flop_per_image", forward_flop_per_image)
    images = check_positive("images_per_epoch", images_per_epoch)
    n_epochs = check_positive("epochs", epochs)
    factor = check_number("forward_backward_factor", forward_backward_factor, low=1.0, high=4.0)
    return float(_network_operations(np.array(forward), np.array(images), np.array(n_epochs), factor))

