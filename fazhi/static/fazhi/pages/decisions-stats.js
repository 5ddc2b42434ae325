/* The charts of the decisions statistics page (drawn by fazhi/charts.js; a file, so the Content-Security-Policy needs no inline script). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stats-data").textContent);
  var narrow = fzCharts.narrow, make = fzCharts.make;
  if (data.rates.names.length) {
    make("chart-rates", {
      grid: {left: 8, right: 16, top: 20, bottom: 8, containLabel: true},
      tooltip: {trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; }},
      xAxis: {type: "category", data: data.rates.names, axisLabel: {interval: 0, rotate: narrow ? 35 : 0, fontSize: 11}},
      yAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
      series: [{type: "bar", data: data.rates.values, barMaxWidth: 42, label: {show: true, position: "top", formatter: function (p) { return p.value === null ? "" : p.value + "%"; }}}]
    }, narrow ? 280 : 250);
  }
  if (data.items.names.length) {
    make("chart-items", {
      grid: {left: 8, right: 16, top: narrow ? 56 : 36, bottom: 8, containLabel: true},
      legend: {top: 0, itemWidth: 12, itemHeight: 10, textStyle: {fontSize: 11}},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", inverse: true, data: data.items.names, axisLabel: {width: narrow ? 90 : 170, overflow: "truncate", fontSize: 11}},
      color: ["#b8c0cc", "#5b8def", "#e0a400", "#1f3b73", "#2e7d32", "#b3261e"],
      series: data.items.series.map(function (s) { return {name: s.name, type: "bar", stack: "n", data: s.data, barMaxWidth: 22}; })
    }, Math.max(200, (narrow ? 90 : 60) + 30 * data.items.names.length));
  }
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
