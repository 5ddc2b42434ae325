/* The charts of the decisions statistics page (drawn by fazhi/charts.js; a file, so the Content-Security-Policy needs no inline script). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stats-data").textContent);
  var narrow = fzCharts.narrow, make = fzCharts.make;
  fzCharts.rates("chart-rates", data.rates);
  fzCharts.stacked("chart-items", data.items, ["#b8c0cc", "#5b8def", "#e0a400", "#1f3b73", "#2e7d32", "#b3261e"]);
  if (data.windows.some(function (w) { return w.value; })) {
    make("chart-windows", {
      tooltip: {trigger: "item", formatter: "{b}：{c} 次（{d}%）"},
      legend: {bottom: 0, itemWidth: 12, itemHeight: 10, textStyle: {fontSize: 11}},
      series: [{type: "pie", radius: ["35%", "60%"], center: ["50%", "42%"], data: data.windows.filter(function (w) { return w.value; }), label: {formatter: "{c} 次", fontSize: 11}}]
    }, 280);
  }
  if (data.turnaround.names.length) {
    make("chart-turnaround", {
      grid: {left: 8, right: 24, top: 8, bottom: 8, containLabel: true},
      tooltip: {trigger: "axis", valueFormatter: function (v) { return v + " 个工作日"; }},
      xAxis: {type: "value", minInterval: 1, max: function (v) { return Math.max(8, Math.ceil(v.max) + 1); }},
      yAxis: {type: "category", inverse: true, data: data.turnaround.names, axisLabel: {width: narrow ? 90 : 170, overflow: "truncate", fontSize: 11}},
      series: [{type: "bar", data: data.turnaround.values, barMaxWidth: 22, label: {show: true, position: "right"},
                markLine: {symbol: "none", data: [{xAxis: 7, name: "7个工作日"}], lineStyle: {color: "#b3261e", type: "dashed"}, label: {formatter: "7个工作日"}}}]
    }, Math.max(140, 50 + 34 * data.turnaround.names.length));
  }
})();
