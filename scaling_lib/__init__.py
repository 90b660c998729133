"""scaling_lib: the tested helper library of the book *Diminishing Returns*.

Computation lives in plain modules (``bounds``, ``fits``, ``costs``, ``data`` …):
pure functions, numbers and arrays in, numbers, arrays or DataFrames out.
Presentation lives in ``scaling_lib.charts`` (Altair builders, the chart theme
and the offline renderer) and ``scaling_lib.widgets`` (ipywidgets for Binder).
Importing this package imports neither Altair nor ipywidgets.
"""
__version__ = "0.1.0"
