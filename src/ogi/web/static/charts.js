// Draw every .chart from its ECharts option (built by the server), with the page's CJK font.
(function () {
  const font = getComputedStyle(document.body).fontFamily;
  const charts = [];
  document.querySelectorAll(".chart[data-option]").forEach((el) => {
    const c = echarts.init(el, null, { renderer: "canvas" });
    const opt = JSON.parse(el.dataset.option);
    opt.textStyle = { fontFamily: font };
    opt.animation = false;
    c.setOption(opt);
    el.dataset.ready = "1";
    charts.push(c);
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
