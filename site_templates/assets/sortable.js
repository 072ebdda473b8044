/* Tables: data tables (inside an .sp-sortable block) sort by a column when its heading's button is
   pressed (mouse, Enter or Space: a real <button>), aria-sort telling which way. Numbers sort as
   numbers ($, %, commas and units ignored), everything else as text; "—" last. Figure tables and
   reference tables do not sort. Every table that scrolls sideways scrolls inside a region that the
   keyboard can reach and that says which table it holds. Works with Material's instant navigation
   through document$ when present. */
(function () {
  "use strict";
  var shared = window.successplansTables;  /* tables.js, loaded first */
  function key(cell) {
    var marked = cell.querySelector && cell.querySelector("[data-sort]");  /* e.g. health chips: green < red */
    return marked ? shared.markedKey(marked.getAttribute("data-sort")) : shared.textKey((cell.textContent || "").trim());
  }
  function sortable(table) {
    if (table.hasAttribute("data-sp-sortable") || !table.tHead || !table.tBodies[0]) return;
    table.setAttribute("data-sp-sortable", "");
    shared.sortButtons(table, function (index, th, descending) {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
        return { row: row, i: i, k: key(row.cells[index] || row) };
      });
      rows.sort(function (a, b) { return shared.compare(a, b, descending); });
      rows.forEach(function (r) { body.appendChild(r.row); });
    });
  }
  function label(el) {
    var table = el.querySelector("table");
    var caption = table && table.caption ? table.caption.textContent : "";
    var owner = el.closest("[data-table-label]");
    if (owner) return owner.getAttribute("data-table-label");
    if (caption) return caption.trim();
    if (el.closest(".sp-figures") && table && table.tHead) return table.tHead.rows[0].cells[0].textContent.trim();
    for (var e = el; e && e !== document.body; e = e.parentElement) {
      for (var p = e.previousElementSibling; p; p = p.previousElementSibling) {
        if (/^H[1-6]$/.test(p.tagName)) return p.textContent.replace(/¶$/, "").trim() + " (table)";
      }
    }
    return "Table";
  }
  function regions() {
    var used = {};
    document.querySelectorAll("[data-sp-region]").forEach(function (el) { used[el.getAttribute("aria-label")] = true; });
    document.querySelectorAll("article .md-typeset__scrollwrap, article .sp-scroll").forEach(function (el) {
      if (el.hasAttribute("data-sp-region")) return;
      var name = label(el), unique = name, n = 2;
      while (used[unique]) unique = name + " " + n++;
      used[unique] = true;
      el.setAttribute("data-sp-region", "");
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", unique);
    });
  }
  function setup() {
    document.querySelectorAll("article .sp-sortable table").forEach(function (table) {
      if (!table.closest(".sp-fallback")) sortable(table);
    });
    regions();
  }
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
  window.addEventListener("load", regions);
})();
