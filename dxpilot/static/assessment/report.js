// Charts of the diagnosis report and the level overview. Each [data-chart] element names the
// json_script holding its data (data-source) and, for the level overview, the key inside it.
// All labels come from the server (translated there); this file holds no user-facing text.
(function () {
  "use strict";
  var BRAND = "#1f5fbf";
  var LEVEL_COLOURS = ["#c9d3df", "#9db7e0", "#5b8fd6", "#1f5fbf", "#143e7d"];

  function data(el) {
    var source = document.getElementById(el.dataset.source);
    if (!source) return null;
    var parsed = JSON.parse(source.textContent);
    return el.dataset.key ? parsed[el.dataset.key] : parsed;
  }

  function radar(el, charts) {
    var r = charts.radar;
    if (!r || !r.series.length) return null;
    var colours = [BRAND, "#b26a00"];
    return {
      tooltip: { trigger: "item" },
      legend: { bottom: 0, data: r.series.map(function (s) { return s.name; }) },
      radar: {
        indicator: r.indicators,
        radius: "62%",
        center: ["50%", "46%"],
        axisName: { color: "#1d2733", fontSize: 12 },
      },
      series: [{
        type: "radar",
        data: r.series.map(function (s, n) {
          return {
            name: s.name,
            value: s.values,
            lineStyle: { color: colours[n % 2], type: n === 0 ? "solid" : "dashed" },
            itemStyle: { color: colours[n % 2] },
            areaStyle: n === 0 ? { color: "rgba(31, 95, 191, 0.18)" } : undefined,
          };
        }),
      }],
    };
  }

  function histogram(el, charts) {
    var p = charts.peers;
    if (!p) return null;
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 10, bottom: 50, top: 30 },
      xAxis: { type: "category", data: p.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        name: p.series,
        type: "bar",
        data: p.counts.map(function (count, n) {
          return { value: count, itemStyle: { color: n === p.mine ? "#b26a00" : "#9db7e0" } };
        }),
        markPoint: p.mine === null ? undefined : {
          symbol: "pin",
          symbolSize: 36,
          itemStyle: { color: "#b26a00" },
          label: { show: false },
          data: [{ name: p.mine_label, coord: [p.mine, p.counts[p.mine]] }],
        },
      }],
    };
  }

  // Horizontal, so long 细分行业 names stay readable; the first row of the table is on top.
  function stacked(el, d) {
    if (!d || !d.labels.length) return null;
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 10, right: 20, bottom: 10, top: 36, containLabel: true },
      yAxis: { type: "category", data: d.labels, inverse: true, axisLabel: { interval: 0 } },
      xAxis: { type: "value", minInterval: 1 },
      series: d.series.map(function (s, n) {
        return { name: s.name, type: "bar", stack: "levels", data: s.data, itemStyle: { color: LEVEL_COLOURS[n % 5] } };
      }),
    };
  }

  function render(el) {
    if (typeof echarts === "undefined") return;
    var d = data(el);
    if (!d) return;
    var kind = el.dataset.chart;
    var option = kind === "radar" ? radar(el, d) : kind === "histogram" ? histogram(el, d) : stacked(el, d);
    if (!option) { el.hidden = true; return; }
    option.animation = false;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.querySelectorAll("[data-chart]").forEach(render);
})();
