"""Live controls for Binder and JupyterLab: ipywidgets that call the same computation as the static charts.

On the book's static site there is no Python kernel, so a widget would be a dead
control. When ``SCALING_LIB_TARGET=site`` (set by ``make book``) every builder here
returns a :class:`LiveOnlyNote` instead: a short note telling the reader the
control is live when the chapter is launched. No widget is created then, so the
page carries no widget state and loads no widget JavaScript.

Each live control exposes ``update(**values)`` (the callback the sliders call), so the benchmarks can
time one update without a browser. It must feel immediate (50 ms); building and validating an Altair
chart took most of it, so a :class:`SpecTemplate` builds the chart once and fills a copy per update.

One module per chapter (``widgets/bounds.py`` …) defines that chapter's builders and a
``BENCHMARK_INPUTS`` dict: for each builder, inputs that move it through its range.
The builders are re-exported here, so a chapter calls ``widgets.bounds_widget()``.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any, Callable

from .._checks import check_callable, check_text
from ..charts.render import render_target

__all__ = ["LiveOnlyNote", "LiveControl", "LiveChart", "SpecTemplate", "live_control", "all_benchmark_inputs", "bounds_widget"]


@dataclass(frozen=True)
class LiveOnlyNote:
    """What a live control shows on the static site: a note, not a dead slider."""

    title: str
    what_it_does: str

    def _repr_html_(self) -> str:
        return (
            '<div class="admonition note dr-live-note" role="note">'
            f'<p class="admonition-title">Live control: {html.escape(self.title)}</p>'
            f"<p>{html.escape(self.what_it_does)} This control runs Python, so it is live when you launch the "
            "chapter as a notebook (the rocket icon at the top of the page, then Binder). On this page, use the "
            "sliders in the figures above: they work without a kernel.</p></div>"
        )

    def _repr_markdown_(self) -> str:  # pragma: no cover - only used by Markdown front-ends
        return f"**Live control: {self.title}.** {self.what_it_does} Launch the chapter as a notebook to use it."


class LiveChart(dict):
    """A finished Vega-Lite spec that shows like an Altair chart, through the active Altair renderer."""

    def to_dict(self, *_: Any, **__: Any) -> dict[str, Any]:
        return self

    def __repr__(self) -> str:  # a spec runs to megabytes: show what it is, not all of it
        return f"LiveChart({self.get('title')!r})"

    def _repr_mimebundle_(self, *_: Any, **__: Any) -> Any:
        return __import__("altair").renderers.get()(dict(self))


def _rows(frame: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows as Vega-Lite data (NaN as null, dates in ISO), in a tenth of Altair's time."""
    return json.loads(frame.to_json(orient="records", date_format="iso", double_precision=15))


def _leaves(node: Any, path: tuple = ()):
    """Every scalar and list in a spec, with its path."""
    if not isinstance(node, dict):
        yield path, node
    for key, child in node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ():
        yield from _leaves(child, (*path, key))


class SpecTemplate:
    """A live chart Altair builds and validates once; each call fills a copy of its spec with new data and words.

    ``parts(**values)`` returns ``(frames, slots)``: the DataFrames drawn and the strings, numbers or lists that change
    (title, a scale's end), by name. ``draw(frames, slots)`` builds the Altair chart: each frame given to ``alt.Chart``
    unchanged, each slot whole in the spec or as the top-level parameter of its name. A call equals :meth:`build`.
    """

    def __init__(self, parts: Callable[..., tuple[dict[str, Any], dict[str, Any]]], draw: Callable[..., Any]):
        self.parts, self.draw, self._skeleton, self._slots = check_callable("parts", parts), check_callable("draw", draw), "", []

    def build(self, **values: Any) -> dict[str, Any]:
        """The spec Altair builds and validates for ``values``, each frame a dataset named as in ``parts``."""
        return self._build(*self.parts(**values))

    def _build(self, frames: dict[str, Any], slots: dict[str, Any]) -> dict[str, Any]:
        import altair as alt

        names = {id(frame): name for name, frame in frames.items()}
        alt.data_transformers.register("dr_named", lambda data: {"name": names[id(data)]} if id(data) in names else alt.to_values(data))
        with alt.data_transformers.enable("dr_named"):
            spec = self.draw(frames, slots).to_dict()
        if spec.get("datasets"):
            raise ValueError("draw must chart the frames of parts unchanged: compute any other frame in parts")
        return {**spec, "datasets": {name: _rows(frame) for name, frame in frames.items()}}

    def __call__(self, **values: Any) -> LiveChart:
        frames, slots = self.parts(**values)
        if not self._skeleton:
            spec = {key: value for key, value in self._build(frames, slots).items() if key != "datasets"}
            params = {param["name"]: ("params", i, "value") for i, param in enumerate(spec.get("params", []))}
            self._slots = [(params[name], name) for name in slots if name in params]
            for path, leaf in _leaves(spec):
                hits = [name for name, slot in slots.items() if name not in params and not isinstance(leaf, bool)
                        and isinstance(leaf, list) == isinstance(slot, list) and leaf == slot]
                if len(hits) > 1:
                    raise ValueError(f"slots {hits} have the same value {leaf!r}: each must appear in the spec on its own")
                self._slots += [(path, name) for name in hits]
            if missing := set(slots) - {name for _, name in self._slots}:
                raise ValueError(f"draw must put slots {sorted(missing)} in the spec whole")
            self._skeleton = json.dumps(spec)
        spec = LiveChart(json.loads(self._skeleton), datasets={name: _rows(frame) for name, frame in frames.items()})
        for path, name in self._slots:
            node = spec
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = slots[name]
        return spec


class LiveControl:
    """A set of ipywidgets controls and an output area that redraws a chart on every change.

    ``make_chart`` is called with the controls' current values as keyword arguments
    and must return an Altair chart (or anything displayable).
    """

    def __init__(self, title: str, controls: dict[str, Any], make_chart: Callable[..., Any]):
        import ipywidgets as widgets

        self.title = title
        self.controls = controls
        self.make_chart = make_chart
        self.output = widgets.Output()
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.box = widgets.VBox([widgets.HTML(f"<strong>{html.escape(title)}</strong>"), *controls.values(), self.output])
        self._on_change()

    def values(self) -> dict[str, Any]:
        """The controls' current values, by argument name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values: Any) -> Any:
        """Recompute for ``values`` (or the controls' current values) and return the chart."""
        arguments = {**self.values(), **values}
        return self.make_chart(**arguments)

    def _on_change(self, *_: Any) -> None:
        from IPython.display import display

        chart = self.update()
        self.output.clear_output(wait=True)
        with self.output:
            display(chart)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def live_control(title: str, what_it_does: str, controls: Callable[[], dict[str, Any]], make_chart: Callable[..., Any]) -> LiveControl | LiveOnlyNote:
    """Return a :class:`LiveControl` in a notebook, or a :class:`LiveOnlyNote` on the static site.

    ``controls`` is a function that builds the widgets (called only in a notebook,
    so the site never creates one).
    """
    check_text("title", title)
    check_text("what_it_does", what_it_does)
    check_callable("controls", controls)
    check_callable("make_chart", make_chart)
    if render_target() == "site":
        return LiveOnlyNote(title, what_it_does)
    return LiveControl(title, controls(), make_chart)


def all_benchmark_inputs() -> dict[str, list[dict[str, Any]]]:
    """Every live control's benchmark inputs, by builder name, from all chapter modules."""
    import importlib
    import pkgutil

    inputs: dict[str, list[dict[str, Any]]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        inputs.update(getattr(module, "BENCHMARK_INPUTS", {}))
    return inputs


from .bounds import bounds_widget  # noqa: E402  (chapter builders, re-exported)
from .meta_learning import shift_widget  # noqa: E402
from .overparameterization import double_descent_widget  # noqa: E402
from .hardware import hardware_cost_widget  # noqa: E402
from .outlook import outlook_widget  # noqa: E402
from .smaller_networks import ledger_widget, pruning_widget  # noqa: E402
from .flexibility import flexibility_widget  # noqa: E402
from .scaling import scaling_widget  # noqa: E402
