// The charts page: each <div class="chart" data-chart=KIND data-source=ID> is drawn with
// Apache ECharts (vendored) from the JSON in <script type="application/json" id=ID>
// (Django's json_script: no inline script, as the Content-Security-Policy requires), or, in
// a fragment htmx swaps in (htmx drops <script> elements), from its data-json attribute.
// Every point carries the address of its list: a click opens it.
(function () {
  "use strict";
  var ECHARTS = document.currentScript && document.currentScript.dataset.echarts;
  var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif';

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function narrow(node) { return node.clientWidth < 480; }

  var builders = {
    funnel: function (data, node) {
      return {
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "item" },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: data.map(function (s) { return s.label; }),
                 axisLabel: { width: narrow(node) ? 80 : 140, overflow: "truncate" } },
        series: [{ type: "bar", name: "案件数", label: { show: true, position: "right" },
                   data: data.map(function (s) { return { value: s.value, url: s.url }; }) }]
      };
    },
    districts: function (data) {
      var rows = data.districts;
      return {
        grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { bottom: 0, type: "scroll" },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: rows.map(function (d) { return d.label; }) },
        series: data.stages.map(function (stage, i) {
          return { type: "bar", stack: "cases", name: stage.label,
                   data: rows.map(function (d) { return { value: d.values[i], url: d.urls[i] }; }) };
        })
      };
    },
    runs: function (data) {
      return {
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.map(function (r) { return r.label; }),
                 axisLabel: { hideOverlap: true } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "line", name: "异常企业", symbolSize: 10, label: { show: true },
                   data: data.map(function (r) { return { value: r.value, url: r.url }; }) }]
      };
    },
    deadlines: function (data) {
      var max = 1;
      data.days.forEach(function (d) { if (d.value > max) { max = d.value; } });
      return {
        tooltip: { formatter: function (p) { return p.value[0] + "：" + p.value[1] + " 件到期"; } },
        visualMap: { min: 0, max: max, show: false, inRange: { color: ["#fde8e8", "#9b1c1c"] } },
        calendar: { range: [data.from, data.to], cellSize: ["auto", 24], left: 28, right: 8,
                    top: 28, bottom: 8, dayLabel: { firstDay: 1, nameMap: "ZH" },
                    monthLabel: { nameMap: "ZH" }, yearLabel: { show: false } },
        series: [{ type: "heatmap", coordinateSystem: "calendar",
                   data: data.days.map(function (d) { return { value: [d.date, d.value], url: d.url }; }) }]
      };
    }
  };

  function draw(node) {
    var data = node.dataset.json ? JSON.parse(node.dataset.json) : read(node.dataset.source);
    var build = builders[node.dataset.chart];
    if (!data || !build || !window.echarts) { return; }
    var chart = window.echarts.init(node, null, { renderer: "canvas" });
    var option = build(data, node);
    option.textStyle = { fontFamily: FONT };
    option.animation = false;
    chart.setOption(option);
    chart.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // ECharts (1 MB) is loaded only on a page that has a chart, from our own static files.
  function withEcharts(then) {
    if (window.echarts) { then(); return; }
    if (!ECHARTS) { return; }
    var script = document.createElement("script");
    script.src = ECHARTS;
    script.addEventListener("load", then);
    document.head.appendChild(script);
  }

  function drawIn(root) {
    var nodes = root.querySelectorAll(".chart[data-chart]:not([data-drawn])");
    if (!nodes.length) { return; }
    withEcharts(function () {
      nodes.forEach(function (node) { node.dataset.drawn = "1"; draw(node); });
    });
  }

  function start() { drawIn(document); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
  // charts that htmx brings in later (the dashboard's)
  document.addEventListener("htmx:load", function (event) { drawIn(event.target); });
})();
