/* The book's tables (table.dr-table, written by scaling_lib.tables): search, sort, the
   "show all columns" toggle, CSV download and the sideways-scroll cue.
   No library, no network. Acts only on tables with the class dr-table. */
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function csvOf(table) {
    var quote = function (text) { return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text; };
    var lines = [];
    var head = table.tHead ? table.tHead.rows[0].cells : [];
    lines.push(Array.prototype.map.call(head, function (th) { return quote(th.getAttribute("data-label") || th.textContent.trim()); }).join(","));
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      lines.push(Array.prototype.map.call(row.cells, function (cell) {
        var exact = cell.getAttribute("data-value");
        return quote(exact === null ? cell.textContent.trim() : exact);
      }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function download(table) {
    var caption = table.caption ? table.caption.textContent : table.id;
    var name = (caption.replace(/\(.*?\)/g, "").trim().replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || table.id).slice(0, 60) + ".csv";
    var blob = new Blob([csvOf(table)], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function watchOverflow(block, table) {
    var scroller = block.querySelector(".dr-table-scroll");
    var hint = block.querySelector(".dr-table-hint");
    if (!scroller) { return; }
    function update() {
      var overflowing = scroller.scrollWidth > scroller.clientWidth + 1;
      var atEnd = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 2;
      block.classList.toggle("dr-overflowing", overflowing);
      block.classList.toggle("dr-scrolled-end", !overflowing || atEnd);
      block.classList.toggle("dr-scrolled-start", scroller.scrollLeft <= 1);
      if (hint) { hint.hidden = !overflowing; }
    }
    scroller.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    table._drUpdate = update;
    update();
  }

  function setUp(table) {
    if (table.getAttribute("data-dr-ready")) { return; }
    table.setAttribute("data-dr-ready", "yes");
    var body = table.tBodies[0];
    if (!body) { return; }
    var block = table.closest(".dr-table-block") || table.parentNode;
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row._drIndex = i; row._drText = row.textContent.toLowerCase(); });
    var search = document.getElementById(table.getAttribute("data-search") || "");
    var status = document.getElementById(table.getAttribute("data-status") || "");

    function filter() {
      var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var match = terms.every(function (term) { return row._drText.indexOf(term) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (status) { status.textContent = shown + " of " + rows.length + " rows shown"; }
    }
    if (search) {
      search.addEventListener("input", filter);
      if (search.parentNode) { search.parentNode.hidden = false; }
    }

    var tools = block.querySelector(".dr-table-tools");
    if (tools) {
      tools.hidden = false;
      var toggle = tools.querySelector(".dr-table-columns");
      if (toggle) {
        var total = table.tHead ? table.tHead.rows[0].cells.length : 0;
        var label = toggle.textContent;
        toggle.addEventListener("click", function () {
          var collapsed = table.getAttribute("data-collapsed") === "yes";
          table.setAttribute("data-collapsed", collapsed ? "no" : "yes");
          toggle.setAttribute("aria-expanded", collapsed ? "true" : "false");
          toggle.textContent = collapsed ? "Show fewer columns" : label;
          if (table._drUpdate) { table._drUpdate(); }
        });
        toggle.setAttribute("data-total", String(total));
      }
      var csv = tools.querySelector(".dr-table-csv");
      if (csv) { csv.addEventListener("click", function () { download(table); }); }
    }

    var headers = Array.prototype.slice.call(table.tHead ? table.tHead.rows[0].cells : []);
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dr-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var values = rows.map(function (row) { return row.cells[column] ? row.cells[column].getAttribute("data-value") || "" : ""; });
        var numeric = values.every(function (v) { return v === "" || isFinite(Number(v)); });
        var order = rows.map(function (row, i) { return i; });
        order.sort(function (a, b) {
          var x = values[a], y = values[b];
          if (x === "" || y === "") { return (x === "") - (y === "") || rows[a]._drIndex - rows[b]._drIndex; }
          var c = numeric ? Number(x) - Number(y) : collator.compare(x, y);
          if (!ascending) { c = -c; }
          return c || rows[a]._drIndex - rows[b]._drIndex;
        });
        rows = order.map(function (i) { return rows[i]; });
        rows.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
    watchOverflow(block, table);
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table.dr-table"), setUp);
  }
  window.drTables = { csvOf: csvOf, setUpAll: setUpAll };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUpAll); }
  else { setUpAll(); }
})();
