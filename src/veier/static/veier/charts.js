// Draws the charts on impact pages. Django puts each chart's Chart.js configuration in a
// <script type="application/json"> data block (json_script) named by the canvas's data-chart
// attribute, so pages need no inline scripts and work under a strict Content-Security-Policy.
// Every chart has a table with the same numbers next to it, for screen readers and without JavaScript.
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var block = document.getElementById(canvas.dataset.chart);
      if (!block || canvas.dataset.rendered) return;
      var config = JSON.parse(block.textContent);
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
      new window.Chart(canvas, config);
      canvas.dataset.rendered = "true";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
