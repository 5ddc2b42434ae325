/* The supervision cockpit's charts (no inline script: the page passes its figures with json_script).
   A click on a bar or a point opens the records behind it. */
(function () {
  "use strict";
  var node = document.getElementById("cockpit-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var narrow = window.matchMedia("(max-width: 575.98px)").matches;
  var charts = [];
  function make(id, option, height, onClick) {
    var el = document.getElementById(id);
    if (!el) { return; }
    el.style.height = height + "px";
    var chart = echarts.init(el, null, {renderer: "svg"});
    option.textStyle = {fontFamily: getComputedStyle(document.body).fontFamily};
    chart.setOption(option);
    if (onClick) { chart.on("click", onClick); }
    charts.push(chart);
  }
  if (data.ranking) {
    make("chart-ranking", {
      color: ["#1f3b73"],
      grid: {left: 8, right: 36, top: 8, bottom: 8, containLabel: true},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "value", max: function (v) { return Math.max(100, Math.ceil(v.max)); }},
      yAxis: {type: "category", inverse: true, data: data.ranking.names, axisLabel: {fontSize: 11, width: narrow ? 70 : 120, overflow: "truncate"}},
      series: [{type: "bar", data: data.ranking.values, barMaxWidth: 18, label: {show: true, position: "right", fontSize: 11}}]
    }, Math.max(160, 40 + 28 * data.ranking.names.length), function () { window.location.href = data.ranking.url; });
  }
  if (data.trend) {
    make("chart-trend", {
      color: ["#b3261e"],
      grid: {left: 8, right: 16, top: 16, bottom: 8, containLabel: true},
      tooltip: {trigger: "axis"},
      xAxis: {type: "category", data: data.trend.names, axisLabel: {fontSize: 11, rotate: narrow ? 45 : 0}},
      yAxis: {type: "value", minInterval: 1},
      series: [{type: "line", data: data.trend.values, symbolSize: 8, label: {show: !narrow, position: "top"}}]
    }, narrow ? 220 : 240, function (p) { window.location.href = data.trend.urls[p.dataIndex]; });
  }
  if (data.ladder) {
    make("chart-ladder", {
      color: ["#8a93a3", "#1f3b73", "#5b8def", "#e0a400"],
      grid: {left: 8, right: 16, top: narrow ? 56 : 36, bottom: 8, containLabel: true},
      legend: {top: 0, itemWidth: 12, itemHeight: 10, textStyle: {fontSize: 11}},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "category", data: data.ladder.names},
      yAxis: {type: "value", minInterval: 1},
      series: data.ladder.series.map(function (s) { return {name: s.name, type: "bar", stack: "n", data: s.data, barMaxWidth: 36}; })
    }, narrow ? 240 : 230, function (p) { window.location.href = data.ladder.urls[p.dataIndex]; });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
