// The activity form's breakdown grids: under each participant row, how many of its women and
// men were of each age band, with a disability or without. As numbers are typed, each grid
// says what its women and its men add up to against the row's women and men, so a grid that
// does not add up is seen before saving (the server refuses it all the same). Without
// JavaScript the grids are plain inputs, posted with the form.
(function () {
  "use strict";
  var form = document.querySelector("form.activity-form");
  var table = form && form.querySelector("table.participants");
  if (!table) { return; }
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function number(input) {
    var value = input ? parseInt(input.value, 10) : NaN;
    return isNaN(value) || value < 0 ? 0 : value;
  }

  function filled(grid) {
    var inputs = grid.querySelectorAll("input[data-sex]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].value.trim() !== "" && inputs[i].value.trim() !== "0") { return true; }
    }
    return false;
  }

  function parts(grid, sex) {
    var inputs = grid.querySelectorAll("input[data-sex='" + sex + "']");
    var result = 0;
    for (var i = 0; i < inputs.length; i += 1) { result += number(inputs[i]); }
    return result;
  }

  function said(template, sum, total) {
    return template.replace("%(parts)s", numbers.format(sum))
      .replace("%(total)s", numbers.format(total));
  }

  function show(grid) {
    var sums = grid.querySelector(".breakdown-sums");
    if (!sums) { return; }
    var prefix = grid.getAttribute("data-prefix");
    var women = number(form.elements[prefix + "-women"]);
    var men = number(form.elements[prefix + "-men"]);
    var womenParts = parts(grid, "women");
    var menParts = parts(grid, "men");
    var state;
    if (!filled(grid)) {
      state = "empty";
    } else if (womenParts === women && menParts === men) {
      state = "whole";
    } else {
      state = "off";
    }
    var text = said(sums.getAttribute("data-women"), womenParts, women) + " · " +
      said(sums.getAttribute("data-men"), menParts, men) + ". " +
      sums.getAttribute("data-" + state);
    if (sums.textContent !== text) { sums.textContent = text; }
    sums.className = "breakdown-sums breakdown-" + state;
    sums.hidden = false;
  }

  function showAll() {
    var grids = table.querySelectorAll("details.breakdown");
    for (var i = 0; i < grids.length; i += 1) { show(grids[i]); }
  }

  table.addEventListener("input", showAll);
  table.addEventListener("change", showAll);
  // Rows added by "Add a row" (static/js/participants.js) bring their grid along.
  new MutationObserver(showAll).observe(table.querySelector("tbody"), { childList: true });
  showAll();
})();
