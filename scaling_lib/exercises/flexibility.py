"""Answer checks for the exercises of *Flexibility: why deep learning needs so much data* (``book/flexibility.md``)."""
from __future__ import annotations

from ..simulations import flexibility
from . import register


def _crossover_compute() -> float:
    """The flexible model's compute proxy at the crossover: 200 candidates, 1 of 10 true variables missed, noise 0.5."""
    curves = flexibility.learning_curves(n_candidates=200, n_true=10, n_missed=1, noise_sd=0.5, seed=0)
    n_cross = flexibility.crossover_n(curves)
    flexible = curves[(curves["model"] == "flexible") & (curves["n_train"] == n_cross)]
    return float(flexible["compute_flop_proxy"].iloc[0])


register(
    "flexibility-floor",
    lambda: flexibility.expert_error_floor(n_true=10, n_missed=2, noise_sd=0.5),
    relative_tolerance=0.01,
    hint="with unlimited data the expert's error is the noise variance plus the share of the signal carried by the variables it missed.",
    unit="(test error, mean squared)",
)
register(
    "flexibility-compute",
    _crossover_compute,
    relative_tolerance=0.01,
    hint="find the crossover with crossover_n, then read compute_flop_proxy (examples × parameters) of the flexible model at that size.",
    unit="(examples × parameters)",
)
