// Keeps an import's page up to date while a worker imports the file: queued → running → done or failed.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");

  function field(name) { return document.querySelector('[data-field="' + name + '"]'); }

  function show(data) {
    var label = field("status_label");
    label.textContent = data.status_label;
    label.className = "status status-" + data.status;
    field("step").textContent = data.step;
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    field("created").textContent = data.created;
    field("updated").textContent = data.updated;
    var list = field("errors");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    data.errors.forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      list.appendChild(item);
    });
    box.setAttribute("data-status", data.status);
  }

  function poll(delay) {
    window.setTimeout(function () {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (response.redirected || response.status === 403 || response.status === 404) { return null; }
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          if (!data) { return; }
          show(data);
          if (data.status !== "done" && data.status !== "failed") { poll(1000); }
        })
        .catch(function () { poll(Math.min(delay * 2, 15000)); });
    }, delay);
  }

  var status = box.getAttribute("data-status");
  if (status !== "done" && status !== "failed") { poll(700); }
})();
