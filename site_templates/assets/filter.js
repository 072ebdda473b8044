/* Filters the table that follows a .sp-filter block: free text over the listed columns, and a
   select per column matching the cell's text. The filter is kept in the page's address (?q=…&c4=…)
   so a filtered view can be shared or reloaded; an empty result says so. Runs offline; no library. */
(function () {
  "use strict";
  function cellText(row, i) { var c = row.cells[i]; return c ? (c.textContent || "").trim().toLowerCase() : ""; }
  function setup() {
    document.querySelectorAll(".sp-filter:not([data-sp-views]):not([data-sp-client])").forEach(function (box) {
      if (box.hasAttribute("data-ready")) return;
      box.setAttribute("data-ready", "");
      var table = null, el = box.nextElementSibling;
      while (el && !table) { table = el.tagName === "TABLE" ? el : el.querySelector("table"); el = el.nextElementSibling; }
      if (!table || !table.tBodies[0]) return;
      var columns = (box.getAttribute("data-columns") || "0").split(",").map(Number);
      var text = box.querySelector("[data-filter-text]");
      var selects = box.querySelectorAll("[data-filter-column]");
      var count = box.querySelector("[data-filter-count]");
      var empty = box.parentNode.querySelector("[data-filter-empty]");
      var shared = window.successplansTables;  /* tables.js, loaded first */
      shared.restoreFilter(text, selects);
      function remember() { shared.rememberFilter(text, selects); }
      function apply() {
        var q = text ? text.value.trim().toLowerCase() : "", shown = 0, rows = table.tBodies[0].rows;
        Array.prototype.forEach.call(rows, function (row) {
          var ok = !q || columns.some(function (i) { return cellText(row, i).indexOf(q) !== -1; });
          selects.forEach(function (s) {
            if (ok && s.value) ok = cellText(row, Number(s.getAttribute("data-filter-column"))) === s.value.toLowerCase();
          });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (count) count.textContent = shown + " of " + rows.length;
        table.hidden = shown === 0;
        if (empty) empty.hidden = shown !== 0;
      }
      function changed() { apply(); remember(); }
      if (text) text.addEventListener("input", changed);
      selects.forEach(function (s) { s.addEventListener("change", changed); });
      apply();
    });
  }
  /* The dashboard: each view (every customer, a CSM, a segment, or both) is a page of its own, listed
     under "Every view". Choosing a CSM or a segment opens that view, its filter in the address
     (?csm=…&segment=…); an address with a filter that names another view opens it too. */
  function views() {
    document.querySelectorAll("[data-sp-views]").forEach(function (box) {
      if (box.hasAttribute("data-ready")) return;
      box.setAttribute("data-ready", "");
      var csm = box.querySelector("[data-view-part='csm']"), segment = box.querySelector("[data-view-part='segment']");
      var live = document.querySelector("[data-sp-view-live]"), empty = document.querySelector("[data-filter-empty]");
      function link(c, s) {
        var found = null;
        box.querySelectorAll("a[data-csm]").forEach(function (a) {
          if (a.getAttribute("data-csm") === c && a.getAttribute("data-segment") === s) found = a;
        });
        return found;
      }
      function go(c, s, replace) {
        var a = link(c, s), query = new URLSearchParams();
        if (c) query.set("csm", c);
        if (s) query.set("segment", s);
        if (!a) {  /* no customer of that CSM in that segment */
          if (live) live.hidden = true;
          if (empty) empty.hidden = false;
          history.replaceState(history.state, "", window.location.pathname + (query.toString() ? "?" + query : ""));
          return;
        }
        var url = a.href.split("#")[0].split("?")[0] + (query.toString() ? "?" + query : "");
        if (replace) window.location.replace(url); else window.location.assign(url);
      }
      function changed() { go(csm ? csm.value : "", segment ? segment.value : "", false); }
      if (csm) csm.addEventListener("change", changed);
      if (segment) segment.addEventListener("change", changed);
      var params = new URLSearchParams(window.location.search);
      var own = [box.getAttribute("data-csm") || "", box.getAttribute("data-segment") || ""];
      var wanted = [params.get("csm") || "", params.get("segment") || ""];
      if ((params.has("csm") || params.has("segment")) && (wanted[0] !== own[0] || wanted[1] !== own[1])) {
        if (csm) csm.value = wanted[0];
        if (segment) segment.value = wanted[1];
        go(wanted[0], wanted[1], true);
      }
    });
  }
  function all() { setup(); views(); }
  if (typeof document$ !== "undefined") document$.subscribe(all);
  else document.addEventListener("DOMContentLoaded", all);
})();
