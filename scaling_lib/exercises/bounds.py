"""Answer checks for the exercises of *The price of a better model* (``book/bounds.md``).

Each expected value is computed here from its definition with numpy, not by the chapter's code.
"""
import numpy as np

from . import register

register("bounds-compute", lambda: (0.20 / 0.05) ** 4, relative_tolerance=0.01, unit="× compute",  # k = 4; data k², parameters ∝ data, compute (k²)²
         hint="the improvement factor k is the old error divided by the new one; an overparameterized model needs k⁴.",
         mistakes={"the article's empirical ninth power (k⁹) instead of the theoretical bound's k⁴": (0.20 / 0.05) ** 9,
                   "k³: the parameters grown as k, not with the data (k²)": (0.20 / 0.05) ** 2 * (0.20 / 0.05)})
register("bounds-samples", lambda: float(np.log10(3.0)), relative_tolerance=0.01, unit="(shift in log10 RMSE)",  # every RMSE triples
         hint="subtract the σ = 1 fit's intercept from the σ = 3 fit's; with the same seed every error is three times as large.",
         mistakes={"the natural logarithm (np.log), not log10, of the factor": float(np.log(3.0)),
                   "the variance's factor 3² = 9: the RMSE scales with σ, not σ²": float(np.log10(3.0**2))})
register("bounds-median", lambda: np.pi / 2, relative_tolerance=0.1, unit="× data",  # large-n variance of the median is (π/2)·σ²/n
         hint="square the ratio of the median's RMSE to the mean's at each n ≥ 64, then average those squares.",
         mistakes={"the ratio of the RMSEs, not its square (data scale with the RMSE²)": float(np.sqrt(np.pi / 2))})
register("bounds-yearly", lambda: 2.0 ** (1.0 / 9.0), relative_tolerance=0.005, unit="(error ratio per year)",
         hint="if compute ∝ k^γ, doubling compute buys k = 2^(1/γ).",
         mistakes={"the theoretical bound's γ = 4 used instead of the article's γ = 9": 2.0 ** (1 / 4),
                   "the compute for halving the error (2⁹), a total, not the error ratio one doubling buys": 2.0**9,
                   "the years of doubling to halve the error, a total, not the ratio per year": float(np.log(2.0) / np.log(2.0 ** (1 / 9)))})
