// Draws the dashboard's charts from the JSON the server rendered (labels already translated).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var names = data.names;
    var grid = { left: 40, right: 16, top: 24, bottom: 56, containLabel: true };
    var bar = function (d, name) {
      return {
        grid: grid, tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: d.labels, axisLabel: { interval: 0, rotate: d.labels.length > 5 ? 30 : 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", name: name, data: d.values, itemStyle: { color: "#0969da" } }]
      };
    };
    var options = {
      backlog_state: bar(data.backlog_state, names.orders),
      backlog_age: bar(data.backlog_age, names.orders),
      csat: bar(data.csat, names.answers),
      volume: bar(data.volume, names.orders),
      pareto: {
        grid: grid, tooltip: { trigger: "axis" }, legend: { data: [names.failures, names.cumulative] },
        xAxis: { type: "category", data: data.pareto.labels, axisLabel: { interval: 0, rotate: 30 } },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
        series: [
          { type: "bar", name: names.failures, data: data.pareto.values, itemStyle: { color: "#bf3989" } },
          { type: "line", name: names.cumulative, yAxisIndex: 1, data: data.pareto.cumulative }
        ]
      }
    };
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(options[el.dataset.chart]);
      charts.push(chart);
      el.dataset.ready = "1";
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
