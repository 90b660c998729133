"""Live controls for the chapter *Smaller networks: cheaper to run, not cheaper to train* (``book/smaller_networks.md``)."""
from __future__ import annotations

from typing import Any

from .. import smaller_networks as sn
from ..charts.smaller_networks import ledger_draw, ledger_parts, live_pruning_draw, live_pruning_parts
from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

BENCHMARK_INPUTS = {
    "pruning_widget": [dict(sparsity=s, fine_tune_epochs=e) for s, e in ((0.5, 0), (0.8, 5), (0.9, 15), (0.95, 20), (0.99, 2))],
    "ledger_widget": [dict(training_flop=t, inference_flop=i, retrainings=r) for t, i, r in ((1.6e9, 13_440.0, 1), (1e21, 1e10, 4))],
}


def pruning_widget() -> LiveControl | LiveOnlyNote:
    """Prune the chapter's network to any sparsity, fine-tune it for 0-20 epochs and redraw both networks' classes."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        return {
            "sparsity": widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01, description="sparsity", readout_format=".0%",
                                            continuous_update=False),
            "fine_tune_epochs": widgets.IntSlider(value=5, min=0, max=20, description="fine-tune epochs", continuous_update=False),
        }

    X, y = sn.spiral_task(3000, seed=0)  # the chapter's task: its first 150 training points are drawn

    def parts(sparsity: float, fine_tune_epochs: int):
        row, networks = sn.pruned_network(sparsity, fine_tune_epochs)
        return live_pruning_parts(sn.boundary_grid(networks), X[:150], y[:150], row)

    return live_control(
        "prune and fine-tune the network",
        "Choose any sparsity from 0 to 99% and 0 to 20 epochs of fine-tuning: scaling_lib prunes the chapter's network by weight "
        "magnitude, fine-tunes it, measures both test accuracies and draws the class each network predicts over the plane.",
        controls,
        SpecTemplate(parts, live_pruning_draw),
    )


def ledger_widget() -> LiveControl | LiveOnlyNote:
    """The ledger calculator for any baseline (training and per-prediction FLOP) and any number of training runs."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        log = {"base": 10, "step": 0.1, "readout_format": ".3g", "continuous_update": False}
        return {
            "training_flop": widgets.FloatLogSlider(value=1.6128e9, min=6, max=25, description="train FLOP", **log),
            "inference_flop": widgets.FloatLogSlider(value=13_440.0, min=2, max=13, description="FLOP/prediction", **log),
            "retrainings": widgets.IntSlider(value=1, min=1, max=365, description="retrainings", continuous_update=False),
        }

    def parts(training_flop: float, inference_flop: float, retrainings: int):
        return ledger_parts(*sn.ledger_grid(training_flop, inference_flop, retrainings), title=f"Trained {retrainings}× over the period")

    return live_control(
        "the cost ledger with your own numbers",
        "Set the baseline's training and per-prediction compute and how often it is retrained: scaling_lib recomputes the "
        "lifetime costs, and the sliders in the figure set the compressed model's extra training and saving.",
        controls,
        SpecTemplate(parts, ledger_draw),
    )
