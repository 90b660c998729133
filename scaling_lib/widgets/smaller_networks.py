"""Live controls for the chapter *Smaller networks: cheaper to run, not cheaper to train* (``book/smaller_networks.md``)."""
from __future__ import annotations

from typing import Any

from . import LiveControl, LiveOnlyNote, live_control

BENCHMARK_INPUTS = {
    "pruning_widget": [
        {"sparsity": s, "fine_tune_epochs": e}
        for s, e in ((0.5, 0), (0.8, 5), (0.9, 15), (0.93, 10), (0.95, 20), (0.97, 15), (0.99, 2), (0.3, 8))
    ],
    "ledger_widget": [
        {"training_flop": t, "inference_flop": i, "training_multiplier": m, "saving_percent": s, "retrainings": r}
        for t, i, m, s, r in (
            (1.6e9, 13_440.0, 1.375, 93.0, 1),
            (1e21, 1e10, 20_000.0, 50.0, 1),
            (3e23, 3.5e11, 1.2, 30.0, 4),
            (1e15, 1e6, 3.0, 90.0, 52),
            (1e18, 1e9, 1.0, 10.0, 1),
            (1e12, 1e3, 100.0, 99.0, 365),
        )
    ],
}


def pruning_widget() -> LiveControl | LiveOnlyNote:
    """Prune the chapter's network to any sparsity and fine-tune it for 0-20 epochs; redraw the point and its boundary."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        return {
            "sparsity": widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01, description="sparsity", readout_format=".0%", continuous_update=False),
            "fine_tune_epochs": widgets.IntSlider(value=5, min=0, max=20, step=1, description="fine-tune epochs", continuous_update=False),
        }

    def make_chart(sparsity: float, fine_tune_epochs: int):
        from ..charts.smaller_networks import pruned_point_chart

        return pruned_point_chart(sparsity, fine_tune_epochs)

    return live_control(
        "prune and fine-tune the network",
        "Choose any sparsity from 0 to 99% and 0 to 20 epochs of fine-tuning: scaling_lib prunes the chapter's network, "
        "fine-tunes it, measures its test accuracy and draws the point on the curve and the class it predicts over the plane.",
        controls,
        make_chart,
    )


def ledger_widget() -> LiveControl | LiveOnlyNote:
    """The cost ledger with any numbers: baseline costs, the compressed model's training multiplier and saving, retrainings."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        return {
            "training_flop": widgets.FloatLogSlider(value=1.6128e9, base=10, min=6, max=25, step=0.1, description="train FLOP", readout_format=".2g", continuous_update=False),
            "inference_flop": widgets.FloatLogSlider(value=13_440.0, base=10, min=2, max=13, step=0.1, description="FLOP/prediction", readout_format=".2g", continuous_update=False),
            "training_multiplier": widgets.FloatLogSlider(value=1.375, base=10, min=0, max=5, step=0.01, description="× training", readout_format=".4g", continuous_update=False),
            "saving_percent": widgets.FloatSlider(value=93.0, min=1.0, max=99.0, step=1.0, description="% saved", continuous_update=False),
            "retrainings": widgets.IntSlider(value=1, min=1, max=365, step=1, description="retrainings", continuous_update=False),
        }

    def make_chart(training_flop: float, inference_flop: float, training_multiplier: float, saving_percent: float, retrainings: int):
        from ..charts.smaller_networks import ledger_lines

        return ledger_lines(
            training_flop,
            inference_flop,
            training_flop * training_multiplier,
            inference_flop * (1.0 - saving_percent / 100.0),
            retrainings,
        )

    return live_control(
        "the cost ledger with your own numbers",
        "Set the baseline's training and per-prediction compute, how many times more the compressed model costs to train, "
        "how much it saves per prediction and how often it is retrained: scaling_lib.ledger recomputes both lifetime costs "
        "and the break-even point.",
        controls,
        make_chart,
    )
