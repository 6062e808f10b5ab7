// Charts of the dashboard (vendored ECharts, no CDN). Each [data-chart] element names a
// json_script with its data; a chart with `links` opens the drill-down list of the clicked bar.
// Figures loaded later by HTMX are drawn when they are swapped in.
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "zh-hans").indexOf("zh") === 0;
  var BLUE = "#1f5fbf", LIGHT = "#9db7e0", GREY = "#c9ced6";

  function openLink(data) {
    return function (params) {
      var link = data.links && data.links[params.dataIndex];
      if (link) window.location.href = link;
    };
  }

  var builders = {
    // Legacy home bars (enterprises and pilots per category).
    bar: function (data) {
      var names = zh ? ["在库企业", "试点企业"] : ["Enterprises", "Pilots"];
      return {
        tooltip: { trigger: "axis" },
        legend: { data: names },
        grid: { left: 40, right: 10, bottom: 10, top: 30, containLabel: true },
        xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 35, width: 110, overflow: "truncate" } },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: names[0], type: "bar", data: data.total, itemStyle: { color: LIGHT } },
          { name: names[1], type: "bar", data: data.pilots, itemStyle: { color: BLUE } },
        ],
      };
    },
    "drill-bar": function (data) {
      var option = builders.bar(data);
      option.legend.data = data.names;
      option.series[0].name = data.names[0];
      option.series[1].name = data.names[1];
      return option;
    },
    funnel: function (data) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 10, right: 30, bottom: 10, top: 10, containLabel: true },
        yAxis: { type: "category", data: data.labels, inverse: true },
        xAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: data.total, itemStyle: { color: BLUE }, label: { show: true, position: "right" } }],
      };
    },
    funds: function (data) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 10, right: 30, bottom: 10, top: 20, containLabel: true },
        xAxis: { type: "category", data: data.labels },
        yAxis: { type: "value", max: function (v) { return Math.max(v.max, data.budget); } },
        series: [{
          type: "bar", data: data.total, itemStyle: { color: BLUE },
          markLine: { symbol: "none", data: [{ yAxis: data.budget, name: data.budgetName }], label: { formatter: data.budgetName }, lineStyle: { color: "#c0392b" } },
        }],
      };
    },
    // Targets vs progress vs the stage timeline: progress (% of target) and where it should be.
    kpi: function (data) {
      var names = zh ? ["完成进度", "按推进计划应达"] : ["Progress", "Expected by the stage plan"];
      return {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
        legend: { data: names },
        grid: { left: 10, right: 30, bottom: 10, top: 30, containLabel: true },
        yAxis: { type: "category", data: data.labels, inverse: true, axisLabel: { width: 220, overflow: "truncate" } },
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: [
          { name: names[0], type: "bar", data: data.progress, itemStyle: { color: BLUE } },
          { name: names[1], type: "bar", data: data.expected, itemStyle: { color: GREY } },
        ],
      };
    },
  };

  function render(el) {
    if (el.dataset.drawn || typeof echarts === "undefined") return;
    var source = document.getElementById(el.dataset.source);
    var build = builders[el.dataset.chart];
    if (!source || !build) return;
    var data = JSON.parse(source.textContent);
    if (el.dataset.chart === "kpi") el.style.height = Math.max(240, 28 * data.labels.length + 60) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    var option = build(data);
    option.animation = false;
    chart.setOption(option);
    if (data.links) {
      chart.on("click", openLink(data));
      el.style.cursor = "pointer";
    }
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function renderAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(render);
  }
  renderAll(document);
  document.body.addEventListener("htmx:afterSettle", function () { renderAll(document); });
})();
