// Draws the charts and the region map of the dashboard and the national dialogue page from the
// figures the page carries in <script id="chart-data" type="application/json"> (json_script).
// The tables beside each chart hold the same figures: they are what a screen reader reads and
// what shows when scripts are off. Chart.js and Leaflet are vendored: nothing leaves the portal.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);

  // Okabe–Ito colours: told apart by people with the common colour-vision deficiencies.
  var COLOURS = { women: "#0072b2", men: "#e69f00", pledged: "#56b4e9", received: "#009e73" };
  var SERIES = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
    "#f0e442", "#332288", "#882255", "#44aa99", "#999933", "#aa4499"
  ];
  var SHADES = ["#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08306b"];  // light to dark
  var NO_DATA = "#eceff1";
  var INK = "#1b1f24";
  // Numbers in the page's language (the portal speaks English, Russian or Tajik).
  var locale = document.documentElement.lang || "en";
  var whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  var compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function colour(key) {
    return typeof key === "number" ? SERIES[key % SERIES.length] : COLOURS[key];
  }

  // Charts ----------------------------------------------------------------------------------

  function datasetsOf(spec) {
    return spec.datasets.map(function (set) {
      var values = set.data;
      if (spec.share) {
        values = values.map(function (value, i) {
          return spec.totals[i] ? (100 * value) / spec.totals[i] : 0;
        });
      }
      return {
        label: set.label,
        data: values,
        people: set.data,
        backgroundColor: set.colours ? set.colours.map(colour) : colour(set.colour),
        borderColor: "#ffffff",
        borderWidth: spec.type === "doughnut" ? 2 : 0
      };
    });
  }

  function tooltipLabel(spec) {
    return function (item) {
      var set = item.dataset;
      var label = set.label + ": ";
      if (spec.type === "doughnut") { label = item.label + ": "; }
      var people = set.people[item.dataIndex];
      if (spec.money) { return label + "US$ " + whole.format(people); }
      if (spec.share) { return label + whole.format(people) + " (" + Math.round(item.raw) + "%)"; }
      return label + whole.format(people);
    };
  }

  function valueTicks(spec) {
    return function (value) {
      if (spec.share) { return value + "%"; }
      return (spec.money ? "US$ " : "") + compact.format(value);
    };
  }

  function chartOptions(spec) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: still ? false : { duration: 400 },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 14 } },
        tooltip: { callbacks: { label: tooltipLabel(spec) } }
      }
    };
    if (spec.type !== "bar") { return options; }
    var valueAxis = {
      stacked: !!spec.stacked,
      beginAtZero: true,
      ticks: { callback: valueTicks(spec), precision: 0 },
      grid: { color: "#e1e6eb" }
    };
    if (spec.share) { valueAxis.max = 100; }
    var categoryAxis = { stacked: !!spec.stacked, grid: { display: false } };
    options.indexAxis = spec.horizontal ? "y" : "x";
    options.scales = spec.horizontal
      ? { x: valueAxis, y: categoryAxis }
      : { x: categoryAxis, y: valueAxis };
    return options;
  }

  function drawCharts() {
    if (!window.Chart) { return; }
    Chart.defaults.font.family = '"Noto Sans", "DejaVu Sans", Arial, sans-serif';
    Chart.defaults.color = INK;
    var canvases = document.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var spec = data.charts && data.charts[canvas.getAttribute("data-chart")];
      if (!spec || !spec.labels.length) { return; }
      // eslint-disable-next-line no-new
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasetsOf(spec) },
        options: chartOptions(spec)
      });
    });
  }

  // Region map ------------------------------------------------------------------------------

  // Equal steps from 1 to the largest figure; fewer steps when the figures are small.
  function scaleFor(largest) {
    var steps = Math.max(1, Math.min(SHADES.length, largest));
    var shades = SHADES.slice(SHADES.length - steps);
    return {
      steps: steps,
      shades: shades,
      shade: function (value) {
        if (!value) { return NO_DATA; }
        return shades[Math.min(steps, Math.ceil((value * steps) / largest)) - 1];
      },
      bounds: function (i) {
        return [Math.floor((largest * i) / steps) + 1, Math.floor((largest * (i + 1)) / steps)];
      }
    };
  }

  function swatch(list, fill, text) {
    var item = document.createElement("span");
    item.className = "legend-item";
    var box = document.createElement("span");
    box.className = "legend-swatch";
    box.style.backgroundColor = fill;  // CSSOM: allowed by the page's style-src 'self'
    item.appendChild(box);
    item.appendChild(document.createTextNode(text));
    list.appendChild(item);
  }

  function drawLegend(container, scale, largest) {
    if (!container) { return; }
    container.textContent = "";
    swatch(container, NO_DATA, "none");
    if (!largest) { return; }
    for (var i = 0; i < scale.steps; i += 1) {
      var range = scale.bounds(i);
      var text = range[0] === range[1]
        ? whole.format(range[0])
        : whole.format(range[0]) + "–" + whole.format(range[1]);
      swatch(container, scale.shades[i], text);
    }
  }

  function drawMap(box) {
    var regions = (data.map && data.map.regions) || {};
    var countLabel = (data.map && data.map.countLabel) || "activities";
    var largest = 0;
    Object.keys(regions).forEach(function (code) {
      largest = Math.max(largest, regions[code].total);
    });
    var scale = scaleFor(largest);
    // No tile layer: the office works offline. A still picture, fitted to the five regions.
    var map = L.map(box, {
      attributionControl: false,
      zoomControl: false,
      dragging: false,
      touchZoom: false,
      doubleClickZoom: false,
      scrollWheelZoom: false,
      boxZoom: false,
      keyboard: false,
      zoomSnap: 0.1
    });
    fetch(box.getAttribute("data-geojson-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (geojson) {
        var layer = L.geoJSON(geojson, {
          style: function (feature) {
            var region = regions[feature.properties.iso];
            return {
              color: "#ffffff",
              weight: 1.5,
              fillColor: scale.shade(region ? region.total : 0),
              fillOpacity: 1
            };
          },
          onEachFeature: function (feature, shape) {
            var region = regions[feature.properties.iso] || { total: 0, count: 0 };
            var name = region.name || feature.properties.name;
            shape.bindTooltip(
              name + ": " + whole.format(region.total) + " " +
                (box.getAttribute("data-participants-label") || "participants") + ", " +
                whole.format(region.count) + " " + countLabel,
              { sticky: true }
            );
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [6, 6] });
        drawLegend(box.parentNode.querySelector("[data-map-legend]"), scale, largest);
      })
      .catch(function () {
        box.classList.add("map-failed");
        box.textContent = box.getAttribute("data-map-error") ||
          "The map could not be loaded; the table gives the figures.";
      });
  }

  drawCharts();
  if (window.L) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-region-map]"), drawMap);
  }
})();
