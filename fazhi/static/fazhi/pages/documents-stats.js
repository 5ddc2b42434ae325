/* The charts of the documents statistics page (drawn by fazhi/charts.js; a file, so the Content-Security-Policy needs no inline script). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stats-data").textContent);
  var narrow = fzCharts.narrow, make = fzCharts.make;
  fzCharts.rates("chart-rates", data.rates);
  fzCharts.stacked("chart-issuers", data.issuers);
  if (data.outcomes.length) {
    make("chart-outcomes", {
      tooltip: {trigger: "item", formatter: "{b}：{c} 件（{d}%）"},
      legend: {bottom: 0, itemWidth: 12, itemHeight: 10, textStyle: {fontSize: 11}},
      series: [{type: "pie", radius: ["35%", "62%"], center: ["50%", "45%"], data: data.outcomes, label: {formatter: "{b}\n{c} 件", fontSize: 11}}]
    }, 280);
  }
})();
