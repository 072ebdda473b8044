/* Long listings (tables.py): the page holds an empty table inside [data-sp-table]; the rows come
   from the JSON file it names, and are shown a page at a time (Previous/Next, a live count). A
   heading's button sorts every row (aria-sort says which way), and the .sp-filter block before the
   table filters every row, with the same meaning as sortable.js and filter.js give the tables that
   stay in the page: numbers as numbers, a data-sort key first, "—" last; free text over the listed
   columns, a select per column matching the cell's text, the filter kept in the address.
   Works with Material's instant navigation through document$ when present. */
(function () {
  "use strict";
  var PAGE = 100;
  var shared = window.successplansTables;  /* tables.js, loaded first */
  function key(text, sort) { return sort !== undefined ? shared.markedKey(sort) : shared.textKey(text); }
  var inert = document.createElement("template");  /* parses a cell's HTML without running or loading anything */
  function cells(row) {  /* a cell is its HTML, or [HTML, sort key] */
    return row.map(function (c) {
      return typeof c === "string" ? { html: c, sort: undefined, text: null } : { html: c[0], sort: c[1], text: null };
    });
  }
  function cellText(cell) {  /* the cell's text as the table would show it, read once when first needed */
    if (!cell) return "";
    if (cell.text === null) {
      if (cell.html.indexOf("<") === -1 && cell.html.indexOf("&") === -1) cell.text = cell.html.trim();
      else { inert.innerHTML = cell.html; cell.text = (inert.content.textContent || "").trim(); }
      cell.low = cell.text.toLowerCase();
    }
    return cell.text;
  }
  function low(cell) { return cell ? (cellText(cell), cell.low) : ""; }
  function filterBox(wrap) {
    for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling) {
      if (el.matches(".sp-filter[data-sp-client]")) return el;
      if (el.hasAttribute("data-sp-table")) return null;
    }
    return null;
  }
  function start(wrap) {
    if (wrap.hasAttribute("data-ready")) return;
    wrap.setAttribute("data-ready", "");
    var table = wrap.querySelector("table"), body = table.tBodies[0];
    var status = wrap.querySelector("[data-page-status]");
    var prev = wrap.querySelector("[data-page='previous']"), next = wrap.querySelector("[data-page='next']");
    var box = filterBox(wrap);
    var text = box && box.querySelector("[data-filter-text]");
    var selects = box ? box.querySelectorAll("[data-filter-column]") : [];
    var count = box && box.querySelector("[data-filter-count]");
    var empty = wrap.parentNode.querySelector("[data-filter-empty]");
    var columns = ((box && box.getAttribute("data-columns")) || "0").split(",").map(Number);
    var rows = [], shown = [], page = 0;
    function show() {
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      if (page >= pages) page = pages - 1;
      var first = page * PAGE, last = Math.min(shown.length, first + PAGE), html = [];
      for (var i = first; i < last; i++) {
        html.push("<tr>" + shown[i].cells.map(function (c, j) {
          var align = table.tHead.rows[0].cells[j].style.textAlign;
          return (align ? '<td style="text-align: ' + align + '">' : "<td>") + c.html + "</td>";
        }).join("") + "</tr>");
      }
      body.innerHTML = html.join("");
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
      status.textContent = shown.length ? "Rows " + (first + 1) + "–" + last + " of " + shown.length : "No rows";
      if (count) count.textContent = shown.length + " of " + rows.length;
      table.hidden = shown.length === 0;
      if (empty) empty.hidden = shown.length !== 0;
    }
    function remember() { shared.rememberFilter(text, selects); }
    function apply() {
      var q = text ? text.value.trim().toLowerCase() : "";
      var wanted = [];
      selects.forEach(function (s) { if (s.value) wanted.push([Number(s.getAttribute("data-filter-column")), s.value.toLowerCase()]); });
      shown = rows.filter(function (r) {
        if (q && !columns.some(function (i) { return low(r.cells[i]).indexOf(q) !== -1; })) return false;
        return wanted.every(function (w) { return low(r.cells[w[0]]) === w[1]; });
      });
      page = 0;
      show();
    }
    shared.sortButtons(table, function (index, th, descending) {
      rows.forEach(function (r) { var c = r.cells[index]; r.k = key(cellText(c), c ? c.sort : undefined); });
      rows.sort(function (a, b) { return shared.compare(a, b, descending); });
      apply();
    });
    prev.addEventListener("click", function () { page -= 1; show(); });
    next.addEventListener("click", function () { page += 1; show(); });
    shared.restoreFilter(text, selects);
    function changed() { apply(); remember(); }
    if (text) text.addEventListener("input", changed);
    selects.forEach(function (s) { s.addEventListener("change", changed); });
    fetch(wrap.getAttribute("data-sp-table"), { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (data) {
        rows = data.rows.map(function (row, i) { return { cells: cells(row), i: i }; });
        wrap.setAttribute("data-loaded", "");
        apply();
      })
      .catch(function (error) { status.textContent = "The rows could not be loaded (" + error.message + ")."; });
  }
  function setup() { document.querySelectorAll("article [data-sp-table]").forEach(start); }
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
