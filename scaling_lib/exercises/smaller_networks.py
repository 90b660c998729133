"""Answer checks for the exercises of *Smaller networks: cheaper to run, not cheaper to train* (``book/smaller_networks.md``)."""
from __future__ import annotations

from .. import ledger
from ..simulations import pruning
from . import register


def _break_even_93() -> float:
    """Predictions after which the 93%-sparse, fine-tuned network has repaid its fine-tuning."""
    curve = pruning.pruning_curve(sparsities=[0.0, 0.93]).set_index(["sparsity", "method"])
    dense = curve.loc[(0.0, "pruned")]
    tuned = curve.loc[(0.93, "pruned + fine-tuned")]
    return ledger.break_even_inferences(
        tuned["training_flop_total"] - dense["training_flop_total"], dense["inference_flop"], tuned["inference_flop"]
    )


def _gpu_hours_per_child() -> float:
    search = ledger.nasnet_search_cost()
    return search["gpu_hours"] / search["child_models"]


def _l1_accuracy_at_90() -> float:
    curve = pruning.pruning_curve(sparsities=[0.9], l1_penalty=1e-4)
    return float(curve.loc[curve["method"] == "pruned", "test_accuracy"].iloc[0])


register(
    "smaller-networks-break-even",
    _break_even_93,
    relative_tolerance=0.01,
    hint="divide the extra training FLOP (fine-tuned minus dense) by the FLOP saved per prediction (dense minus pruned); "
    "ledger.break_even_inferences does exactly this.",
    unit="predictions",
)
register(
    "smaller-networks-nasnet",
    _gpu_hours_per_child,
    relative_tolerance=0.01,
    hint="the search used 500 GPUs for 4 days; divide its GPU-hours (ledger.nasnet_search_cost) by the number of child models.",
    unit="GPU-hours per child model",
)
register(
    "smaller-networks-l1",
    _l1_accuracy_at_90,
    relative_tolerance=0.01,
    hint="call pruning.pruning_curve(sparsities=[0.9], l1_penalty=1e-4) and read the test accuracy of the 'pruned' row "
    "(no fine-tuning), as a fraction.",
    unit="(test accuracy)",
)
