// Keeps a background job's page up to date while a worker runs it — a report being built, a
// file being imported — from queued to done or failed, without a reload.
//
// The page's status element says where to ask and what to say:
//   data-status-url       the job's status (/jobs/<kind>/<pk>/status/, untop/job_views.py)
//   data-status           the status the page was shown with: a finished job is not followed
//   data-signed-out-text  said in place of the step when the session has ended
// Inside it, and inside any element marked data-status-for="<its id>":
//   [data-field="name"]   shows the answer's field (status_label, step, error, created…);
//                         a list (an import's errors) becomes one item per entry
//   [data-show-when]      shown only in the statuses it names ("done", "failed", "done failed")
//   [data-download="fmt"] a download, named with its size once the job is done; hidden when
//                         the finished job has no file in that format
//   progress              the progress bar
(function () {
  "use strict";

  function follow(box) {
    var url = box.getAttribute("data-status-url");
    var bar = box.querySelector("progress");
    var linked = document.querySelectorAll('[data-status-for="' + box.id + '"]');
    var scopes = [box].concat(Array.prototype.slice.call(linked));

    // Every element of the job's page that matches: in the status element and those linked.
    function all(selector) {
      var found = [];
      scopes.forEach(function (scope) {
        if (scope !== box && scope.matches(selector)) { found.push(scope); }
        Array.prototype.push.apply(found, scope.querySelectorAll(selector));
      });
      return found;
    }

    // The step and status are read out as they change (a polite live region), the bar is not.
    var step = box.querySelector('[data-field="step"]');
    if (step && step.parentNode && !box.querySelector("[aria-live]")) {
      step.parentNode.setAttribute("aria-live", "polite");
      step.parentNode.setAttribute("aria-atomic", "true");
    }

    function fill(element, value) {
      if (Array.isArray(value)) {
        while (element.firstChild) { element.removeChild(element.firstChild); }
        value.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          element.appendChild(item);
        });
      } else {
        element.textContent = value;
      }
    }

    function showDownloads(downloads) {
      all("[data-download]").forEach(function (element) {
        var format = element.getAttribute("data-download");
        var download = downloads.filter(function (d) { return d.format === format; })[0];
        element.hidden = !download;
        var link = element.tagName === "A" ? element : element.querySelector("a");
        if (download && link) {
          link.textContent = download.label + (download.size ? ", " + download.size : "");
          link.href = download.url;
          link.title = download.file_name;
        }
      });
    }

    function show(data) {
      all("[data-field]").forEach(function (element) {
        var name = element.getAttribute("data-field");
        var value = data[name];
        if (typeof value === "string" || typeof value === "number" || Array.isArray(value)) {
          fill(element, value);
        }
      });
      all('[data-field="status_label"]').forEach(function (label) {
        label.className = "status status-" + data.status;
      });
      if (bar) {
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
      }
      if (Array.isArray(data.downloads) && data.downloads.length) {
        showDownloads(data.downloads);
      }
      all("[data-show-when]").forEach(function (element) {
        var when = element.getAttribute("data-show-when").split(" ");
        element.hidden = when.indexOf(data.status) === -1;
      });
      box.setAttribute("data-status", data.status);
    }

    function signedOut() {
      var text = box.getAttribute("data-signed-out-text");
      if (step && text) { step.textContent = text; }
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
            if (!data.finished) { poll(1000); }
          })
          .catch(function () { poll(Math.min(delay * 2, 15000)); });  // slow network: back off
      }, delay);
    }

    var status = box.getAttribute("data-status");
    if (status !== "done" && status !== "failed") { poll(700); }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-status-url]"), follow);
})();
