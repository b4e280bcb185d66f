// The day plan's route plot and timeline with ECharts (served locally), from the JSON the server
// rendered. Without JavaScript the plain SVG map stays; with the charts drawn it is hidden.
(function () {
  "use strict";
  function hhmm(minutes) {
    var h = Math.floor(minutes / 60), m = Math.round(minutes % 60);
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }
  // Longitude shrunk by cos(latitude) and one scale on both axes, so a kilometre is as long east as north.
  function projector(data) {
    var lats = [];
    data.routes.forEach(function (r) {
      if (r.home) lats.push(r.home[1]);
      r.stops.forEach(function (s) { lats.push(s.lat); });
    });
    var mean = lats.length ? lats.reduce(function (a, b) { return a + b; }, 0) / lats.length : 0;
    var k = Math.cos(mean * Math.PI / 180);
    return function (lon, lat) { return [lon * k, lat]; };
  }
  function equalAxes(points, el) {
    var w = Math.max(el.clientWidth - 16, 50), h = Math.max(el.clientHeight - 40, 50);
    var xs = points.map(function (p) { return p[0]; }), ys = points.map(function (p) { return p[1]; });
    if (!xs.length) return [{}, {}];
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var unit = Math.max((x1 - x0) / w, (y1 - y0) / h, 0.0005 / Math.min(w, h)) * 1.15;
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    return [{ min: cx - unit * w / 2, max: cx + unit * w / 2 }, { min: cy - unit * h / 2, max: cy + unit * h / 2 }];
  }
  function mapOption(data, el) {
    var series = [], depots = [], all = [], at = projector(data);
    data.routes.forEach(function (r) {
      var line = [], home = r.home ? at(r.home[0], r.home[1]) : null;
      if (home) { line.push(home); depots.push({ value: home, name: data.labels.depot }); }
      r.stops.forEach(function (s) { line.push(at(s.lon, s.lat)); });
      if (home) line.push(home);
      all = all.concat(line);
      series.push({ type: "line", name: r.name, data: line, showSymbol: false, silent: true,
        lineStyle: { color: r.colour, width: 2 }, color: r.colour });
      series.push({ type: "scatter", name: r.name, color: r.colour, symbolSize: 18,
        data: r.stops.map(function (s) { return { value: at(s.lon, s.lat), seq: s.seq, number: s.number, eta: s.eta }; }),
        label: { show: true, color: "#fff", fontSize: 10, formatter: function (p) { return p.data.seq; } },
        tooltip: { formatter: function (p) { return r.name + "<br>" + p.data.seq + ". " + p.data.number + " · " + p.data.eta; } } });
    });
    series.push({ type: "scatter", name: data.labels.depot, symbol: "rect", symbolSize: 14, color: "#111",
      data: depots, tooltip: { formatter: function () { return data.labels.depot; } } });
    var axes = equalAxes(all, el);
    return {
      animation: false, tooltip: { trigger: "item" },
      legend: { type: "scroll", top: 0, data: data.routes.map(function (r) { return r.name; }) },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: axes[0].min, max: axes[0].max, axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: { type: "value", min: axes[1].min, max: axes[1].max, axisLabel: { show: false }, splitLine: { show: false } },
      series: series
    };
  }
  function timelineOption(data) {
    var names = data.rows.map(function (r) { return r.name; });
    var items = [];
    data.rows.forEach(function (row, i) {
      items.push({ value: [i, row.span[0], row.span[1], data.labels.route], itemStyle: { color: row.colour, opacity: 0.25 } });
      row.visits.forEach(function (v) {
        items.push({ value: [i, v.from, v.to, v.number], itemStyle: { color: row.colour } });
      });
    });
    var lo = Math.min.apply(null, items.map(function (d) { return d.value[1]; }).concat([480]));
    var hi = Math.max.apply(null, items.map(function (d) { return d.value[2]; }).concat([1080]));
    return {
      animation: false,
      tooltip: { formatter: function (p) { return p.value[3] + " · " + hhmm(p.value[1]) + "–" + hhmm(p.value[2]); } },
      grid: { left: 8, right: 16, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: "value", min: Math.floor(lo / 60) * 60, max: Math.ceil(hi / 60) * 60, interval: 60,
        axisLabel: { formatter: hhmm } },
      yAxis: { type: "category", data: names, inverse: true },
      series: [{
        type: "custom", encode: { x: [1, 2], y: 0 }, data: items,
        renderItem: function (params, api) {
          var start = api.coord([api.value(1), api.value(0)]), end = api.coord([api.value(2), api.value(0)]);
          var height = api.size([0, 1])[1] * 0.6;
          return { type: "rect", style: api.style(),
            shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1), height: height } };
        }
      }]
    };
  }
  function draw() {
    var source = document.getElementById("plan-chart-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var options = { map: mapOption, timeline: timelineOption };
    var charts = [];
    document.querySelectorAll("[data-plan-chart]").forEach(function (el) {
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(options[el.dataset.planChart](data, el));
      charts.push(chart);
      el.dataset.ready = "1";
    });
    var fallback = document.getElementById("plan-svg-map");
    if (fallback && charts.length) fallback.hidden = true;
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
