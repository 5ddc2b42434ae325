/* The platform's charts (vendored ECharts, SVG): one palette and font, a height per chart, redrawn when the window
   changes size. fzCharts.make(id, option, height) draws into the element #id, if the page has it. */
window.fzCharts = (function () {
  "use strict";
  var charts = [];
  var palette = ["#1f3b73", "#5b8def", "#e0a400", "#2e7d32", "#8a93a3", "#b3261e"];
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  return {
    narrow: window.matchMedia("(max-width: 575.98px)").matches,
    make: function (id, option, height) {
      var el = document.getElementById(id);
      if (!el) { return null; }
      if (height) { el.style.height = height + "px"; }
      var chart = echarts.init(el, null, {renderer: "svg"});
      option.color = option.color || palette;
      option.textStyle = {fontFamily: getComputedStyle(document.body).fontFamily};
      chart.setOption(option);
      charts.push(chart);
      return chart;
    }
  };
})();
