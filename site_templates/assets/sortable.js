/* Sortable tables without a CDN: click a column heading (or press Enter on it) to sort by it.
   Numbers sort as numbers ($, %, commas and units ignored), everything else as text; "—" last.
   Works with Material's instant navigation through document$ when present. */
(function () {
  "use strict";
  function key(cell) {
    var marked = cell.querySelector && cell.querySelector("[data-sort]");  /* e.g. health chips: green < red */
    if (marked) return { empty: false, num: parseFloat(marked.getAttribute("data-sort")), text: "" };
    var text = (cell.textContent || "").trim();
    if (text === "" || text === "—") return { empty: true, num: NaN, text: "" };
    var m = text.replace(/[$,%\s]/g, "").match(/^-?\d+(\.\d+)?/);
    return { empty: false, num: m && /^[-$\d]/.test(text) && !/^\d{4}-\d\d-\d\d/.test(text) ? parseFloat(m[0]) : NaN,
             text: text.toLowerCase() };
  }
  function sort(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var descending = th.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, i: i, k: key(row.cells[index] || row) };
    });
    rows.sort(function (a, b) {
      if (a.k.empty !== b.k.empty) return a.k.empty ? 1 : -1;
      var c = 0;
      if (!isNaN(a.k.num) && !isNaN(b.k.num)) c = a.k.num - b.k.num;
      else c = a.k.text < b.k.text ? -1 : a.k.text > b.k.text ? 1 : 0;
      if (descending) c = -c;
      return c || a.i - b.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
  }
  function setup() {
    document.querySelectorAll("article table").forEach(function (table) {
      if (table.hasAttribute("data-sp-sortable") || !table.tHead || !table.tBodies[0]) return;
      if (table.closest(".sp-fallback")) return;
      table.setAttribute("data-sp-sortable", "");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        th.tabIndex = 0;
        th.title = "Sort by this column";
        th.addEventListener("click", function () { sort(table, index, th); });
        th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(table, index, th); });
      });
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
