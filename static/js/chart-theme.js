// The portal's one chart theme: the font, colours, sizes and number formats of every chart
// and map (the dashboard, the national dialogue page, the recommendations tracker). Load it
// after Chart.js and before the page's own script, which calls UntopCharts.draw(...).
(function () {
  "use strict";

  var FONT = '"Noto Sans", "DejaVu Sans", Arial, sans-serif';
  var INK = "#1b1f24";
  var MUTED = "#555e68";
  var GRID = "#e1e6eb";
  // Okabe–Ito colours: told apart by people with the common colour-vision deficiencies.
  var COLOURS = {
    women: "#0072b2", men: "#e69f00", pledged: "#56b4e9", received: "#009e73",
    not_started: "#8c959f", in_progress: "#56b4e9", partial: "#e69f00", implemented: "#009e73"
  };
  var SERIES = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
    "#f0e442", "#332288", "#882255", "#44aa99", "#999933", "#aa4499"
  ];
  var SHADES = ["#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08306b"];  // light to dark
  var NO_DATA = "#eceff1";
  var SIZES = { text: 13, small: 12, title: 13 };
  // A horizontal bar chart's height: each bar's row, one line of label more per wrapped line.
  var BAR_ROW = 30;
  var LABEL_LINE = 15;
  var CHART_FRAME = 96;  // legend, value axis and padding

  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function colour(key) {
    return typeof key === "number" ? SERIES[key % SERIES.length] : COLOURS[key];
  }

  // Numbers as the portal's own formats write them (the page's JSON carries the separators):
  // browsers' Intl data has no Tajik, and its compact notation gave "1.5k" on Tajik pages.
  function numbers(locale) {
    var spec = locale || {};
    var decimal = spec.decimal || ".";
    var thousands = spec.thousands === undefined ? "," : spec.thousands;
    var money = spec.money || "US$ %(amount)s";
    function whole(value) {
      var digits = String(Math.round(Math.abs(value)));
      var grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
      return (value < 0 ? "-" : "") + grouped;
    }
    function percent(value) {
      return String(Math.round(value)).replace(".", decimal) + "%";
    }
    return {
      whole: whole,
      percent: percent,
      money: function (value) { return money.replace("%(amount)s", whole(value)); }
    };
  }

  // A label cut into lines of at most `width` characters, at spaces (Chart.js draws an array
  // as several lines): every bar keeps its whole label.
  function wrap(label, width) {
    var words = String(label).split(/\s+/);
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : lines[0] || "";
  }

  function narrow() {
    return window.matchMedia && window.matchMedia("(max-width: 40rem)").matches;
  }

  // Horizontal bars: the chart grows with its bars so that none is squeezed or left unnamed.
  function fitHeight(canvas, labels) {
    var lines = labels.reduce(function (sum, label) {
      return sum + (Array.isArray(label) ? label.length : 1);
    }, 0);
    var height = CHART_FRAME + labels.length * (BAR_ROW - LABEL_LINE) + lines * LABEL_LINE;
    var box = canvas.parentNode;
    box.style.height = Math.max(height, 160) + "px";  // CSSOM: allowed by style-src 'self'
  }

  function applyDefaults(Chart) {
    Chart.defaults.font.family = FONT;
    Chart.defaults.font.size = SIZES.text;
    Chart.defaults.color = INK;
    Chart.defaults.borderColor = GRID;
    Chart.defaults.plugins.legend.position = "bottom";
    Chart.defaults.plugins.legend.labels.boxWidth = 14;
    Chart.defaults.plugins.tooltip.titleFont = { family: FONT, size: SIZES.text, weight: "bold" };
    Chart.defaults.plugins.tooltip.bodyFont = { family: FONT, size: SIZES.text };
    Chart.defaults.animation = still ? false : { duration: 400 };
  }

  // Bars named on their axis: every label shown (no skipping), wrapped to fit.
  function categoryAxis(stacked, horizontal) {
    return {
      stacked: !!stacked,
      grid: { display: false },
      ticks: horizontal
        ? { autoSkip: false, font: { size: SIZES.small } }
        : { autoSkip: false, maxRotation: 90, minRotation: 0, font: { size: SIZES.small } }
    };
  }

  function valueAxis(stacked, format, title) {
    var axis = {
      stacked: !!stacked,
      beginAtZero: true,
      grid: { color: GRID },
      ticks: { callback: format, precision: 0, color: MUTED, font: { size: SIZES.small } }
    };
    if (title) {
      axis.title = { display: true, text: title, color: MUTED, font: { size: SIZES.small } };
    }
    return axis;
  }

  // Draws once the portal's font is loaded (a canvas drawn before would keep the fallback);
  // Latin, Cyrillic and Tajik letters each come in their own file of the font.
  function whenFontReady(draw) {
    if (!document.fonts || !document.fonts.load) { draw(); return; }
    var sample = "Aa Бб Ҳҳ Ӯӯ";
    Promise.all([
      document.fonts.load("400 13px " + FONT, sample),
      document.fonts.load("700 13px " + FONT, sample)
    ]).then(draw, draw);
  }

  window.UntopCharts = {
    FONT: FONT,
    INK: INK,
    MUTED: MUTED,
    COLOURS: COLOURS,
    SHADES: SHADES,
    NO_DATA: NO_DATA,
    colour: colour,
    numbers: numbers,
    wrap: wrap,
    narrow: narrow,
    fitHeight: fitHeight,
    categoryAxis: categoryAxis,
    valueAxis: valueAxis,
    ready: function (draw) {
      whenFontReady(function () {
        if (window.Chart) { applyDefaults(window.Chart); }
        draw();
      });
    }
  };
})();
