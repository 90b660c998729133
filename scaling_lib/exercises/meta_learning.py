"""Answer checks for the exercises of *Meta-learning and distribution shift* (``book/meta_learning.md``)."""
from __future__ import annotations

from ..simulations import adaptation, shift
from . import register

register(
    "meta-rotation",
    lambda: 100.0 * float(shift.shift_accuracy_curve([45.0], kind="rotation")["accuracy_drop"].iloc[0]),
    relative_tolerance=0.02,
    hint="call shift_accuracy_curve([45], kind='rotation') and turn its accuracy_drop (a fraction) into percentage points.",
    unit="percentage points",
)
register(
    "meta-em-gain",
    lambda: 100.0 * float(adaptation.prior_adaptation_curve([0.56], kind="class_balance")["accuracy_gain"].iloc[0]),
    relative_tolerance=0.02,
    hint="the class-1 share falls from 0.70 to 0.14, a strength of 0.56; read accuracy_gain from prior_adaptation_curve and multiply by 100.",
    unit="percentage points",
)
register(
    "meta-separation",
    lambda: 100.0
    * float(adaptation.prior_adaptation_curve([0.35], kind="class_balance", class_separation=1.5)["accuracy_gain"].iloc[0]),
    relative_tolerance=0.02,
    hint="pass class_separation=1.5 to prior_adaptation_curve with a class_balance strength of 0.35, and give accuracy_gain in percentage points.",
    unit="percentage points",
)
