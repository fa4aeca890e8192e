// Draws the charts and the region map of the dashboard and the national dialogue page from the
// figures the page carries in <script id="chart-data" type="application/json"> (json_script),
// in the portal's chart theme (chart-theme.js). Names, legends and tooltips come translated in
// that JSON. The tables beside each chart hold the same figures: they are what a screen reader
// reads and what shows when scripts are off. Chart.js and Leaflet are vendored: nothing leaves
// the portal.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  var theme = window.UntopCharts;
  if (!source || !theme) { return; }
  var data = JSON.parse(source.textContent);
  var format = theme.numbers(data.locale);

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
        backgroundColor: set.colours ? set.colours.map(theme.colour) : theme.colour(set.colour),
        borderColor: "#ffffff",
        borderWidth: spec.type === "doughnut" ? 2 : 0
      };
    });
  }

  function tooltipLabel(spec) {
    return function (item) {
      var set = item.dataset;
      var label = (spec.type === "doughnut" ? item.label : set.label) + ": ";
      var value = set.people[item.dataIndex];
      if (spec.money) { return label + format.money(value); }
      if (spec.share) { return label + format.whole(value) + " (" + format.percent(item.raw) + ")"; }
      if (spec.type === "doughnut") {
        var sum = set.people.reduce(function (a, b) { return a + b; }, 0);
        return label + format.whole(value) + (sum ? " (" + format.percent((100 * value) / sum) + ")" : "");
      }
      return label + format.whole(value);
    };
  }

  // The axis carries plain numbers (the legend names the unit, US$), the tooltips the sums.
  function valueTicks(spec) {
    return function (value) {
      return spec.share ? format.percent(value) : format.whole(value);
    };
  }

  function chartOptions(spec) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { tooltip: { callbacks: { label: tooltipLabel(spec) } } }
    };
    if (spec.type !== "bar") { return options; }
    var values = theme.valueAxis(spec.stacked, valueTicks(spec));
    if (spec.share) { values.max = 100; }
    var categories = theme.categoryAxis(spec.stacked, spec.horizontal);
    options.indexAxis = spec.horizontal ? "y" : "x";
    options.scales = spec.horizontal
      ? { x: values, y: categories }
      : { x: categories, y: values };
    return options;
  }

  function drawCharts() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var spec = data.charts && data.charts[canvas.getAttribute("data-chart")];
      if (!spec || !spec.labels.length) { return; }
      var labels = spec.labels;
      if (spec.horizontal) {
        var width = theme.narrow() ? 16 : 28;
        labels = labels.map(function (label) { return theme.wrap(label, width); });
        theme.fitHeight(canvas, labels);
      }
      // eslint-disable-next-line no-new
      new Chart(canvas, {
        type: spec.type,
        data: { labels: labels, datasets: datasetsOf(spec) },
        options: chartOptions(spec)
      });
    });
  }

  // Region map ------------------------------------------------------------------------------

  // Where each region's name and figure are written: points chosen by eye inside each region,
  // clear of the others' (placement only, not data). Dushanbe's name sits beside the city.
  var LABEL_AT = {
    "TJ-SU": { at: [39.95, 69.05], direction: "center" },
    "TJ-RA": { at: [39.2, 71.6], direction: "center" },
    "TJ-GB": { at: [38.15, 72.9], direction: "center" },
    "TJ-KT": { at: [37.55, 69.05], direction: "center" },
    "TJ-DU": { at: [38.56, 68.66], direction: "left" }
  };

  function shadeOf(index) {
    return index >= 0 ? theme.SHADES[index] : theme.NO_DATA;
  }

  function swatch(list, fill, text, round) {
    var item = document.createElement("span");
    item.className = "legend-item";
    var box = document.createElement("span");
    box.className = round ? "legend-swatch legend-point" : "legend-swatch";
    box.style.backgroundColor = fill;  // CSSOM: allowed by the page's style-src 'self'
    item.appendChild(box);
    item.appendChild(document.createTextNode(text));
    list.appendChild(item);
  }

  function drawLegend(figure, map) {
    var container = figure.querySelector("[data-map-legend]");
    if (container) {
      container.textContent = "";
      (map.legend || []).forEach(function (entry) {
        swatch(container, shadeOf(entry.shade), entry.text);
      });
    }
    var centres = figure.querySelector("[data-centre-legend]");
    if (centres && map.centres && map.centres.length) {
      centres.textContent = "";
      swatch(centres, theme.INK, map.centreLegend, true);
    }
  }

  function regionLabel(region) {
    var box = document.createElement("span");
    var name = document.createElement("span");
    name.className = "map-label-name";
    name.textContent = region.name;
    var value = document.createElement("span");
    value.className = "map-label-value";
    value.textContent = region.value;
    box.appendChild(name);
    box.appendChild(value);
    return box;
  }

  function drawMap(box) {
    var map = data.map || {};
    var regions = map.regions || {};
    // No tile layer: the office works offline. A still picture, fitted to the five regions.
    var leaflet = L.map(box, {
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
              fillColor: shadeOf(region ? region.shade : -1),
              fillOpacity: 1
            };
          },
          onEachFeature: function (feature, shape) {
            var region = regions[feature.properties.iso];
            if (region) { shape.bindTooltip(region.tooltip, { sticky: true }); }
          }
        }).addTo(leaflet);
        leaflet.fitBounds(layer.getBounds(), { padding: [6, 6] });
        Object.keys(regions).forEach(function (code) {
          var place = LABEL_AT[code];
          if (!place) { return; }
          L.tooltip({
            permanent: true,
            direction: place.direction,
            className: "map-label",
            interactive: false
          })
            .setLatLng(place.at)
            .setContent(regionLabel(regions[code]))
            .addTo(leaflet);
        });
        (map.centres || []).forEach(function (centre) {
          L.circleMarker([centre.lat, centre.lon], {
            radius: 5,
            color: "#ffffff",
            weight: 1.5,
            fillColor: theme.INK,
            fillOpacity: 1
          })
            .bindTooltip(centre.tooltip)
            .addTo(leaflet);
        });
        drawLegend(box.parentNode, map);
      })
      .catch(function () {
        box.classList.add("map-failed");
        box.textContent = box.getAttribute("data-map-error") ||
          "The map could not be loaded; the table gives the figures.";
      });
  }

  theme.ready(function () {
    if (window.Chart) { drawCharts(); }
    if (window.L) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-region-map]"), drawMap);
    }
  });
})();
