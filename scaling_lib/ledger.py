"""The cost ledger of smaller networks: cheaper to run, dearer to train.

The article's point about pruning, complexity penalties and neural architecture search is a
matter of book-keeping (Thompson et al. 2021, ``thompson2021diminishing``): each of them lowers
the compute of *every use* of a model (inference), and each of them adds to the compute of
*making* it (training).

* **Pruning** trains the dense network first, then prunes and retrains (Han et al. 2015,
  ``han2015learning``): training cost x (1 + retraining fraction),
  :func:`training_cost_with_pruning`.
* **Complexity penalties** (L1, weight decay) add almost nothing per training step, but their
  strength has to be tuned, which means several training runs: a small search,
  :func:`search_cost` with the number of penalty values tried.
* **Architecture search** trains many candidate ("child") networks: trials x training cost,
  :func:`search_cost`. NASNet's search (Zoph et al. 2018, ``zoph2018learning``) is the sourced
  example, in :data:`NASNET_SEARCH` and :func:`nasnet_search_cost`.

Whether the trade pays depends on how often the model is used before it is replaced:
:func:`break_even_inferences` (how many predictions repay the extra training),
:func:`lifetime_cost` and :func:`ledger_table` (total compute over a range of uses), and
:func:`dominant_cost` / :func:`training_share` (whether running or training costs dominate).
The chapter's figures draw three tables built from these: :func:`ledger_grid` (the ledger over
a grid of extra training and inference saving), :func:`dominance_table` (the training share
under each retraining schedule of :data:`RETRAINING_SCHEDULES`) and :func:`search_scale_table`
(NASNet's search beside one child model, AlexNet and the chapter's network).

Every quantity is in FLOP (floating-point operations), counted the same way for training and
inference; multiply by a price per FLOP (``scaling_lib.costs``) for dollars. All functions are
pure arithmetic. Chapter: smaller networks.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from scaling_lib._checks import check_array, check_int, check_number, check_positive, check_probability, finite_result
from scaling_lib.compute_measures import hardware_burden_from_processor_hours

__all__ = [
    "NASNET_SEARCH",
    "training_cost_with_pruning",
    "search_cost",
    "break_even_inferences",
    "lifetime_cost",
    "training_share",
    "dominant_cost",
    "ledger_table",
    "nasnet_search_table",
    "nasnet_search_cost",
    "EXTRA_TRAINING_PERCENT_GRID",
    "SAVING_PERCENT_GRID",
    "INFERENCE_GRID",
    "RETRAINING_SCHEDULES",
    "ALEXNET_GPU_HOURS",
    "GTX580_PEAK_FLOPS_FP32",
    "ledger_grid",
    "dominance_table",
    "search_scale_table",
]

#: Sourced facts about the neural architecture search behind NASNet (Zoph et al. 2018,
#: ``zoph2018learning``). Each entry: value, unit, source, status (labels as in
#: /work/shared/reference: VERIFIED = seen in the cited source; SECONDARY = stated by another
#: paper, not checked in Zoph et al. itself; derived = arithmetic on the entries above).
NASNET_SEARCH: dict[str, dict[str, Any]] = {
    "gpus": {
        "value": 500,
        "unit": "GPUs (NVIDIA P100)",
        "source": (
            "Zoph et al. 2018 (zoph2018learning), as quoted in Epoch AI's Notable AI Models note on "
            "PNASNet-5 ('500 p100s for 4 days'); project reference imagenet_models.md row 24"
        ),
        "status": "VERIFIED (as quoted by Epoch AI)",
    },
    "search_days": {
        "value": 4,
        "unit": "days",
        "source": "same as gpus",
        "status": "VERIFIED (as quoted by Epoch AI)",
    },
    "child_models_trained": {
        "value": 20_000,
        "unit": "candidate networks trained and evaluated",
        "source": (
            "Liu et al. 2018, 'Progressive Neural Architecture Search' (arXiv 1712.00559, "
            "introduction; Zoph is a co-author): the RL search of Zoph et al. 2018 'trains and "
            "evaluates 20,000 neural networks across 500 P100 GPUs over 4 days'"
        ),
        "status": "SECONDARY (not yet checked in Zoph et al. 2018 itself; not in the project reference files)",
    },
    "p100_peak_flops_fp32": {
        "value": 9.3e12,
        "unit": "FLOP/s per GPU (FP32 peak, P100 PCIe)",
        "source": "Epoch AI ML Hardware data (project reference accelerators.md); which P100 variant was used is UNVERIFIED",
        "status": "VERIFIED (the datasheet value); the variant UNVERIFIED",
    },
    "gpu_hours": {
        "value": 500 * 4 * 24,
        "unit": "GPU-hours",
        "source": "gpus x search_days x 24",
        "status": "derived",
    },
}


@finite_result
def training_cost_with_pruning(train_flop: float, prune_retrain_fraction: float) -> float:
    """Training FLOP of a pruned model: dense training plus retraining after pruning.

    = ``train_flop`` x (1 + ``prune_retrain_fraction``), where the fraction is the retraining
    compute as a share of the dense training (0.5 = half as much again; above 1 for iterative
    prune-retrain cycles as in Han et al. 2015, ``han2015learning``). There is no default: the
    fraction depends on the method. Chapter: smaller networks.
    """
    train_flop = check_number("train_flop", train_flop, low=0.0)
    prune_retrain_fraction = check_number("prune_retrain_fraction", prune_retrain_fraction, low=0.0, high=1e6)
    return train_flop * (1.0 + prune_retrain_fraction)


@finite_result
def search_cost(trials: int, train_flop_per_trial: float) -> float:
    """Training FLOP of a search: ``trials`` x ``train_flop_per_trial``.

    Covers architecture search (each trial trains one candidate network; NASNet's search trained
    about 20,000, see :data:`NASNET_SEARCH`) and the tuning of a complexity penalty (each trial is
    one training run with one penalty strength). Chapter: smaller networks.
    """
    trials = check_int("trials", trials, low=1)
    train_flop_per_trial = check_number("train_flop_per_trial", train_flop_per_trial, low=0.0)
    return trials * train_flop_per_trial


def break_even_inferences(
    extra_training_flop: float, inference_flop_before: float, inference_flop_after: float
) -> float:
    """Number of inferences after which a cheaper-to-run model has repaid its extra training.

    = ``extra_training_flop`` / (``inference_flop_before`` - ``inference_flop_after``), the
    inference FLOP being per prediction. Returns ``math.inf`` when the new model saves nothing
    per inference (after >= before) and the extra training is positive, and 0.0 when there is no
    extra training and some saving. (No extra training and no saving also gives ``math.inf``:
    the lines never cross.) Chapter: smaller networks.
    """
    extra_training_flop = check_number("extra_training_flop", extra_training_flop, low=0.0)
    inference_flop_before = check_number("inference_flop_before", inference_flop_before, low=0.0)
    inference_flop_after = check_number("inference_flop_after", inference_flop_after, low=0.0)
    saving = inference_flop_before - inference_flop_after
    if saving <= 0.0:
        return math.inf
    return extra_training_flop / saving


@finite_result
def lifetime_cost(training_flop: float, inference_flop: float, inferences: float, retrainings: int = 1) -> float:
    """Total FLOP over a model's life: ``retrainings`` x training + ``inferences`` x inference.

    ``training_flop`` is one training run, ``inference_flop`` one prediction, ``inferences`` the
    number of predictions served (a count, may be huge, need not be an integer), ``retrainings``
    the number of training runs over the same period (1 = trained once; a model retrained every
    week for a year has 52). Chapter: smaller networks.
    """
    training_flop = check_number("training_flop", training_flop, low=0.0)
    inference_flop = check_number("inference_flop", inference_flop, low=0.0)
    inferences = check_number("inferences", inferences, low=0.0)
    retrainings = check_int("retrainings", retrainings, low=1)
    return retrainings * training_flop + inferences * inference_flop


def training_share(training_flop: float, inference_flop: float, inferences: float, retrainings: int = 1) -> float:
    """Fraction (in [0, 1]) of a model's lifetime FLOP that is training (see :func:`lifetime_cost`).

    Returns 0.0 if the lifetime cost is zero. Chapter: smaller networks.
    """
    total = lifetime_cost(training_flop, inference_flop, inferences, retrainings)
    if total == 0.0:
        return 0.0
    return retrainings * float(training_flop) / total


def dominant_cost(
    training_flop: float, inference_flop: float, inferences: float, retrainings: int = 1, *, margin: float = 0.5
) -> str:
    """Which cost dominates a model's life: "training", "inference" or "balanced".

    "training" if the training share of :func:`lifetime_cost` is above ``margin`` (default one
    half), "inference" if it is below 1 - ``margin``, otherwise "balanced" (with the default
    margin only an exact 50/50 split; a margin of 0.8 calls a 30/70 split balanced). A model
    used by millions is dominated by running costs, so making each prediction cheaper pays; a
    model retrained often and used little is dominated by training, so pruning or search makes
    it dearer overall.
    Chapter: smaller networks.
    """
    margin = check_number("margin", margin, low=0.5, high=1.0, high_open=True)
    share = training_share(training_flop, inference_flop, inferences, retrainings)
    if share > margin:
        return "training"
    if share < 1.0 - margin:
        return "inference"
    return "balanced"


@finite_result(allow=("break_even_inferences",))
def ledger_table(
    baseline_training_flop: float,
    baseline_inference_flop: float,
    compressed_training_flop: float,
    compressed_inference_flop: float,
    inferences: Any,
    retrainings: int = 1,
    *,
    tidy: bool = False,
) -> pd.DataFrame:
    """Lifetime FLOP of a baseline and a compressed model over a range of inference counts.

    ``inferences`` is a 1-D array of non-negative counts. Wide form (default), one row per count:
    ``inferences``, ``baseline_lifetime_flop``, ``compressed_lifetime_flop``, ``saving_flop``
    (baseline - compressed; negative while the compressed model is dearer), ``cheaper``
    ("baseline", "compressed" or "equal") and ``break_even_inferences`` (the same in every row:
    the count n >= 0 where the two lines meet, n = retrainings x (compressed - baseline training)
    / (baseline - compressed inference); 0 if the lines are identical, ``math.inf`` if they never
    meet at a non-negative count). A model that is cheaper to train but dearer to run (e.g. a
    smaller dense model) crosses from "compressed" to "baseline" at that count.

    With ``tidy=True``: columns ``inferences``, ``model`` ("baseline" / "compressed") and
    ``lifetime_flop``, two rows per count, for charting. Chapter: smaller networks.
    """
    baseline_training_flop = check_number("baseline_training_flop", baseline_training_flop, low=0.0)
    baseline_inference_flop = check_number("baseline_inference_flop", baseline_inference_flop, low=0.0)
    compressed_training_flop = check_number("compressed_training_flop", compressed_training_flop, low=0.0)
    compressed_inference_flop = check_number("compressed_inference_flop", compressed_inference_flop, low=0.0)
    counts = check_array("inferences", inferences, low=0.0)
    retrainings = check_int("retrainings", retrainings, low=1)
    if not isinstance(tidy, (bool, np.bool_)):
        raise TypeError(f"tidy must be True or False, got {type(tidy).__name__}")
    baseline = retrainings * baseline_training_flop + counts * baseline_inference_flop
    compressed = retrainings * compressed_training_flop + counts * compressed_inference_flop
    if tidy:
        return pd.DataFrame(
            {
                "inferences": np.concatenate([counts, counts]),
                "model": ["baseline"] * counts.size + ["compressed"] * counts.size,
                "lifetime_flop": np.concatenate([baseline, compressed]),
            }
        )
    saving = baseline - compressed
    equal = np.isclose(baseline, compressed, rtol=1e-12, atol=0.0)
    cheaper = np.where(equal, "equal", np.where(saving > 0, "compressed", "baseline"))
    extra = retrainings * (compressed_training_flop - baseline_training_flop)
    per_use = baseline_inference_flop - compressed_inference_flop
    if per_use == 0.0:
        crossing = 0.0 if extra == 0.0 else math.inf  # identical lines, or parallel ones
    else:
        crossing = extra / per_use
        if crossing < 0.0:
            crossing = math.inf  # they would meet only at a negative count
    return pd.DataFrame(
        {
            "inferences": counts,
            "baseline_lifetime_flop": baseline,
            "compressed_lifetime_flop": compressed,
            "saving_flop": saving,
            "cheaper": cheaper,
            "break_even_inferences": np.full(counts.size, crossing),
        }
    )


def nasnet_search_table() -> pd.DataFrame:
    """:data:`NASNET_SEARCH` as a DataFrame: quantity, value, unit, source, status. Chapter: smaller networks."""
    return pd.DataFrame([{"quantity": key, **entry} for key, entry in NASNET_SEARCH.items()])


@finite_result
def nasnet_search_cost(utilization: float = 1.0, peak_flops_per_gpu: float | None = None) -> dict[str, float]:
    """Rough compute of NASNet's architecture search, from :data:`NASNET_SEARCH`.

    Returns a dict: ``gpu_hours`` (500 GPUs x 4 days x 24 h = 48,000), ``search_flop``
    (GPU-hours x 3600 s x peak FLOP/s x ``utilization``; with the defaults, P100 FP32 peak
    9.3e12 FLOP/s at full use, an *upper bound* of about 1.6e21 FLOP), ``child_models``
    (20,000, SECONDARY) and ``flop_per_child_model`` (search FLOP / child models, so that
    :func:`search_cost` (child models, flop per child) gives back the search FLOP). Real GPUs
    reach perhaps 30-40 % of peak in training (the range Epoch AI assumes), so pass e.g.
    ``utilization=0.33`` for a central estimate. Derived numbers: only as good as their inputs.
    Chapter: smaller networks.
    """
    utilization = check_probability("utilization", utilization, closed=True)
    if utilization == 0.0:
        raise ValueError("utilization must be in (0, 1], got 0")
    if peak_flops_per_gpu is None:
        peak = float(NASNET_SEARCH["p100_peak_flops_fp32"]["value"])
    else:
        peak = check_positive("peak_flops_per_gpu", peak_flops_per_gpu)
    gpu_hours = float(NASNET_SEARCH["gpu_hours"]["value"])
    children = float(NASNET_SEARCH["child_models_trained"]["value"])
    total = gpu_hours * 3600.0 * peak * utilization
    return {
        "gpu_hours": gpu_hours,
        "search_flop": total,
        "child_models": children,
        "flop_per_child_model": total / children,
    }


# ----------------------------------------------------------------------------- tables of the chapter's figures

#: Default grid of :func:`ledger_grid`: extra training of the compressed model, in percent of one baseline training run.
EXTRA_TRAINING_PERCENT_GRID = np.arange(0, 301, 25)
#: Default grid of :func:`ledger_grid`: inference compute the compressed model saves per prediction, in percent.
SAVING_PERCENT_GRID = np.arange(10, 91, 10)
#: Default numbers of inferences (predictions served) of :func:`ledger_grid`: 10² to 10⁹, three per decade.
INFERENCE_GRID = 10.0 ** (np.arange(6, 28) / 3.0)
#: Retraining schedules of :func:`dominance_table`: label -> training runs per year.
RETRAINING_SCHEDULES: dict[str, int] = {"once a year": 1, "every quarter": 4, "every month": 12, "every week": 52, "every day": 365}
#: AlexNet's training: 2 GPUs for about 5.5 days (the article's "five to six days"), in GPU-hours.
ALEXNET_GPU_HOURS = 2 * 5.5 * 24
#: GTX 580 FP32 peak, FLOP/s (Epoch AI ML Hardware data; project reference accelerators.md).
GTX580_PEAK_FLOPS_FP32 = 1.581e12


def ledger_grid(
    training_flop: float,
    inference_flop: float,
    extra_training_percent: Any = EXTRA_TRAINING_PERCENT_GRID,
    saving_percent: Any = SAVING_PERCENT_GRID,
    inferences: Any = INFERENCE_GRID,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lifetime FLOP of a baseline and a compressed model on a grid of extra training and inference saving.

    The baseline costs ``training_flop`` once and ``inference_flop`` per prediction. For each extra
    training e (percent of one baseline run) and saving s (percent of the inference FLOP), the
    compressed model costs ``training_flop`` x (1 + e/100) (:func:`training_cost_with_pruning`)
    and ``inference_flop`` x (1 - s/100). Returns ``(lines, crossings)``: ``lines`` is
    :func:`ledger_table` in tidy form for every pair (columns ``extra_training_percent``,
    ``saving_percent``, ``inferences``, ``model``, ``lifetime_flop``), except that the baseline's rows,
    the same for every pair, appear once with NaN in the two grid columns; ``crossings`` has one row per
    pair (columns ``extra_training_percent``, ``saving_percent``) with ``break_even_inferences``
    (:func:`break_even_inferences`: 0 with no extra training, inf with no saving) and
    ``lifetime_flop``, the lifetime FLOP there (NaN where it is inf). Chapter: smaller networks.
    """
    training_flop = check_positive("training_flop", training_flop)
    inference_flop = check_positive("inference_flop", inference_flop)
    extras = check_array("extra_training_percent", extra_training_percent, low=0.0, high=1e6)
    savings = check_array("saving_percent", saving_percent, low=0.0, high=100.0, high_open=True)
    counts = check_array("inferences", inferences, low=0.0)
    line_frames = []
    crossing_rows = []
    for extra in extras:
        compressed_training = training_cost_with_pruning(training_flop, extra / 100.0)
        for saving in savings:
            compressed_inference = inference_flop * (1.0 - saving / 100.0)
            tidy = ledger_table(training_flop, inference_flop, compressed_training, compressed_inference, counts, tidy=True)
            if not line_frames:  # the baseline does not depend on the grid: keep its rows once, unlabelled
                line_frames.append(tidy[tidy["model"] == "baseline"].assign(extra_training_percent=math.nan, saving_percent=math.nan))
            tidy = tidy[tidy["model"] == "compressed"]
            line_frames.append(tidy.assign(extra_training_percent=float(extra), saving_percent=float(saving)))
            crossing = break_even_inferences(compressed_training - training_flop, inference_flop, compressed_inference)
            crossing_rows.append(
                {
                    "extra_training_percent": float(extra),
                    "saving_percent": float(saving),
                    "break_even_inferences": crossing,
                    "lifetime_flop": lifetime_cost(training_flop, inference_flop, crossing) if math.isfinite(crossing) else math.nan,
                }
            )
    lines = pd.concat(line_frames, ignore_index=True)[["extra_training_percent", "saving_percent", "inferences", "model", "lifetime_flop"]]
    return lines, pd.DataFrame(crossing_rows)


def dominance_table(training_flop: float, inference_flop: float, inferences: Any = 10.0 ** (np.arange(6, 34) / 3.0)) -> pd.DataFrame:
    """Training share of lifetime compute for each schedule in :data:`RETRAINING_SCHEDULES`.

    ``training_flop`` (FLOP per training run) and ``inference_flop`` (FLOP per prediction) are
    positive; ``inferences`` are predictions per year (default 10² to 10¹¹, three per decade).
    Columns ``schedule``, ``retrainings`` (per year), ``inferences`` (predictions per year),
    ``training_share`` (:func:`training_share`) and ``dominant`` (:func:`dominant_cost`).
    Chapter: smaller networks.
    """
    training_flop = check_positive("training_flop", training_flop)
    inference_flop = check_positive("inference_flop", inference_flop)
    counts = check_array("inferences", inferences, low=0.0)
    rows = [
        {
            "schedule": name,
            "retrainings": runs,
            "inferences": float(count),
            "training_share": training_share(training_flop, inference_flop, float(count), runs),
            "dominant": dominant_cost(training_flop, inference_flop, float(count), runs),
        }
        for name, runs in RETRAINING_SCHEDULES.items()
        for count in counts
    ]
    return pd.DataFrame(rows)


def search_scale_table(mlp_training_flop: float) -> pd.DataFrame:
    """Compute of NASNet's architecture search beside one child model, AlexNet and the chapter's network.

    ``mlp_training_flop`` is the training FLOP of the chapter's network (positive). Columns
    ``item``, ``flop`` (FLOP) and ``measure`` (how the number was made). The search and
    child model come from :func:`nasnet_search_cost` (hardware burden at P100 FP32 peak, an
    upper bound); AlexNet from :func:`scaling_lib.compute_measures.hardware_burden_from_processor_hours`
    with :data:`ALEXNET_GPU_HOURS` (2 GPUs x 5.5 days) at :data:`GTX580_PEAK_FLOPS_FP32`.
    Chapter: smaller networks.
    """
    mlp_training_flop = check_positive("mlp_training_flop", mlp_training_flop)
    search = nasnet_search_cost()
    alexnet = hardware_burden_from_processor_hours(ALEXNET_GPU_HOURS, GTX580_PEAK_FLOPS_FP32)
    rows = [
        ("our network, trained once", mlp_training_flop, "6 × weights × examples × epochs"),
        ("NASNet, one child model", search["flop_per_child_model"], "hardware burden of the search ÷ 20,000 child models"),
        ("AlexNet, trained once", alexnet, "hardware burden: 2 GTX 580 GPUs × 5.5 days at peak"),
        ("NASNet, whole search", search["search_flop"], "hardware burden: 500 P100 GPUs × 4 days at peak"),
    ]
    return pd.DataFrame(rows, columns=["item", "flop", "measure"])
