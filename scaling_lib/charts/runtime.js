/* Diminishing Returns chart runtime: draws the book's charts with the offline Vega bundle.
 *
 * One file serves the site (as _static/dr-charts.js, loaded with `defer` on pages that hold a chart)
 * and notebooks (inlined before each chart's own call, so a reload or a second tab still draws).
 *
 * - The Vega bundle (about 1 MB) is loaded once, asynchronously, when the first chart asks for it:
 *   it never blocks the page's first paint.
 * - Charts are drawn one per task, those nearest the screen first, so the page stays responsive.
 * - Each chart is fitted to its column: the widths of every view (single, layer, concat, facet) are
 *   scaled from the room the page gives it, side-by-side panels stack on a narrow screen, legends
 *   go below the plot, long titles wrap, and no text is smaller than 11 px. A chart is redrawn
 *   (keeping its sliders' values) when its column changes width.
 */
(function () {
  "use strict";
  var VERSION = 5;
  if (window.drCharts && window.drCharts.version >= VERSION) { return; }

  var MIN_FONT = 11;
  var NARROW = 600;          // below this column width: legends below, titles wrapped, panels stacked
  var MIN_PLOT = 120;        // narrowest plot area a view is scaled down to
  var queue = [];
  var charts = [];
  var bundlePromise = null;
  var drawing = false;

  function copy(value) { return JSON.parse(JSON.stringify(value)); }
  function isObject(value) { return value && typeof value === "object" && !Array.isArray(value); }

  /* ---------- loading the bundle ---------- */

  /* After the page's own load (so the bundle never competes with the text for the network). */
  function afterLoad() {
    if (document.readyState === "complete") { return Promise.resolve(); }
    return new Promise(function (resolve) { window.addEventListener("load", function () { resolve(); }, { once: true }); });
  }

  function loadBundle(url) {
    if (window.vegaEmbed) { return Promise.resolve(); }
    if (bundlePromise) { return bundlePromise; }
    bundlePromise = afterLoad().then(function () { return new Promise(function (resolve, reject) {
      if (!url) { reject(new Error("no address for the Vega bundle")); return; }
      var script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = function () { window.vegaEmbed ? resolve() : reject(new Error("the Vega bundle did not define vegaEmbed")); };
      script.onerror = function () { reject(new Error("could not load the Vega bundle from " + url)); };
      document.head.appendChild(script);
    }); });
    bundlePromise.catch(function () { bundlePromise = null; });
    return bundlePromise;
  }

  /* Where a notebook front end serves the bundle: JupyterLab and Notebook 7 serve the files under
     share/jupyter/labextensions of their environment at their "labextensions" address. */
  function notebookBundleUrl(path) {
    var node = document.getElementById("jupyter-config-data");
    if (!node) { return null; }
    try {
      var config = JSON.parse(node.textContent);
      var base = config.fullLabextensionsUrl || ((config.baseUrl || "/") + "lab/extensions");
      return base.replace(/\/+$/, "") + "/" + path;
    } catch (error) { return null; }
  }

  /* ---------- fitting a spec to its column ---------- */

  function clampFonts(node) {
    if (Array.isArray(node)) { node.forEach(clampFonts); return; }
    if (!isObject(node)) { return; }
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (/fontsize$/i.test(key) && typeof value === "number" && value < MIN_FONT) { node[key] = MIN_FONT; }
      else if (typeof value === "object") { clampFonts(value); }
    });
  }

  function smallestText(node) {
    if (Array.isArray(node)) { node.forEach(smallestText); return; }
    if (!isObject(node)) { return; }
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (/fontsize$/i.test(key) && typeof value === "number") { node[key] = MIN_FONT; }
      else if (typeof value === "object") { smallestText(value); }
    });
    if (node.type === "text") { node.fontSize = MIN_FONT; }
    if (node.mark === "text") { node.mark = { type: "text", fontSize: MIN_FONT }; }
  }

  /* Text that would run past a narrow column: a view of text at fixed pixel positions (a text
     table) takes the column's width and keeps each text inside it, and labels placed beside
     data (a bar's value) get at most half the plot's width; a label too long ends in "…". */
  function fitTextTables(spec, width) {
    var changed = false;
    eachView(spec, function (node) {
      if (typeof node.width !== "number" || !Array.isArray(node.layer)) { return; }
      var texts = node.layer.filter(function (layer) {
        var mark = isObject(layer.mark) ? layer.mark.type : layer.mark;
        return mark === "text" && isObject(layer.encoding) && isObject(layer.encoding.x);
      });
      if (!texts.length) { return; }
      var fixed = texts.filter(function (layer) { return typeof layer.encoding.x.value === "number"; });
      var target = node.width;
      if (fixed.length && texts.length === node.layer.length) {  // a text table: take the column's width
        target = Math.max(MIN_PLOT, width - 24);
        scalePixelX(node, target / node.width);
        node.width = target;
      }
      texts.forEach(function (layer) {
        if (!isObject(layer.mark)) { layer.mark = { type: "text" }; }
        var align = layer.mark.align || "center";
        var room;
        if (typeof layer.encoding.x.value === "number") {
          var x = layer.encoding.x.value;
          room = align === "right" ? x : align === "left" ? target - x : 2 * Math.min(x, target - x);
        } else {
          room = target * 0.5;
        }
        room = Math.max(40, Math.floor(room) - 2);
        if (typeof layer.mark.limit !== "number" || layer.mark.limit > room) { layer.mark.limit = room; changed = true; }
      });
    });
    return changed;
  }

  function children(view) {
    var out = [];
    ["layer", "hconcat", "vconcat", "concat"].forEach(function (key) {
      if (Array.isArray(view[key])) { out = out.concat(view[key]); }
    });
    if (isObject(view.spec)) { out.push(view.spec); }
    return out;
  }

  function eachView(view, visit) {
    if (!isObject(view)) { return; }
    visit(view);
    children(view).forEach(function (child) { eachView(child, visit); });
  }

  function wrapText(text, maxChars) {
    if (Array.isArray(text)) { text = text.join(" "); }
    if (typeof text !== "string" || text.length <= maxChars) { return text; }
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > maxChars) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function wrapTitle(view, width) {
    if (!view.title) { return; }
    var title = isObject(view.title) ? view.title : { text: view.title };
    var size = title.fontSize || 15;
    title.text = wrapText(title.text, Math.max(16, Math.floor(width / (size * 0.62))));
    if (title.subtitle) { title.subtitle = wrapText(title.subtitle, Math.max(16, Math.floor(width / ((title.subtitleFontSize || 12) * 0.6)))); }
    view.title = title;
  }

  function legendsBelow(view, width) {
    var encoding = view.encoding;
    if (!isObject(encoding)) { return; }
    var titleChars = Math.max(16, Math.floor(width * 0.7 / (13 * 0.56)));
    ["x", "y"].forEach(function (channel) {
      var def = encoding[channel];
      if (!isObject(def)) { return; }
      if (isObject(def.axis) && typeof def.axis.labelLimit === "number") {
        def.axis.labelLimit = Math.min(def.axis.labelLimit, Math.round(width * 0.4));
      }
      // A long x-axis title wraps onto two lines rather than running past the plot.
      if (channel === "x" && typeof def.title === "string") { def.title = wrapText(def.title, titleChars); }
      if (channel === "x" && isObject(def.axis) && typeof def.axis.title === "string") { def.axis.title = wrapText(def.axis.title, titleChars); }
    });
    Object.keys(encoding).forEach(function (channel) {
      var def = encoding[channel];
      if (!isObject(def) || !isObject(def.legend)) { return; }
      if (def.legend.orient && !/^(bottom|none)$/.test(def.legend.orient)) { def.legend.orient = "bottom"; }
      if (def.legend.columns && def.legend.columns > 1) { delete def.legend.columns; }
      if (def.legend.direction === "horizontal") { delete def.legend.direction; }
      delete def.legend.legendX; delete def.legend.legendY;
    });
  }

  /* Horizontal room the plot areas take, summed across a row (concat, facet columns). */
  function rowWidth(view, fallback) {
    if (Array.isArray(view.hconcat)) {
      return view.hconcat.reduce(function (sum, child) { return sum + rowWidth(child, fallback); }, 0);
    }
    if (Array.isArray(view.vconcat)) {
      return Math.max.apply(null, view.vconcat.map(function (child) { return rowWidth(child, fallback); }).concat([0]));
    }
    if (Array.isArray(view.concat)) {
      var widest = Math.max.apply(null, view.concat.map(function (child) { return rowWidth(child, fallback); }).concat([0]));
      return widest * Math.min(view.columns || view.concat.length, view.concat.length);
    }
    if (isObject(view.spec)) { return rowWidth(view.spec, fallback) * (view.columns || 1); }
    if (typeof view.width === "number") { return view.width; }
    if (Array.isArray(view.layer)) {
      return Math.max.apply(null, view.layer.map(function (child) { return rowWidth(child, fallback); }).concat([0])) || fallback;
    }
    return view.width === undefined ? fallback : 0;
  }

  /* Marks placed at a fixed pixel x (a text table's columns) move with the width they sit in. */
  function scalePixelX(view, factor) {
    eachView(view, function (node) {
      var encoding = node.encoding;
      if (!isObject(encoding)) { return; }
      ["x", "x2"].forEach(function (channel) {
        var def = encoding[channel];
        if (isObject(def) && typeof def.value === "number") { def.value = Math.round(def.value * factor); }
      });
      if (isObject(node.mark) && typeof node.mark.limit === "number") { node.mark.limit = Math.max(40, Math.floor(node.mark.limit * factor)); }
    });
  }

  function scaleWidths(view, factor, fallback) {
    if (typeof view.width === "number") {
      var before = view.width;
      view.width = Math.max(MIN_PLOT, Math.floor(view.width * factor));
      scalePixelX(view, view.width / before);
      if (Array.isArray(view.layer)) { view.layer.forEach(function (layer) { delete layer.width; }); }
      return;
    }
    var kids = children(view);
    if (!kids.length && view.width === undefined && view.mark) {
      view.width = Math.max(MIN_PLOT, Math.floor(fallback * factor));
      scalePixelX(view, view.width / fallback);
      return;
    }
    if (Array.isArray(view.layer) && view.width === undefined) {
      var inner = rowWidth(view, fallback);
      view.width = Math.max(MIN_PLOT, Math.floor(inner * factor));
      if (inner > 0) { scalePixelX(view, view.width / inner); }
      view.layer.forEach(function (layer) { delete layer.width; });
      return;
    }
    kids.forEach(function (child) { scaleWidths(child, factor, fallback); });
  }

  /* Panels side by side become a column, and facets one per row, when the row cannot fit. */
  function stack(view) {
    var changed = false;
    eachView(view, function (node) {
      if (Array.isArray(node.hconcat) && node.hconcat.length > 1) {
        node.vconcat = node.hconcat; delete node.hconcat; changed = true;
      }
      if (Array.isArray(node.concat) && (node.columns === undefined || node.columns > 1)) { node.columns = 1; changed = true; }
      if (isObject(node.spec) && (isObject(node.facet) || node.repeat)) {
        if (isObject(node.facet) && isObject(node.facet.column) && !node.facet.row) {
          node.facet.row = node.facet.column; delete node.facet.column; delete node.columns; changed = true;
        } else if ((isObject(node.facet) && node.facet.field) || node.repeat) {
          if (node.columns === undefined || node.columns > 1) { node.columns = 1; changed = true; }
        }
      }
    });
    return changed;
  }

  function defaultWidth(spec) {
    var view = spec.config && spec.config.view;
    return (view && (view.continuousWidth || view.width)) || 300;
  }

  /* The spec to draw in a column `width` pixels wide, before any scaling. */
  function fitted(chart, width) {
    var spec = copy(chart.spec);
    clampFonts(spec);
    if (width < NARROW) {
      spec.config = spec.config || {};
      var legend = spec.config.legend = spec.config.legend || {};
      legend.orient = "bottom";
      legend.labelLimit = Math.max(80, width - 70);
      legend.titleLimit = Math.max(80, width - 20);
      legend.direction = "vertical";  // one entry per line: a row of entries would not fit
      delete legend.columns;
      eachView(spec, function (node) { wrapTitle(node, node === spec ? width - 8 : Math.round(width * 0.8)); legendsBelow(node, width); });
      var axis = spec.config.axis = spec.config.axis || {};
      if (axis.labelOverlap === undefined) { axis.labelOverlap = true; }  // drop labels that would collide
      if (axis.labelLimit === undefined) { axis.labelLimit = Math.round(width * 0.4); }  // long category names end in "…"
    }
    return spec;
  }

  function overflowOf(el, width) {
    var svg = el.querySelector("svg");
    if (!svg) { return 0; }
    var drawn = parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
    return drawn - width;
  }

  function availableWidth(chart) {
    var holder = chart.figure || chart.el.parentNode || chart.el;
    var width = holder.getBoundingClientRect().width || holder.clientWidth;
    if (!width) { width = Math.min(document.documentElement.clientWidth || 800, 800); }
    return Math.floor(width);
  }

  /* ---------- drawing ---------- */

  function keepParams(chart) {
    if (!chart.result || !chart.result.view) { return; }
    var params = (chart.spec.params || []).filter(function (param) { return param.bind && !param.select; });
    params.forEach(function (param) {
      try { param.value = chart.result.view.signal(param.name); } catch (error) { /* not a signal */ }
    });
  }

  function nameGraphic(chart) {
    var svg = chart.el.querySelector("svg");
    if (!svg) { return; }
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", chart.el.id + "-title");
    svg.setAttribute("aria-describedby", chart.el.id + "-description");
  }

  function embed(chart, spec) {
    if (chart.result) { try { chart.result.finalize(); } catch (error) { /* already gone */ } chart.result = null; }
    return window.vegaEmbed(chart.el, spec, { actions: false, renderer: "svg", mode: "vega-lite" }).then(function (result) {
      chart.result = result;
      return result;
    });
  }

  function draw(chart) {
    var width = availableWidth(chart);
    var fallback = defaultWidth(chart.spec);
    var spec = fitted(chart, width);
    var attempt = 0;
    var smallText = false, textTables = false;
    chart.el.setAttribute("data-drawn", "pending");

    // Before the first draw, make an estimate: plot widths plus ~70 px of axes per panel.
    var row = rowWidth(spec, fallback);
    var panels = Math.max(1, Math.round(row / Math.max(fallback, 200)));
    if (row + 70 * panels > width && stack(spec)) { row = rowWidth(spec, fallback); }
    if (row + 70 > width && row > 0) { scaleWidths(spec, Math.max(0.2, (width - 80) / row), fallback); }

    function check() {
      var overflow = overflowOf(chart.el, width);
      if (window.drChartsDebug) { console.log("overflow", attempt, Math.round(overflow), rowWidth(spec, fallback)); }
      if (overflow <= 1 || attempt >= 8) { return Promise.resolve(); }
      attempt += 1;
      if (attempt === 1) {
        var restacked = stack(spec);
        if (width < NARROW && fitTextTables(spec, width)) { textTables = true; restacked = true; }
        if (restacked) { return embed(chart, spec).then(check); }
      }
      var plots = rowWidth(spec, fallback);
      var factor = plots > 0 ? Math.max(0.2, (plots - overflow - 2) / plots) : 1;
      var before = JSON.stringify(spec);
      if (factor < 0.999) { scaleWidths(spec, factor, fallback); }
      if (window.drChartsDebug) { console.log("attempt", attempt, factor, JSON.stringify(spec) === before, smallText); }
      if (JSON.stringify(spec) === before && !smallText) {
        // The plots are as narrow as they go and text (a text table, labels beside the marks)
        // still overflows: draw the text at the smallest size the book allows, 11 px.
        smallText = true;
        smallestText(spec);
      } else if (JSON.stringify(spec) === before && !textTables && fitTextTables(spec, width)) {
        textTables = true;
      } else if (JSON.stringify(spec) === before) {
        // Still too wide: let Vega fit a single or layered view into the column.
        if (spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat || spec.autosize) { return Promise.resolve(); }
        spec.autosize = { type: "fit-x", contains: "padding" };
        spec.width = Math.max(MIN_PLOT, width - 2);
        if (Array.isArray(spec.layer)) { spec.layer.forEach(function (layer) { delete layer.width; }); }
      }
      return embed(chart, spec).then(check);
    }

    return embed(chart, spec).then(check).then(function () {
      chart.width = width;
      nameGraphic(chart);
      chart.el.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
      chart.el.setAttribute("data-drawn", "yes");
    }, function (error) {
      chart.el.setAttribute("data-drawn", "error");
      console.error(error);
    });
  }

  function distance(chart) {
    var box = chart.el.getBoundingClientRect();
    var height = window.innerHeight || 800;
    if (box.bottom >= 0 && box.top <= height) { return 0; }
    return box.top > height ? box.top - height : -box.bottom;
  }

  function pump() {
    if (drawing || !queue.length) { return; }
    if (!window.vegaEmbed) { return; }
    drawing = true;
    queue.sort(function (a, b) { return distance(a) - distance(b); });
    var chart = queue.shift();
    draw(chart).then(function () {
      drawing = false;
      setTimeout(pump, 0);  // one chart per task: input is handled between charts
    });
  }

  function fail(chart, error) {
    chart.el.setAttribute("data-drawn", "error");
    if (!chart.el.querySelector(".dr-chart-error")) {
      var note = document.createElement("p");
      note.className = "dr-chart-error";
      note.textContent = "This chart could not be drawn: " + error.message + ".";
      chart.el.appendChild(note);
    }
    console.error(error);
  }

  /* Register a chart: `figure` is the <figure class="dr-chart">, `spec` its Vega-Lite spec. */
  function add(figure, spec, bundleUrl) {
    var el = figure.querySelector(".dr-chart-view");
    if (!el || el.getAttribute("data-drawn")) { return; }
    var chart = { figure: figure, el: el, spec: spec, result: null, width: 0 };
    el.setAttribute("data-drawn", "queued");
    charts.push(chart);
    queue.push(chart);
    loadBundle(bundleUrl).then(pump, function (error) {
      queue.splice(queue.indexOf(chart), 1);
      fail(chart, error);
    });
  }

  function specOf(figure) {
    var node = figure.querySelector("script.dr-chart-spec");
    return node ? JSON.parse(node.textContent) : null;
  }

  /* A large spec lives in its own script file (the site moves chart data out of the page). */
  function loadSpec(node) {
    var key = node.getAttribute("data-key");
    var store = window.drChartSpecs = window.drChartSpecs || {};
    if (store[key]) { return Promise.resolve(store[key]); }
    return afterLoad().then(function () { return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = node.getAttribute("data-src");
      script.async = true;
      script.onload = function () { store[key] ? resolve(store[key]) : reject(new Error("no chart data in " + script.src)); };
      script.onerror = function () { reject(new Error("could not load the chart data " + script.src)); };
      document.head.appendChild(script);
    }); });
  }

  /* Redraw charts whose column changed width (window resized, device rotated). */
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      charts.forEach(function (chart) {
        if (!document.body.contains(chart.el) || chart.el.getAttribute("data-drawn") !== "yes") { return; }
        var width = availableWidth(chart);
        if (Math.abs(width - chart.width) < 24) { return; }
        keepParams(chart);
        queue.push(chart);
      });
      pump();
    }, 250);
  });

  window.drCharts = {
    version: VERSION,
    add: add,
    specOf: specOf,
    notebookBundleUrl: notebookBundleUrl,
    /* The site: draw every chart of the page, loading the bundle from beside this script. */
    drawPage: function (bundleUrl) {
      Array.prototype.forEach.call(document.querySelectorAll("figure.dr-chart"), function (figure) {
        var node = figure.querySelector("script.dr-chart-spec");
        if (node && node.getAttribute("data-src")) {
          var el = figure.querySelector(".dr-chart-view");
          if (el) { el.setAttribute("data-drawn", "queued"); }
          loadSpec(node).then(function (spec) {
            if (el) { el.removeAttribute("data-drawn"); }
            add(figure, spec, bundleUrl);
          }, function (error) {
            if (el) { el.setAttribute("data-drawn", "error"); }
            console.error(error);
          });
          return;
        }
        var spec = specOf(figure);
        if (spec) { add(figure, spec, bundleUrl); }
      });
    }
  };
})();
