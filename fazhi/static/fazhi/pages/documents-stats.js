/* The charts of the documents statistics page (drawn by fazhi/charts.js; a file, so the Content-Security-Policy needs no inline script). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stats-data").textContent);
  var narrow = fzCharts.narrow, make = fzCharts.make;
  if (data.rates.names.length) {
    make("chart-rates", {
      grid: {left: 8, right: 16, top: 16, bottom: 8, containLabel: true},
      tooltip: {trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; }},
      xAxis: {type: "category", data: data.rates.names, axisLabel: {interval: 0, rotate: narrow ? 30 : 0, fontSize: 11}},
      yAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
      series: [{type: "bar", data: data.rates.values, barMaxWidth: 42, label: {show: true, position: "top", formatter: function (p) { return p.value === null ? "" : p.value + "%"; }}}]
    }, 260);
  }
  if (data.issuers.names.length) {
    make("chart-issuers", {
      grid: {left: 8, right: 16, top: 36, bottom: 8, containLabel: true},
      legend: {top: 0, itemWidth: 12, itemHeight: 10, textStyle: {fontSize: 11}},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", inverse: true, data: data.issuers.names, axisLabel: {width: narrow ? 90 : 170, overflow: "truncate", fontSize: 11}},
      series: data.issuers.series.map(function (s) { return {name: s.name, type: "bar", stack: "v", data: s.data, barMaxWidth: 22}; })
    }, Math.max(200, 60 + 30 * data.issuers.names.length));
  }
  if (data.outcomes.length) {
    make("chart-outcomes", {
      tooltip: {trigger: "item", formatter: "{b}：{c} 件（{d}%）"},
      legend: {bottom: 0, itemWidth: 12, itemHeight: 10, textStyle: {fontSize: 11}},
      series: [{type: "pie", radius: ["35%", "62%"], center: ["50%", "45%"], data: data.outcomes, label: {formatter: "{b}\n{c} 件", fontSize: 11}}]
    }, 280);
  }
})();
