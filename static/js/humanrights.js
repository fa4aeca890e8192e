// Draws the recommendations tracker's progress chart from <script id="hr-chart-data">
// (json_script). The table beside it holds the same figures for screen readers and no-JS.
(function () {
  "use strict";
  var source = document.getElementById("hr-chart-data");
  var canvas = document.querySelector("canvas[data-chart='progress']");
  if (!source || !canvas || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var COLOURS = {
    not_started: "#bbbbbb", in_progress: "#56b4e9", partial: "#e69f00", implemented: "#009e73"
  };
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.statuses.map(function (set) {
        return { label: set.label, data: set.data, backgroundColor: COLOURS[set.code] };
      })
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: still ? false : undefined,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 },
             title: { display: true, text: "Recommendations" } },
        y: { stacked: true }
      },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
