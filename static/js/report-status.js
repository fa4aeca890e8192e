// Keeps a report's page up to date while a worker builds it: queued → running → done or failed.
(function () {
  "use strict";
  var box = document.getElementById("report-status");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  // The step and status are read out as they change (a polite live region), the bar is not.
  var line = box.querySelector('[data-field="step"]');
  if (line && line.parentNode && !box.querySelector("[aria-live]")) {
    line.parentNode.setAttribute("aria-live", "polite");
    line.parentNode.setAttribute("aria-atomic", "true");
  }

  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }

  function show(data) {
    var label = field("status_label");
    label.textContent = data.status_label;
    label.className = "status status-" + data.status;
    field("step").textContent = data.step;
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    field("error").textContent = data.error;
    field("error").hidden = data.status !== "failed";
    field("download").hidden = data.status !== "done";
    box.setAttribute("data-status", data.status);
    var again = document.getElementById("report-again");
    if (again) { again.hidden = data.status !== "done" && data.status !== "failed"; }
  }

  function signedOut() {
    field("step").textContent = box.getAttribute("data-signed-out-text") ||
      "Your session has ended: sign in again and reopen this page to follow the report.";
  }

  function poll(delay) {
    window.setTimeout(function () {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          // Sent to the sign-in page, or refused: asking again will not help.
          if (response.redirected || response.status === 403 || response.status === 404) {
            signedOut();
            return null;
          }
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          if (!data) { return; }
          show(data);
          if (data.status !== "done" && data.status !== "failed") { poll(1000); }
        })
        .catch(function () { poll(Math.min(delay * 2, 15000)); });  // slow network: back off
    }, delay);
  }

  var status = box.getAttribute("data-status");
  if (status !== "done" && status !== "failed") { poll(700); }
})();
