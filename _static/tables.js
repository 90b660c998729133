/* Search and sort for the book's tables (table.dr-table, written by scaling_lib.tables).
   No library, no network. Acts only on tables with the class dr-table. */
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function setUp(table) {
    if (table.getAttribute("data-dr-ready")) { return; }
    table.setAttribute("data-dr-ready", "yes");
    var body = table.tBodies[0];
    if (!body) { return; }
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
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table.dr-table"), setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUpAll); }
  else { setUpAll(); }
})();
