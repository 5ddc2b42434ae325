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
    },
    /* Rates in percent, one bar each ({names, values}; a null value is shown as "—"). */
    rates: function (id, rates) {
      if (!rates.names.length) { return null; }
      var narrow = this.narrow;
      return this.make(id, {
        grid: {left: 8, right: 16, top: 20, bottom: 8, containLabel: true},
        tooltip: {trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; }},
        xAxis: {type: "category", data: rates.names, axisLabel: {interval: 0, rotate: narrow ? 30 : 0, fontSize: 11}},
        yAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
        series: [{type: "bar", data: rates.values, barMaxWidth: 42, label: {show: true, position: "top", formatter: function (p) { return p.value === null ? "" : p.value + "%"; }}}]
      }, narrow ? 280 : 260);
    },
    /* Counts per row, stacked by series ({names, series: [{name, data}]}), one horizontal bar a row. */
    stacked: function (id, group, color) {
      if (!group.names.length) { return null; }
      var narrow = this.narrow;
      return this.make(id, {
        grid: {left: 8, right: 16, top: narrow ? 56 : 36, bottom: 8, containLabel: true},
        legend: {top: 0, itemWidth: 12, itemHeight: 10, textStyle: {fontSize: 11}},
        tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
        xAxis: {type: "value", minInterval: 1},
        yAxis: {type: "category", inverse: true, data: group.names, axisLabel: {width: narrow ? 90 : 170, overflow: "truncate", fontSize: 11}},
        color: color,
        series: group.series.map(function (s) { return {name: s.name, type: "bar", stack: "n", data: s.data, barMaxWidth: 22}; })
      }, Math.max(200, (narrow ? 90 : 60) + 30 * group.names.length));
    }
  };
})();
