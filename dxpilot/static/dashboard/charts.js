// Bar charts for the home pages: each [data-chart] element names a json_script with its data.
(function () {
  "use strict";
  function render(el) {
    var source = document.getElementById(el.dataset.source);
    if (!source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    var lang = document.documentElement.lang || "zh-hans";
    var names = lang.indexOf("zh") === 0 ? ["在库企业", "试点企业"] : ["Enterprises", "Pilots"];
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { data: names },
      grid: { left: 40, right: 10, bottom: 10, top: 30, containLabel: true },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 35, width: 110, overflow: "truncate" } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: names[0], type: "bar", data: data.total, itemStyle: { color: "#9db7e0" } },
        { name: names[1], type: "bar", data: data.pilots, itemStyle: { color: "#1f5fbf" } },
      ],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.querySelectorAll("[data-chart]").forEach(render);
})();
