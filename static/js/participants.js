// "Add a row" for the activity form's participant table: copies the empty row Django renders
// as the formset's template and numbers it, so any number of categories can be counted.
(function () {
  "use strict";
  var table = document.querySelector("table.participants");
  var template = document.getElementById("participant-row-template");
  var button = document.getElementById("add-participant-row");
  if (!table || !template || !button) { return; }
  var total = document.getElementById("id_participants-TOTAL_FORMS");
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__row__/g, String(index + 1));
    table.querySelector("tbody").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var select = table.querySelector("tbody tr:last-child select");
    if (select) { select.focus(); }
  });
})();
