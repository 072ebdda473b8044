/* What the site's tables share, whether their rows are in the page (sortable.js, filter.js) or come
   from a JSON file (datatable.js): how a cell's text sorts, how two rows compare, the sort buttons
   in a heading row, and the filter kept in the page's address (?q=…&c4=…). */
(function () {
  "use strict";
  /* Numbers sort as numbers ($, %, commas and units ignored), everything else as text; "—" last. */
  function textKey(text) {
    if (text === "" || text === "—") return { empty: true, num: NaN, text: "" };
    var m = text.replace(/[$,%\s]/g, "").match(/^-?\d+(\.\d+)?/);
    return { empty: false, num: m && /^[-$\d]/.test(text) && !/^\d{4}[-\u2011]\d\d[-\u2011]\d\d/.test(text) ? parseFloat(m[0]) : NaN,
             text: text.toLowerCase() };
  }
  function markedKey(sort) { return { empty: false, num: parseFloat(sort), text: "" }; }
  /* rows as { k: key, i: position before sorting }: empty cells last, ties in their first order */
  function compare(a, b, descending) {
    if (a.k.empty !== b.k.empty) return a.k.empty ? 1 : -1;
    var c = 0;
    if (!isNaN(a.k.num) && !isNaN(b.k.num)) c = a.k.num - b.k.num;
    else c = a.k.text < b.k.text ? -1 : a.k.text > b.k.text ? 1 : 0;
    if (descending) c = -c;
    return c || a.i - b.i;
  }
  /* A real <button> in each named heading (mouse, Enter or Space); onSort(index, th, descending)
     after aria-sort says which way. */
  function sortButtons(table, onSort) {
    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (th, index) {
      if (!(th.textContent || "").trim()) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sp-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(headings, function (h) { if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        onSort(index, th, descending);
      });
    });
  }
  /* The filter controls of a .sp-filter block: set from the address, and written back to it. */
  function restoreFilter(text, selects) {
    var params = new URLSearchParams(window.location.search);
    if (text && params.get("q")) text.value = params.get("q");
    selects.forEach(function (s) {
      var v = params.get("c" + s.getAttribute("data-filter-column"));
      if (v !== null) s.value = v;
    });
  }
  function rememberFilter(text, selects) {
    var p = new URLSearchParams(window.location.search);
    if (text && text.value.trim()) p.set("q", text.value.trim()); else p.delete("q");
    selects.forEach(function (s) {
      var key = "c" + s.getAttribute("data-filter-column");
      if (s.value) p.set(key, s.value); else p.delete(key);
    });
    var query = p.toString();
    history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }
  window.successplansTables = { textKey: textKey, markedKey: markedKey, compare: compare, sortButtons: sortButtons,
                                restoreFilter: restoreFilter, rememberFilter: rememberFilter };
})();
