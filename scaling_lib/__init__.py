"""scaling_lib: the tested helper library of the book *Diminishing Returns*.

Each chapter ``book/<chapter>.md`` shows the computation it teaches in its own cells;
what is not the lesson lives here, in a module named after the chapter it serves
(``scaling``, ``hardware`` …), beside the shared ``data``, ``vocabulary`` and ``costs``.
Presentation lives in ``scaling_lib.charts`` (Altair builders, the chart theme
and the offline renderer) and ``scaling_lib.widgets`` (ipywidgets for Binder).
Importing this package imports neither Altair nor ipywidgets.
"""
__version__ = "0.1.0"
