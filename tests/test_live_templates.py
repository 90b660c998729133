"""Live controls update a chart Altair built once (``widgets.SpecTemplate``): what they show equals a full rebuild."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from scaling_lib import widgets
from scaling_lib.charts import render

BUILDERS = sorted(widgets.all_benchmark_inputs())


@pytest.mark.parametrize("name", BUILDERS)
def test_every_update_equals_the_chart_altair_builds_and_validates(name, monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = getattr(widgets, name)()
    assert isinstance(control.make_chart, widgets.SpecTemplate), "every live control fills a template"
    for values in widgets.all_benchmark_inputs()[name]:
        shown = control.update(**values)
        assert isinstance(shown, widgets.LiveChart)
        assert shown.to_dict() == control.make_chart.build(**{**control.values(), **values}), f"{name} at {values}"
    bundle = shown._repr_mimebundle_()
    assert '<figure class="dr-chart"' in bundle["text/html"] and bundle["text/plain"].startswith("<chart:")


def _parts(k: float):
    frame = pd.DataFrame({"x": [1.0, 2.0], "y": [k, 2 * k]})
    return {"points": frame}, {"title": f"k = {k:g}", "description": f"Two points at k = {k:g}.", "top": 10.0 * k}


def _draw(frames, slots):
    return alt.Chart(frames["points"]).mark_point().encode(x="x:Q", y=alt.Y("y:Q", scale=alt.Scale(domain=[0, slots["top"]]))).properties(
        title=slots["title"], description=slots["description"])


def test_a_template_swaps_rows_words_and_numbers():
    template = widgets.SpecTemplate(_parts, _draw)
    template(k=1.0)
    spec = template(k=3.0).to_dict()
    assert spec == template.build(k=3.0)
    assert spec["datasets"] == {"points": [{"x": 1.0, "y": 3.0}, {"x": 2.0, "y": 6.0}]} and spec["data"] == {"name": "points"}
    assert spec["title"] == "k = 3" and spec["encoding"]["y"]["scale"]["domain"] == [0, 30.0]


def test_a_template_refuses_what_it_could_not_update():
    own_frame = widgets.SpecTemplate(_parts, lambda frames, slots: _draw({"points": frames["points"].copy()}, slots))
    with pytest.raises(ValueError, match="unchanged"):
        own_frame(k=1.0)
    hidden = widgets.SpecTemplate(lambda k: (_parts(k)[0], {**_parts(k)[1], "unused": "nowhere"}), _draw)
    with pytest.raises(ValueError, match="unused"):
        hidden(k=1.0)
    twice = widgets.SpecTemplate(lambda k: (_parts(k)[0], {**_parts(k)[1], "again": f"k = {k:g}"}), _draw)
    with pytest.raises(ValueError, match="same value"):
        twice(k=1.0)


def test_live_double_descent_equals_the_simulation_on_and_off_the_slider_steps(monkeypatch):
    from scaling_lib.overparameterization import double_descent_grid

    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    parts = widgets.double_descent_widget().make_chart.parts
    for n_train, noise_sd, ridge in ((20, 0.35, 0.0), (60, 0.05, 1e-5), (45, 1.0, 0.1), (30, 0.123, 0.0)):
        simulated, live = double_descent_grid([n_train], [noise_sd], [ridge]), parts(n_train=n_train, noise_sd=noise_sd, ridge=ridge)[0]["curves"]
        assert np.array_equal(live["n_features"], simulated["n_features"]) and np.allclose(live["noise_sd"], noise_sd)
        assert np.allclose(live["test_error"], simulated["test_error"], rtol=1e-9)
        assert np.allclose(live["train_error"], simulated["train_error"], rtol=1e-9, atol=1e-12)
