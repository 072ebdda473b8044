/* Filters the table that follows a .sp-filter block: free text over the listed columns, and a
   select per column matching the cell's text. Runs offline; no library. */
(function () {
  "use strict";
  function cellText(row, i) { var c = row.cells[i]; return c ? (c.textContent || "").trim().toLowerCase() : ""; }
  function chipText(row, i) { return cellText(row, i); }
  function setup() {
    document.querySelectorAll(".sp-filter").forEach(function (box) {
      if (box.hasAttribute("data-ready")) return;
      box.setAttribute("data-ready", "");
      var table = null, el = box.nextElementSibling;
      while (el && !table) { table = el.tagName === "TABLE" ? el : el.querySelector("table"); el = el.nextElementSibling; }
      if (!table || !table.tBodies[0]) return;
      var columns = (box.getAttribute("data-columns") || "0").split(",").map(Number);
      var text = box.querySelector("[data-filter-text]");
      var selects = box.querySelectorAll("[data-filter-column]");
      var count = box.querySelector("[data-filter-count]");
      function apply() {
        var q = text ? text.value.trim().toLowerCase() : "", shown = 0, rows = table.tBodies[0].rows;
        Array.prototype.forEach.call(rows, function (row) {
          var ok = !q || columns.some(function (i) { return cellText(row, i).indexOf(q) !== -1; });
          selects.forEach(function (s) {
            if (ok && s.value) ok = chipText(row, Number(s.getAttribute("data-filter-column"))) === s.value.toLowerCase();
          });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (count) count.textContent = shown + " of " + rows.length;
      }
      if (text) text.addEventListener("input", apply);
      selects.forEach(function (s) { s.addEventListener("change", apply); });
      apply();
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
