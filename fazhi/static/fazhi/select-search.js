/* Long selects (决策机关, 承办单位, 协办单位, 上位法) become searchable: a select carrying
   data-fz-search="提示" gets a filter box above it; typing hides the options that do not contain the
   text (and a region group with none left). The chosen options always stay visible. No inline script. */
(function () {
  "use strict";

  function filter(select, text) {
    var needle = text.trim().toLowerCase();
    Array.prototype.forEach.call(select.options, function (option) {
      var match = !needle || option.selected || option.text.toLowerCase().indexOf(needle) !== -1;
      option.hidden = !match;
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var any = Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      group.hidden = !any && !group.label.toLowerCase().includes(needle);
      if (!any && group.label.toLowerCase().includes(needle)) {
        Array.prototype.forEach.call(group.children, function (o) { o.hidden = false; });
      }
    });
  }

  function enhance(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-fz-search]"), function (select) {
      if (select.dataset.fzSearchReady) { return; }
      select.dataset.fzSearchReady = "1";
      var box = document.createElement("input");
      box.type = "search";
      box.className = "form-control form-control-sm mb-1 fz-select-search";
      box.placeholder = select.getAttribute("data-fz-search") || "输入名称筛选…";
      box.maxLength = 50;
      box.setAttribute("aria-label", (select.labels && select.labels[0] ? select.labels[0].textContent : "") + " 筛选");
      box.addEventListener("input", function () { filter(select, box.value); });
      box.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
      select.parentNode.insertBefore(box, select);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
