// The activity form's participant table: "Add a row" copies the empty row Django renders as
// the formset's template and numbers it, so any number of categories can be counted; the
// table's foot keeps the running totals (women, men, all) as the counts are typed. Each row
// comes with its breakdown grid by age and disability (static/js/breakdown.js sums it).
(function () {
  "use strict";
  var table = document.querySelector("table.participants");
  var template = document.getElementById("participant-row-template");
  var button = document.getElementById("add-participant-row");
  if (!table || !template || !button) { return; }
  var total = document.getElementById("id_participants-TOTAL_FORMS");
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function count(input) {
    var row = input.closest("tr");
    var removed = row && row.querySelector("input[type=checkbox][name$='-DELETE']");
    if (removed && removed.checked) { return 0; }
    var value = parseInt(input.value, 10);
    return isNaN(value) || value < 0 ? 0 : value;
  }

  function sum(suffix) {
    var inputs = table.querySelectorAll("tbody input[name$='-" + suffix + "']");
    var result = 0;
    for (var i = 0; i < inputs.length; i += 1) { result += count(inputs[i]); }
    return result;
  }

  function showTotals() {
    var women = sum("women");
    var men = sum("men");
    document.getElementById("total-women").value = numbers.format(women);
    document.getElementById("total-men").value = numbers.format(men);
    document.getElementById("total-all").value = numbers.format(women + men);
  }

  var foot = document.getElementById("participant-totals");
  if (foot) {
    foot.hidden = false;
    table.addEventListener("input", showTotals);
    table.addEventListener("change", showTotals);
    showTotals();
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__row__/g, String(index + 1));
    table.querySelector("tbody").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    // The new row is followed by its breakdown grid's row: focus the row's category.
    var select = document.getElementById("id_participants-" + index + "-category");
    if (select) { select.focus(); }
  });
})();
