// Draws the recommendations tracker's progress chart from <script id="hr-chart-data">
// (json_script), in the portal's chart theme (chart-theme.js). The table beside it holds the
// same figures for screen readers and no-JS.
(function () {
  "use strict";
  var source = document.getElementById("hr-chart-data");
  var canvas = document.querySelector("canvas[data-chart='progress']");
  var theme = window.UntopCharts;
  if (!source || !canvas || !theme || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var format = theme.numbers(data.locale);
  theme.ready(function () {
    var width = theme.narrow() ? 16 : 28;
    var labels = data.labels.map(function (label) { return theme.wrap(label, width); });
    theme.fitHeight(canvas, labels);
    // eslint-disable-next-line no-new
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: data.statuses.map(function (set) {
          return { label: set.label, data: set.data, backgroundColor: theme.colour(set.code) };
        })
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: theme.valueAxis(true, format.whole, data.axis),
          y: theme.categoryAxis(true, true)
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (item) { return item.dataset.label + ": " + format.whole(item.raw); }
            }
          }
        }
      }
    });
  });
})();
